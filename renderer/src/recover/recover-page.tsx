// Recover: plan → preview → confirm → progress → result → undo, top to bottom, one step after
// the other, with past restores below. Everything on it is reachable by keyboard (see the
// Recover group of the shortcuts dialog), and focus follows the flow.
import { Button, Group, Kbd, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { PageHeader } from '../components/page-header';
import { formatDateTime, formatRelativeTime } from '../format';
import { useAppStore } from '../store';
import { describeScope } from '../systems/scope-text';
import { ConfirmRestoreDialog } from './confirm-restore-dialog';
import { PlanPreview } from './plan-preview';
import { RestoreHistory } from './restore-history';
import { RestoreRun } from './restore-run';
import { countsText } from './restore-text';
import { RunPanel } from '../runs/run-view';
import type { RecoverMode } from '../store/runs-slice';
import { GuidedWizard } from './guided-wizard';
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

function ModeSwitch() {
  const mode = useAppStore((s) => s.recoverMode);
  const setMode = useAppStore((s) => s.setRecoverMode);
  return (
    <Group gap="sm">
      <SegmentedControl
        value={mode}
        onChange={(v) => setMode(v as RecoverMode)}
        data={[
          { value: 'direct', label: 'Direct restore' },
          { value: 'guided', label: 'Guided (runbook)' },
        ]}
        aria-label="How to recover"
        id="recover-mode"
      />
      <Text size="xs" c="dimmed">
        {mode === 'direct'
          ? 'Pick the scope and point yourself, preview, restore.'
          : 'Follow the system’s runbook step by step: checks, approvals, restores, health checks.'}{' '}
        <Kbd size="xs">M</Kbd> switches.
      </Text>
    </Group>
  );
}

function DirectRecover() {
  useRecoverFocus();
  const undoOf = useAppStore((s) => s.recoverFlow.undoOf);
  return (
    <>
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

function GuidedRecover() {
  const runId = useAppStore((s) => s.openRuns.recover);
  const closeRun = useAppStore((s) => s.closeRun);
  if (!runId) return <GuidedWizard />;
  return (
    <Stack gap="sm">
      <Group>
        <Button variant="subtle" size="xs" onClick={() => closeRun('recover')}>
          ← All guided runs and a new one
        </Button>
      </Group>
      <RunPanel key={runId} runId={runId} place="recover" />
    </Stack>
  );
}

export function RecoverPage() {
  const mode = useAppStore((s) => s.recoverMode);
  return (
    <>
      <PageHeader page="recover">
        <ModeSwitch />
      </PageHeader>
      {mode === 'direct' ? <DirectRecover /> : <GuidedRecover />}
    </>
  );
}
