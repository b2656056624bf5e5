// Steps 4 and 5 of Recover: the restore of the plan on screen as it runs — phase, a bar, items
// and bytes, rate and time left, and Cancel (asks first) — then its result with Undo. Progress
// comes from the job (kept live by job events, started by purpose as `restore:<plan id>`), so it
// survives leaving the page and coming back.
import { Button, Group, Kbd, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { finishedJobStates } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { JobLive } from '../components/job-follow';
import { JobStateBadge } from '../components/job-state-badge';
import { CancelJobDialog } from '../pages/cancel-job-dialog';
import { useAppStore } from '../store';
import { flowJob, flowPlan, flowRestore, flowWork } from './flow-select';
import { RestoreOutcome } from './restore-outcome';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={id} data-step={id}>
      <Stack gap="md">
        <Title order={2} size="h4" id={id} tabIndex={-1}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

export function RestoreRun() {
  const plan = useAppStore(flowPlan);
  const work = useAppStore(flowWork);
  const job = useAppStore(flowJob);
  const restore = useAppStore(flowRestore);
  const details = useAppStore((s) => (restore ? s.restoreDetails[restore.id]?.restore : undefined));
  const dialog = useAppStore((s) => s.recoverDialog);
  const setDialog = useAppStore((s) => s.setRecoverDialog);
  const cancelJob = useAppStore((s) => s.cancelJob);
  const cancelling = useAppStore((s) => (job ? s.cancelling[job.id] === true : false));
  const loadRestore = useAppStore((s) => s.loadRestore);
  const finished = job !== undefined && finishedJobStates.includes(job.state);
  const restoreId = restore?.id;
  const wasRunning = useRef(false);

  // Once the job is over, read the restore's record (every item and what happened to it).
  useEffect(() => {
    if (finished && restoreId) void loadRestore(restoreId);
  }, [finished, restoreId, loadRestore]);

  // The result takes focus when it arrives here (not when the page is opened on an old one), once
  // the restore's record says how it ended (the job's end may be heard of first).
  const settled = finished && restore !== undefined && restore.state !== 'Running';
  useEffect(() => {
    if (!job) return;
    if (!finished) wasRunning.current = true;
    else if (settled && wasRunning.current) {
      wasRunning.current = false;
      requestAnimationFrame(() => {
        const target =
          document.getElementById('recover-plan-again') ?? document.getElementById('recover-result');
        target?.focus();
      });
    }
  }, [job, finished, settled]);

  if (!plan || !work) return null;
  const undo = plan.undoOf !== undefined;

  if (work.status === 'starting')
    return (
      <Section id="recover-progress" title={undo ? '3. Undoing' : '3. Restoring'}>
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text size="sm">Starting: checking the plan and the vault.</Text>
        </Group>
      </Section>
    );
  if (work.status === 'error')
    return (
      <Section id="recover-progress" title={undo ? '3. Undo' : '3. Restore'}>
        <ErrorAlert title={undo ? 'The undo did not start' : 'The restore did not start'} error={work.error}>
          <Text size="sm" mt={4}>
            Nothing was written.
          </Text>
        </ErrorAlert>
      </Section>
    );
  if (!job) return null;

  if (!finished)
    return (
      <Section id="recover-progress" title={undo ? '3. Undoing' : '3. Restoring'}>
        <div data-job-follow={job.id} data-job-state={job.state}>
          <Stack gap="sm">
            <Group gap="sm">
              <JobStateBadge state={job.state} />
              <Text size="sm" fw={600} className="lb-break-words">
                {job.title}
              </Text>
            </Group>
            <JobLive job={job} />
            <Group gap="sm">
              <Button
                variant="default"
                color="red"
                id="recover-cancel"
                onClick={() => setDialog('cancel')}
                loading={cancelling}
                aria-keyshortcuts="C"
              >
                Cancel restore…
              </Button>
              <Text size="xs" c="dimmed">
                <Kbd size="xs">C</Kbd> asks first. What is already written stays written; the safety point can
                put it back.
              </Text>
            </Group>
          </Stack>
        </div>
        <CancelJobDialog
          job={dialog === 'cancel' ? job : undefined}
          onClose={() => setDialog('none')}
          onConfirm={(j) => {
            setDialog('none');
            void cancelJob(j.id);
          }}
        />
      </Section>
    );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="recover-result" data-step="result">
      <Stack gap="md">
        <Title order={2} size="h4" id="recover-result" tabIndex={-1}>
          {undo ? '3. Result of the undo' : '3. Result'}
        </Title>
        {restore && settled ? (
          <RestoreOutcome restore={restore} details={details} inFlow />
        ) : (
          <Group gap="sm" role="status">
            <JobStateBadge state={job.state} />
            <Text size="sm">Reading the restore’s record: what happened to each item.</Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
