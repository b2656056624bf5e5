// The end of a run: how it ended, the restore time against the RTO, every step with its duration
// and evidence (approvals, checks, reasons for skipping, errors), and "Export report" of the
// system since the run began.
import { Button, Group, Kbd, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { RunView, StepRun } from '../../../core/api/contract';
import { ExportReport } from '../components/export-report';
import { focusSoon } from '../components/focus-soon';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatDuration } from '../format';
import { useAppStore } from '../store';
import type { RunPlace } from '../store/runs-slice';
import { useNow } from '../use-now';
import {
  checksSummary,
  kindLabel,
  modeLook,
  runDurationText,
  runStateLook,
  rtoVerdict,
  stepDurationText,
  stepStateLook,
  runFinished,
} from './run-text';

function Evidence({ step, mode }: { step: StepRun; mode: RunView['mode'] }) {
  const lines: string[] = [];
  if (mode === 'rehearsal' && step.detail && step.state === 'Succeeded') lines.push(step.detail);
  if (step.estimate)
    lines.push(
      `Estimate: ${step.estimate.seconds !== undefined ? formatDuration(step.estimate.seconds) : 'unknown'} (${step.estimate.basis})`,
    );
  for (const a of step.approvals ?? []) lines.push(`Approved by ${a.name}: ${a.reason}`);
  if (step.checks?.length) {
    lines.push(checksSummary(step.checks).text);
    for (const c of step.checks) lines.push(`${c.ok ? 'Passed' : 'Failed'}: ${c.label} — ${c.message}`);
  }
  if (step.restore && mode !== 'rehearsal' && step.state === 'Succeeded')
    lines.push(
      `${mode === 'drill' ? 'Restored into the sandbox' : 'Restored to'} ${step.restore.destination}`,
    );
  if (step.skippedReason) lines.push(`Skipped: ${step.skippedReason}`);
  if (step.error) lines.push(`${step.error.message} (${step.error.code})`);
  if (lines.length === 0)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={2}>
      {lines.map((l, i) => (
        <Text key={i} size="xs" className="lb-break-words">
          {l}
        </Text>
      ))}
    </Stack>
  );
}

export function RunSummary({ run, place }: { run: RunView; place: RunPlace }) {
  const now = useNow(60_000);
  const closeRun = useAppStore((s) => s.closeRun);
  const state = runStateLook[run.state];
  const rto = rtoVerdict(run.restoreSeconds, run.rtoSeconds, run.mode === 'rehearsal');
  // The step card that had focus is gone: keyboard users land on the summary.
  useEffect(() => {
    if (document.activeElement === document.body) focusSoon(['#run-summary-heading']);
  }, []);
  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="run-summary-heading"
      data-testid="run-summary"
    >
      <Stack gap="md">
        <Title order={2} size="h3" id="run-summary-heading" tabIndex={-1}>
          {runFinished(run) ? 'Summary' : 'Summary so far'}
        </Title>
        <Stack gap={6}>
          <StatusText tone={state.tone} size="md">
            <strong>
              {modeLook[run.mode].title} run: {state.text.toLowerCase()}
            </strong>{' '}
            {runFinished(run) ? 'in' : 'for'} {runDurationText(run, now)} ({formatDateTime(run.startedAt)} →{' '}
            {run.finishedAt ? formatDateTime(run.finishedAt) : '…'})
          </StatusText>
          <span data-testid="run-rto">
            <StatusText tone={rto.tone} size="md">
              {rto.text}
            </StatusText>
          </span>
        </Stack>
        <Table withTableBorder verticalSpacing="xs" aria-label="Every step of the run">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Took</Table.Th>
              <Table.Th>Evidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {run.steps.map((step, i) => {
              const look =
                run.mode === 'rehearsal' && step.state === 'Succeeded'
                  ? { tone: 'ok' as const, text: 'Rehearsed' }
                  : stepStateLook[step.state];
              return (
                <Table.Tr key={step.id} data-summary-step={step.id} data-step-state={step.state}>
                  <Table.Td>
                    <Text size="sm" fw={600} className="lb-break-words">
                      {i + 1}. {step.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {kindLabel[step.kind]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusText tone={look.tone}>{look.text}</StatusText>
                  </Table.Td>
                  <Table.Td className="lb-num">
                    <Text size="sm">{stepDurationText(step, now) ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Evidence step={step} mode={run.mode} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <ExportReport
          id="run-export-report"
          system={run.system}
          since={run.incidentStart ?? run.startedAt}
          what={`Evidence of ${run.system} from ${formatDateTime(run.incidentStart ?? run.startedAt)} on: this run, its restores, checks and the journal verified.`}
        />
        <Group>
          <Button variant="subtle" onClick={() => closeRun(place)} aria-keyshortcuts="B" id="run-close">
            {place === 'recover' ? 'Start another guided recovery' : 'Back to the drills'}
          </Button>
          <Text size="xs" c="dimmed">
            <Kbd size="xs">E</Kbd> export the report · <Kbd size="xs">B</Kbd> back
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
