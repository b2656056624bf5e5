// One run, step by step: its header (mode, owner and contact, state, Pause / Resume / Cancel),
// the step it is at — or, once it ended, the summary — and the timeline beside it. Read with
// run.get when shown, kept live by run.updated events. The same view on Recover (guided) and
// on Drills.
import { Grid, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { RunView, StepSpec } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { useAppStore } from '../store';
import { resolutionKey, type RunPlace } from '../store/runs-slice';
import { RunHeader } from './run-header';
import { RunSummary } from './run-summary';
import { currentStep, runFinished } from './run-text';
import { RunTimeline } from './run-timeline';
import { StepCard } from './step-card';

/** The runbook's spec of a step (approvers, the command's server), when it is the version run. */
function useStepSpecs(run: RunView | undefined): Map<string, StepSpec> {
  const system = run?.system;
  const name = run?.runbook.name;
  const resolveRunbook = useAppStore((s) => s.resolveRunbook);
  const resolution = useAppStore((s) =>
    system && name ? s.resolutions[resolutionKey(system, name)] : undefined,
  );
  useEffect(() => {
    if (system && name) void resolveRunbook(system, name);
  }, [system, name, resolveRunbook]);
  const book = resolution?.runbook;
  if (!run || !book) return new Map();
  if (run.runbook.version !== undefined && book.version !== undefined && book.version !== run.runbook.version)
    return new Map();
  return new Map(book.steps.map((s) => [s.id, s]));
}

export function RunPanel({ runId, place }: { runId: string; place: RunPlace }) {
  const run = useAppStore((s) => s.runs[runId]);
  const loadRun = useAppStore((s) => s.loadRun);
  const error = useAppStore((s) => s.runErrors[runId]);
  const specs = useStepSpecs(run);
  useEffect(() => {
    void loadRun(runId);
  }, [runId, loadRun]);

  if (!run)
    return error ? (
      <ErrorAlert title="Could not read the run" error={error} />
    ) : (
      <Group gap="sm" role="status">
        <Loader size="sm" />
        <Text size="sm">Reading the run…</Text>
      </Group>
    );
  const step = currentStep(run);
  const showStep = !runFinished(run) && step !== undefined;
  const showSummary = runFinished(run) || !step || run.state === 'Failed';
  // A restore's preview and the summary need the page's width; the timeline then goes below.
  const wide = showSummary || step?.kind === 'restore';
  return (
    <Stack gap="lg" data-run-view={run.id}>
      <RunHeader run={run} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: wide ? 12 : 8 }}>
          <Stack gap="lg">
            {showStep && <StepCard run={run} step={step} spec={specs.get(step.id)} />}
            {showSummary && <RunSummary run={run} place={place} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: wide ? 12 : 4 }}>
          <RunTimeline run={run} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
