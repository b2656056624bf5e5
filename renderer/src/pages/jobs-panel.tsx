// The Dashboard's jobs: real jobs from jobs.list, live from job events, with cancel.
import { Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JobView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { useAppStore } from '../store';
import { selectJobList } from '../store/jobs-slice';
import { DataTable } from '../tables/data-table';
import { useNow } from '../use-now';
import { CancelJobDialog } from './cancel-job-dialog';
import { isCancellable, jobColumns } from './job-columns';

export function JobsPanel() {
  const jobs = useAppStore(useShallow(selectJobList));
  const state = useAppStore((s) => s.jobsState);
  const cancelling = useAppStore((s) => s.cancelling);
  const cancelError = useAppStore((s) => s.cancelError);
  const cancelJob = useAppStore((s) => s.cancelJob);
  const dismissCancelError = useAppStore((s) => s.dismissCancelError);
  const [confirming, setConfirming] = useState<JobView | undefined>();
  const active = jobs.filter(isCancellable).length;
  // Tick every second while something runs (elapsed time), otherwise every half minute.
  const now = useNow(active > 0 ? 1000 : 30_000);

  const columns = useMemo(
    () =>
      jobColumns({
        onCancel: setConfirming,
        isCancelling: (id) => cancelling[id] === true,
        now,
      }),
    [cancelling, now],
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="jobs-heading">
      <Stack gap="md">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={2} size="h4" id="jobs-heading">
              Jobs
            </Title>
            {jobs.length > 0 && (
              <Badge variant="default" radius="sm" tt="none">
                {active > 0 ? `${active} active · ${jobs.length} in all` : `${jobs.length} in all`}
              </Badge>
            )}
          </Group>
          {state.status === 'loading' && <Loader size="xs" aria-label="Loading jobs" />}
        </Group>
        {state.status === 'error' && <ErrorAlert title="Could not list jobs" error={state.error} />}
        {cancelError && (
          <ErrorAlert title="Could not cancel the job" error={cancelError} onClose={dismissCancelError} />
        )}
        {jobs.length === 0 && state.status === 'ready' && (
          <Text c="dimmed" className="lb-empty-text">
            No jobs yet. Backups, verifications and restores appear here.
          </Text>
        )}
        {jobs.length > 0 && (
          <DataTable
            data={jobs}
            columns={columns}
            getRowId={(job) => job.id}
            label="Jobs"
            rowProps={(job) => ({ 'data-job-state': job.state })}
          />
        )}
      </Stack>
      <CancelJobDialog
        job={confirming}
        onClose={() => setConfirming(undefined)}
        onConfirm={(job) => {
          setConfirming(undefined);
          void cancelJob(job.id);
        }}
      />
    </Paper>
  );
}
