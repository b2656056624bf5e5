// Recover: plan → preview → confirm → progress → result → undo, top to bottom, one step after
// the other, with past restores below. Everything on it is reachable by keyboard (see the
// Recover group of the shortcuts dialog), and focus follows the flow.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { PageHeader } from '../components/page-header';
import { formatDateTime, formatRelativeTime } from '../format';
import { useAppStore } from '../store';
import { describeScope } from '../systems/scope-text';
import { ConfirmRestoreDialog } from './confirm-restore-dialog';
import { PlanPreview } from './plan-preview';
import { RestoreHistory } from './restore-history';
import { RestoreRun } from './restore-run';
import { countsText } from './restore-text';
import { useRecoverFocus } from './use-recover-focus';
import { WhatSection } from './what-section';

function UndoHeader({ restoreId }: { restoreId: string }) {
  const restore = useAppStore((s) => s.restores.items.find((r) => r.id === restoreId));
  const newRecover = useAppStore((s) => s.newRecover);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="undo-heading" data-step="undo">
      <Stack gap="sm">
        <Title order={2} size="h4" id="undo-heading">
          1. Undo restore {restoreId.slice(0, 8)}
        </Title>
        {restore && (
          <Text size="sm" className="lb-break-words">
            It restored {describeScope(restore.destination)} {restore.inPlace ? 'in place' : 'alongside'},{' '}
            {formatRelativeTime(restore.startedAt)} ({formatDateTime(restore.startedAt)}):{' '}
            {countsText(restore.counts)}. The undo puts back what its safety point holds and deletes what it
            created — previewed first, like any restore.
          </Text>
        )}
        <Group>
          <Button variant="default" size="xs" onClick={newRecover}>
            Back to a new restore
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function RecoverPage() {
  useRecoverFocus();
  const undoOf = useAppStore((s) => s.recoverFlow.undoOf);
  return (
    <>
      <PageHeader page="recover" />
      <Stack gap="lg">
        {undoOf ? <UndoHeader restoreId={undoOf} /> : <WhatSection />}
        <PlanPreview />
        <RestoreRun />
        <RestoreHistory />
      </Stack>
      <ConfirmRestoreDialog />
    </>
  );
}
