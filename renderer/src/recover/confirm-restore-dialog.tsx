// Step 3 of Recover: the confirmation. It restates where the restore writes and how much, what
// is lost and the safety net; in place, nothing happens until the destination's name (the
// server, or the namespace) is typed; alongside over existing items, until a box is ticked.
import { Button, Checkbox, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { PlanView } from '../../../core/api/contract';
import { Fact } from '../components/fact';
import { StatusText } from '../components/status-text';
import { formatDateTime } from '../format';
import { useAppStore } from '../store';
import { describeScope } from '../systems/scope-text';
import { DestinationBadge } from './destination-badge';
import { flowPlan } from './flow-select';
import { destinationName } from './recover-draft';
import { changesSentence, estimateText, previewCounts } from './restore-text';

/** The confirmation's body (also used by a runbook's restore step, which confirms through the run). */
export function ConfirmRestoreBody({
  plan,
  onCancel,
  onConfirm,
}: {
  plan: PlanView;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [ticked, setTicked] = useState(false);
  const c = previewCounts(plan.preview);
  const inPlace = plan.destination.inPlace;
  const name = destinationName(plan.destination.scope);
  const overwrites = c.change + c.delete;
  const needsTick = !inPlace && overwrites > 0;
  const files = plan.preview.kind === 'files';
  const ready = inPlace ? typed.trim() === name : needsTick ? ticked : true;
  const verb = plan.undoOf ? 'Undo' : inPlace ? 'Restore in place' : 'Restore alongside';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) onConfirm();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Stack gap={4}>
          <Group gap="sm">
            <Text fw={700} className="lb-break-words" data-testid="confirm-destination">
              {describeScope(plan.destination.scope)}
            </Text>
            <DestinationBadge inPlace={inPlace} size="sm" />
          </Group>
          <Text size="sm">
            From {plan.point.kind === 'safety' ? 'safety point' : 'restore point'}{' '}
            <Code className="lb-num">{plan.point.shortId}</Code> of {formatDateTime(plan.point.time)}.
          </Text>
        </Stack>
        <Stack gap="xs" component="dl" m={0}>
          <Fact label="Changes">{changesSentence(plan.preview)}</Fact>
          <Fact label="Data loss">{plan.dataLoss.summary}</Fact>
          <Fact label="Safety point">{plan.safety.summary}</Fact>
          <Fact label="Estimate">{estimateText(plan.estimate)}</Fact>
        </Stack>
        <Text size="sm" c="dimmed">
          Before writing, Lifeboat checks the live target against this preview again; if anything moved, it
          stops and writes nothing.
        </Text>
        {inPlace && (
          <TextInput
            label={
              <>
                Type <Code>{name}</Code> to confirm
              </>
            }
            description={`This writes to the live ${files ? 'server' : 'namespace'} ${name}.`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            spellCheck={false}
            autoComplete="off"
            data-autofocus
            aria-label={`Type ${name} to confirm`}
          />
        )}
        {needsTick && (
          <Checkbox
            checked={ticked}
            onChange={(e) => setTicked(e.currentTarget.checked)}
            label={`I understand that ${overwrites} existing ${overwrites === 1 ? 'item' : 'items'} at the destination ${overwrites === 1 ? 'is' : 'are'} overwritten or deleted`}
          />
        )}
        {inPlace && typed.trim() !== '' && typed.trim() !== name && (
          <StatusText tone="warning" size="xs">
            That is not {name}.
          </StatusText>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus={inPlace ? undefined : true}>
            Keep previewing
          </Button>
          <Button type="submit" color={inPlace ? 'red' : undefined} disabled={!ready} id="recover-confirm">
            {verb}: {c.total} {c.total === 1 ? 'item' : 'items'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ConfirmRestoreDialog() {
  const open = useAppStore((s) => s.recoverDialog === 'confirm');
  const plan = useAppStore(flowPlan);
  const setDialog = useAppStore((s) => s.setRecoverDialog);
  const executePlan = useAppStore((s) => s.executePlan);
  const close = () => setDialog('none');
  const title = plan?.undoOf
    ? 'Undo this restore?'
    : plan?.destination.inPlace
      ? 'Restore in place?'
      : 'Restore alongside?';
  return (
    <Modal opened={open && plan !== undefined} onClose={close} title={title} size="lg" centered>
      {plan && (
        <ConfirmRestoreBody key={plan.id} plan={plan} onCancel={close} onConfirm={() => void executePlan()} />
      )}
    </Modal>
  );
}
