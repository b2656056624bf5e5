// The top of a run, on every screen of it: the mode's label (what a run of this kind may and may
// not touch), the system, who owns it and how to reach them, the runbook, the run's state, its
// time against the RTO, and Pause / Resume / Cancel… (cancel asks first).
import {
  Alert,
  Badge,
  Button,
  Group,
  Kbd,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { RunView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { Fact } from '../components/fact';
import { InfoIcon, WarningIcon } from '../components/icons';
import { StatusText } from '../components/status-text';
import { actorText, formatDateTime, formatRelativeTime } from '../format';
import { useAppStore } from '../store';
import { useNow } from '../use-now';
import {
  modeLook,
  ownerLine,
  runDurationText,
  runFinished,
  runPausable,
  runResumable,
  runStateLook,
  rtoVerdict,
} from './run-text';

function CancelRunDialog({ run }: { run: RunView }) {
  const open = useAppStore((s) => s.runDialog === 'cancel');
  const setDialog = useAppStore((s) => s.setRunDialog);
  const cancelRun = useAppStore((s) => s.cancelRun);
  const close = () => setDialog('none');
  return (
    <Modal opened={open} onClose={close} title="Cancel this run?" centered>
      <Stack gap="md">
        <Text>
          The {modeLook[run.mode].title.toLowerCase()} of <strong>{run.system}</strong> stops here; the steps
          not done yet are not carried out.
        </Text>
        <Text size="sm" c="dimmed">
          A restore in progress is cancelled (what it already wrote stays written; its safety point can put it
          back). {run.mode === 'drill' ? 'The drill’s sandbox is removed.' : ''}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} data-autofocus>
            Keep the run going
          </Button>
          <Button color="red" onClick={() => void cancelRun(run.id)} id="run-cancel-confirm">
            Cancel the run
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ModeBanner({ run }: { run: RunView }) {
  const look = modeLook[run.mode];
  return (
    <Alert
      color={look.color}
      variant="light"
      icon={run.mode === 'incident' ? <WarningIcon size={20} /> : <InfoIcon size={20} />}
      title={run.label}
      data-run-mode={run.mode}
      className="lb-run-banner"
    >
      <Text size="sm">
        {look.what}
        {run.sandbox ? ` Sandbox: ${run.sandbox}.` : ''}
      </Text>
    </Alert>
  );
}

export function RunHeader({ run }: { run: RunView }) {
  const now = useNow(run.finishedAt ? 60_000 : 1_000);
  const busy = useAppStore((s) => s.runBusy[run.id]);
  const pauseRun = useAppStore((s) => s.pauseRun);
  const resumeRun = useAppStore((s) => s.resumeRun);
  const setDialog = useAppStore((s) => s.setRunDialog);
  const state = runStateLook[run.state];
  const finished = runFinished(run);
  const ended = run.finishedAt !== undefined;
  const rto = rtoVerdict(run.restoreSeconds, run.rtoSeconds, run.mode === 'rehearsal');
  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="run-heading"
      data-run={run.id}
      data-run-state={run.state}
    >
      <Stack gap="md">
        <ModeBanner run={run} />
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={2} size="h3" id="run-heading" tabIndex={-1}>
                {modeLook[run.mode].title}: {run.system}
              </Title>
              <Badge variant="light" color="gray" radius="sm" tt="none">
                runbook {run.runbook.name}
                {run.runbook.version !== undefined ? ` v${run.runbook.version}` : ''}
              </Badge>
            </Group>
            <Text size="sm" fw={600} data-testid="run-owner">
              {ownerLine(run.owner)}
            </Text>
          </Stack>
          <Group gap="sm">
            {runPausable(run) && (
              <Button
                variant="default"
                onClick={() => void pauseRun(run.id)}
                loading={busy === 'pause'}
                aria-keyshortcuts="Shift+P"
                id="run-pause"
              >
                Pause
              </Button>
            )}
            {runResumable(run) && (
              <Button
                onClick={() => void resumeRun(run.id)}
                loading={busy === 'resume'}
                aria-keyshortcuts="Shift+P"
                id="run-resume"
              >
                Resume
              </Button>
            )}
            {run.state !== 'Succeeded' && run.state !== 'Cancelled' && (
              <Button
                variant="default"
                color="red"
                onClick={() => setDialog('cancel')}
                loading={busy === 'cancel'}
                aria-keyshortcuts="Shift+C"
              >
                Cancel run…
              </Button>
            )}
          </Group>
        </Group>
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" m={0}>
          <Fact label="State">
            <span data-testid="run-state">
              <StatusText tone={state.tone}>{state.text}</StatusText>
            </span>
          </Fact>
          <Fact label={ended ? 'Took' : 'Running for'}>
            {runDurationText(run, now)} · started {formatRelativeTime(run.startedAt, now)} by{' '}
            {actorText(run.actor)}
          </Fact>
          <Fact label={run.mode === 'incident' ? 'Incident started' : 'Restore points from before'}>
            {formatDateTime(run.incidentStart ?? run.startedAt)}
          </Fact>
          <Fact label="Restore time vs RTO">
            <StatusText tone={rto.tone}>{rto.text}</StatusText>
          </Fact>
        </SimpleGrid>
        {!finished && (
          <Text size="xs" c="dimmed">
            <Kbd size="xs">S</Kbd> the step waiting for you · <Kbd size="xs">Shift</Kbd>+
            <Kbd size="xs">P</Kbd> pause or resume · <Kbd size="xs">Shift</Kbd>+<Kbd size="xs">C</Kbd> cancel
            (asks first)
          </Text>
        )}
        <RunError id={run.id} />
      </Stack>
      <CancelRunDialog run={run} />
    </Paper>
  );
}

/** Failures of the actions this header offers (the step's own show at the step). */
const headerActions = ['pause', 'resume', 'cancel', 'load'];

function RunError({ id }: { id: string }) {
  const error = useAppStore((s) => s.runErrors[id]);
  if (!error || !headerActions.includes(error.action)) return null;
  return <ErrorAlert title="That did not work" error={error} />;
}
