// A restore's outcome, wherever it is shown (the flow's result, the history's details): its
// state in icon + words, counts, bytes and time, the safety point, the items not done with their
// messages, and Undo where it applies. A live target that moved since the preview is explained
// in plain words with "Plan again".
import { Alert, Anchor, Button, Code, Group, Kbd, SimpleGrid, Stack, Text } from '@mantine/core';
import type { RestoreView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { Fact } from '../components/fact';
import { UndoIcon, WarningIcon } from '../components/icons';
import { JobStateBadge } from '../components/job-state-badge';
import { actorText, formatDateTime, formatRelativeTime } from '../format';
import { useAppStore } from '../store';
import { describeScope } from '../systems/scope-text';
import { DestinationBadge } from './destination-badge';
import { RestoreItems } from './restore-items';
import {
  canUndo,
  countsText,
  outcomeSentence,
  targetChanged,
  undoStatus,
  writtenText,
  type RestoreSummary,
} from './restore-text';

function UndoButton({ restore, primary }: { restore: RestoreSummary; primary?: boolean }) {
  const planUndo = useAppStore((s) => s.planUndo);
  if (!canUndo(restore)) return null;
  return (
    <Button
      // After a restore that succeeded, the next step is checking the service, not undoing it.
      variant={primary && restore.state !== 'Succeeded' ? 'filled' : 'default'}
      leftSection={<UndoIcon size={16} />}
      onClick={() => void planUndo(restore.id)}
      aria-keyshortcuts={primary ? 'U' : undefined}
      data-undo={restore.id}
    >
      Undo this restore…
    </Button>
  );
}

export function TargetChanged({ message, onPlanAgain }: { message: string; onPlanAgain: () => void }) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<WarningIcon size={20} />}
      title="The live target changed since the preview; nothing was written"
      data-testid="target-changed"
    >
      <Stack gap="sm">
        <Text size="sm">
          Between the preview and the restore, something on the target changed, so the preview you confirmed
          was no longer true. Lifeboat stopped before taking the safety point or writing anything.
        </Text>
        <Text size="xs" c="dimmed" className="lb-break-words">
          {message}
        </Text>
        <Group gap="sm">
          <Button onClick={onPlanAgain} id="recover-plan-again" aria-keyshortcuts="P">
            Plan again
          </Button>
          <Text size="xs" c="dimmed">
            <Kbd size="xs">P</Kbd> — a new preview of the target as it is now.
          </Text>
        </Group>
      </Stack>
    </Alert>
  );
}

export function RestoreOutcome({
  restore,
  details,
  inFlow = false,
}: {
  restore: RestoreSummary;
  details: RestoreView | undefined;
  /** Shown as the result of the flow on screen (its keys apply). */
  inFlow?: boolean;
}) {
  const openPoint = useAppStore((s) => s.openPoint);
  const selectRestore = useAppStore((s) => s.selectRestore);
  const replanRestore = useAppStore((s) => s.replanRestore);
  const newRecover = useAppStore((s) => s.newRecover);
  const changed = targetChanged(restore.error);
  const planAgain = () => void replanRestore(restore);
  return (
    <Stack gap="md" data-restore={restore.id} data-restore-state={restore.state}>
      <Group gap="sm">
        <JobStateBadge state={restore.state} />
        <Text size="sm" fw={600}>
          {outcomeSentence(restore)}
        </Text>
      </Group>
      {changed && restore.error && <TargetChanged message={restore.error.message} onPlanAgain={planAgain} />}
      {!changed && restore.error && <ErrorAlert title="Why it stopped" error={restore.error} />}
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" m={0}>
        <Fact label="Destination">
          <Stack gap={4} component="span">
            <span className="lb-break-words">{describeScope(restore.destination)}</span>
            <DestinationBadge inPlace={restore.inPlace} size="sm" done />
          </Stack>
        </Fact>
        <Fact label="Items">{countsText(restore.counts, restore.state === 'Running')}</Fact>
        <Fact label="Written">{writtenText(restore)}</Fact>
        <Fact label="Safety point">
          {restore.safetyPointId ? (
            <Group gap={6} component="span">
              <Code className="lb-num" data-testid="safety-point">
                {restore.safetyPointId.slice(0, 8)}
              </Code>
              <Anchor component="button" size="sm" onClick={() => openPoint(restore.safetyPointId!)}>
                Open
              </Anchor>
            </Group>
          ) : (
            'None: nothing live was overwritten'
          )}
        </Fact>
        <Fact label="Started">
          {formatDateTime(restore.startedAt)} ({formatRelativeTime(restore.startedAt)}) by{' '}
          {actorText(restore.actor)}
        </Fact>
        <Fact label="Undo">
          {restore.undoneBy ? (
            <Anchor component="button" size="sm" onClick={() => selectRestore(restore.undoneBy)}>
              {undoStatus(restore)}
            </Anchor>
          ) : restore.undoOf ? (
            <Anchor component="button" size="sm" onClick={() => selectRestore(restore.undoOf)}>
              {undoStatus(restore)}
            </Anchor>
          ) : (
            undoStatus(restore)
          )}
        </Fact>
      </SimpleGrid>
      {details && <RestoreItems items={details.items} />}
      <Group gap="sm">
        <UndoButton restore={restore} primary={inFlow} />
        {inFlow && canUndo(restore) && (
          <Text size="xs" c="dimmed">
            <Kbd size="xs">U</Kbd> plans the undo and shows its preview first.
          </Text>
        )}
        {inFlow && (
          <Button variant="default" onClick={newRecover} aria-keyshortcuts="N">
            Start a new restore
          </Button>
        )}
        <Text size="xs" c="dimmed" className="lb-num">
          Restore {restore.id}
        </Text>
      </Group>
    </Stack>
  );
}
