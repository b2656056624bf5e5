// Step 2 of Recover: the plan's preview, exactly what would change and nothing written yet; the
// next action ("Restore…", which opens the confirmation) is focused once the plan arrives.
import { Alert, Badge, Button, Divider, Group, Kbd, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PlanView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { InfoIcon, OkIcon, WarningIcon } from '../components/icons';
import { useAppStore } from '../store';
import { useNow } from '../use-now';
import { canExecute, flowStale, flowWork } from './flow-select';
import { PlanChanges } from './plan-changes';
import { PlanCounts, PlanFacts, PlanHeadline, PlanNotes } from './plan-summary';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const carriedOut = useAppStore((s) => flowWork(s)?.status === 'started');
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="preview-heading" data-step="preview">
      <Stack gap="md">
        <Group gap="sm" justify="space-between">
          <Title order={2} size="h4" id="preview-heading" tabIndex={-1}>
            {title}
          </Title>
          {carriedOut ? (
            <Badge variant="light" color="blue" radius="sm" tt="none" leftSection={<InfoIcon size={14} />}>
              Restore started: see below
            </Badge>
          ) : (
            <Badge variant="default" radius="sm" tt="none" leftSection={<OkIcon size={14} />}>
              Nothing written yet
            </Badge>
          )}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function ExecuteBar({ plan }: { plan: PlanView }) {
  const ok = useAppStore(canExecute);
  const started = useAppStore((s) => flowWork(s)?.status === 'started');
  const setDialog = useAppStore((s) => s.setRecoverDialog);
  const planRecover = useAppStore((s) => s.planRecover);
  const newRecover = useAppStore((s) => s.newRecover);
  const verb = plan.undoOf ? 'Undo' : plan.destination.inPlace ? 'Restore in place' : 'Restore alongside';
  if (started)
    return (
      <Text size="sm" c="dimmed">
        A restore was started from this plan: its progress and result are below. Plan again to restore again.
      </Text>
    );
  return (
    <Group gap="sm">
      {!plan.empty && (
        <Button
          id="recover-execute"
          color={plan.destination.inPlace ? 'red' : undefined}
          disabled={!ok}
          onClick={() => setDialog('confirm')}
          aria-keyshortcuts="R"
        >
          {verb}…
        </Button>
      )}
      <Button variant="default" onClick={() => void planRecover()} aria-keyshortcuts="P">
        Plan again
      </Button>
      <Button variant="subtle" color="gray" onClick={newRecover} aria-keyshortcuts="N">
        Start over
      </Button>
      <Text size="xs" c="dimmed">
        {!plan.empty && (
          <>
            <Kbd size="xs">R</Kbd> {plan.undoOf ? 'undo' : 'restore'} (asks first) ·{' '}
          </>
        )}
        <Kbd size="xs">P</Kbd> plan again · <Kbd size="xs">N</Kbd> start over
      </Text>
    </Group>
  );
}

export function PlanPreview() {
  const flow = useAppStore((s) => s.recoverFlow);
  const stale = useAppStore(flowStale);
  const now = useNow(30_000);
  const undo = flow.undoOf !== undefined;
  const title = undo ? '2. Preview of the undo' : '2. Preview';

  if (flow.plan.status === 'idle') return null;
  if (flow.plan.status === 'planning')
    return (
      <Section title={title}>
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text size="sm">
            Planning: reading the restore point and comparing it with the live target, item by item. Nothing
            is written.
          </Text>
        </Group>
      </Section>
    );
  if (flow.plan.status === 'error')
    return (
      <Section title={title}>
        <ErrorAlert
          title={undo ? 'Could not plan the undo' : 'Could not plan the restore'}
          error={flow.plan.error}
        >
          <Group mt="sm" gap="sm">
            <Button
              size="xs"
              variant="default"
              id="recover-plan-error"
              onClick={() => void useAppStore.getState().planRecover()}
            >
              Plan again
            </Button>
            <Text size="xs" c="dimmed">
              or change the form above.
            </Text>
          </Group>
        </ErrorAlert>
      </Section>
    );

  const plan = flow.plan.plan;
  return (
    <Section title={title}>
      <div data-plan={plan.id} data-empty={plan.empty ? 'true' : 'false'}>
        <Stack gap="md">
          <PlanHeadline plan={plan} />
          <PlanFacts plan={plan} now={now} />
          <Divider />
          <PlanCounts plan={plan} />
          <PlanNotes plan={plan} />
          {stale && (
            <Alert color="orange" variant="light" icon={<WarningIcon size={20} />} title="The form changed">
              This preview answers the form as it was. Plan again to see what your new choice would do.
            </Alert>
          )}
          {plan.empty ? (
            <Alert
              color="teal"
              variant="light"
              icon={<OkIcon size={20} />}
              title="Nothing to do"
              data-testid="plan-empty"
            >
              The live target already matches the restore point: nothing would be written.
            </Alert>
          ) : (
            <PlanChanges preview={plan.preview} undo={plan.undoOf !== undefined} />
          )}
          <Divider />
          <ExecuteBar plan={plan} />
        </Stack>
      </div>
    </Section>
  );
}
