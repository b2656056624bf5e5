// A runbook's restore step, with the Recover page's own pieces: the plan's exact preview (from
// restore.getPlan with the step's plan id), the data-loss window, the estimate and the safety
// point; the restore point's trust evidence (age against the RPO, verified when, the system's
// last drill); the confirmation dialog (in place: type the server or namespace); then the
// restore job's progress with rate and time left (jobs follow job events).
import { Button, Divider, Group, Loader, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PlanView, PointView, RunView, StepRun } from '../../../core/api/contract';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import type { ApiError } from '../../../core/api/errors';
import { ErrorAlert } from '../components/error-alert';
import { Fact } from '../components/fact';
import { JobFollow } from '../components/job-follow';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatRelativeTime } from '../format';
import { freshness } from '../points/point-text';
import { TrustText } from '../points/trust-text';
import { ConfirmRestoreBody } from '../recover/confirm-restore-dialog';
import { PlanChanges } from '../recover/plan-changes';
import { PlanCounts, PlanFacts, PlanHeadline, PlanNotes } from '../recover/plan-summary';
import { useAppStore } from '../store';
import { objectiveText } from '../systems/objective-text';
import { useNow } from '../use-now';
import { selectRunList } from '../store/runs-slice';
import { drillResult, primaryActionLabel, runStateLook } from './run-text';

type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: ApiError };

/** One call's answer for a key, fetched again when the key changes (`fetch` must be stable). */
function useFetched<T>(key: string | undefined, fetch: (key: string) => Promise<T>): Loaded<T> | undefined {
  const [state, setState] = useState<{ key: string; loaded: Loaded<T> } | undefined>();
  useEffect(() => {
    if (!key) return;
    let live = true;
    fetch(key).then(
      (value) => live && setState({ key, loaded: { status: 'ready', value } }),
      (e: unknown) => live && setState({ key, loaded: { status: 'error', error: asApiError(e) } }),
    );
    return () => {
      live = false;
    };
  }, [key, fetch]);
  if (!key) return undefined;
  return state?.key === key ? state.loaded : { status: 'loading' };
}

const getPlan = async (id: string) => (await getClient().call('restore.getPlan', { id })).plan;
const getPoint = async (id: string) => (await getClient().call('points.get', { id })).point;

/** Age against the RPO, verified when, the system's last drill. */
function TrustEvidence({ run, plan }: { run: RunView; plan: PlanView }) {
  const now = useNow(30_000);
  const point = useFetched<PointView>(plan.point.kind === 'backup' ? plan.point.id : undefined, getPoint);
  const system = useAppStore((s) => s.estate.systems.items.find((x) => x.name === run.system));
  const drill = useAppStore((s) => s.drills.items.find((d) => d.system === run.system));
  // The system's last drill that ended, not this run (a drill's own restore step is this run).
  const lastDrill = useAppStore(
    useShallow((s) =>
      selectRunList(s).find(
        (r) => r.system === run.system && r.mode === 'drill' && r.id !== run.id && r.finishedAt,
      ),
    ),
  );
  const fresh = system
    ? freshness(
        plan.point.time,
        { seconds: system.rpo.seconds, label: objectiveText(system.rpo) },
        now,
        formatRelativeTime,
      )
    : undefined;
  const fromStatus = drill?.last && drill.last.runId !== run.id ? drill : undefined;
  const drilled = lastDrill
    ? { at: lastDrill.startedAt, ...runStateLook[lastDrill.state] }
    : fromStatus?.last
      ? { at: fromStatus.last.at, ...drillResult(fromStatus) }
      : undefined;
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="trust-evidence">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Can this restore point be trusted?
        </Title>
        <SimpleGrid component="dl" cols={{ base: 1, sm: 3 }} spacing="md" m={0}>
          <Fact label="Age against the RPO">
            {fresh ? (
              <StatusText tone={fresh.tone}>{fresh.text}</StatusText>
            ) : (
              <StatusText tone="unknown">
                Taken {formatRelativeTime(plan.point.time, now)}; no RPO known
              </StatusText>
            )}
          </Fact>
          <Fact label="Verified">
            {point?.status === 'ready' ? (
              <TrustText point={point.value} now={now} />
            ) : point?.status === 'error' ? (
              <StatusText tone="unknown">Could not read the point ({point.error.code})</StatusText>
            ) : plan.point.verifiedAt ? (
              <StatusText tone="ok">Verified {formatRelativeTime(plan.point.verifiedAt, now)}</StatusText>
            ) : (
              <StatusText tone="unknown">Not verified</StatusText>
            )}
          </Fact>
          <Fact label="Last drill of this system">
            {drilled ? (
              <StatusText tone={drilled.tone}>
                {drilled.text}, {formatRelativeTime(drilled.at, now)} ({formatDateTime(drilled.at)})
              </StatusText>
            ) : (
              <StatusText tone="none">Never drilled</StatusText>
            )}
          </Fact>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

function ConfirmDialog({ run, step, plan }: { run: RunView; step: StepRun; plan: PlanView }) {
  const open = useAppStore((s) => s.runDialog === 'restore');
  const setDialog = useAppStore((s) => s.setRunDialog);
  const advance = useAppStore((s) => s.advanceRun);
  const close = () => setDialog('none');
  const title =
    run.mode === 'drill'
      ? 'Restore into the sandbox?'
      : plan.destination.inPlace
        ? 'Restore in place?'
        : 'Restore alongside?';
  return (
    <Modal opened={open} onClose={close} title={title} size="lg" centered>
      <ConfirmRestoreBody
        key={plan.id}
        plan={plan}
        onCancel={close}
        onConfirm={() => {
          close();
          void advance({ id: run.id, stepId: step.id, action: 'confirm' });
        }}
      />
    </Modal>
  );
}

function RestoreJob({ jobId }: { jobId: string }) {
  const known = useAppStore((s) => s.jobs[jobId] !== undefined);
  const applyJob = useAppStore((s) => s.applyJob);
  // A job started before this console connected (or in another process) is read once; job
  // events keep it current from then on.
  useEffect(() => {
    if (known) return;
    getClient()
      .call('jobs.get', { id: jobId })
      .then(({ job }) => applyJob(job))
      .catch(() => undefined);
  }, [known, jobId, applyJob]);
  if (!known)
    return (
      <Group gap="sm" role="status">
        <Loader size="sm" />
        <Text size="sm">Reading the restore job’s progress…</Text>
      </Group>
    );
  return (
    <div data-testid="run-restore-job">
      <JobFollow jobId={jobId} />
    </div>
  );
}

export function StepRestore({ run, step }: { run: RunView; step: StepRun }) {
  const now = useNow(30_000);
  const planId = step.restore?.planId;
  const plan = useFetched<PlanView>(planId, getPlan);
  const setDialog = useAppStore((s) => s.setRunDialog);
  const busy = useAppStore((s) => s.runBusy[run.id] === 'confirm');
  const advance = useAppStore((s) => s.advanceRun);
  const waiting = step.state === 'WaitingForConfirmation';

  return (
    <Stack gap="md">
      {(!planId || plan?.status === 'error') && step.detail && (
        <Text size="md" className="lb-break-words" maw={760}>
          {step.detail}
        </Text>
      )}
      {step.restore?.jobId && <RestoreJob jobId={step.restore.jobId} />}
      {planId && plan?.status === 'loading' && (
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text size="sm">
            Reading the plan: the exact preview made against the live target. Nothing is written.
          </Text>
        </Group>
      )}
      {plan?.status === 'error' && <ErrorAlert title="Could not read the restore plan" error={plan.error} />}
      {plan?.status === 'ready' && (
        <Stack gap="md" data-plan={plan.value.id} data-empty={plan.value.empty ? 'true' : 'false'}>
          <PlanHeadline plan={plan.value} />
          <PlanFacts plan={plan.value} now={now} />
          <TrustEvidence run={run} plan={plan.value} />
          <Divider />
          <PlanCounts plan={plan.value} />
          <PlanNotes plan={plan.value} />
          {waiting && (
            <Group gap="sm">
              <Button
                id="run-step-primary"
                color={plan.value.destination.inPlace && run.mode === 'incident' ? 'red' : undefined}
                onClick={() => setDialog('restore')}
                loading={busy}
              >
                {primaryActionLabel(step, run.mode, plan.value.destination.inPlace)}
              </Button>
              <Text size="xs" c="dimmed">
                Asks first, restating where it writes and how much.
              </Text>
            </Group>
          )}
          {!plan.value.empty && <PlanChanges preview={plan.value.preview} undo={false} />}
          <ConfirmDialog run={run} step={step} plan={plan.value} />
        </Stack>
      )}
      {!planId && waiting && (
        <Group gap="sm">
          <Button
            id="run-step-primary"
            onClick={() => void advance({ id: run.id, stepId: step.id, action: 'confirm' })}
            disabled={run.mode !== 'rehearsal'}
            loading={busy}
          >
            {primaryActionLabel(step, run.mode)}
          </Button>
          <Text size="sm" c="dimmed">
            {run.mode === 'rehearsal'
              ? 'A rehearsal plans nothing and writes nothing: the time is an estimate.'
              : 'Waiting for the plan: the preview shows here before anything is written.'}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
