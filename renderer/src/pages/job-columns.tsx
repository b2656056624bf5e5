// The jobs table's columns: state, what, progress (items and bytes), rate, time left, elapsed.
import { Button, Progress, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { finishedJobStates, type JobView } from '../../../core/api/contract';
import { JobStateBadge } from '../components/job-state-badge';
import {
  formatBytesProgress,
  formatDateTime,
  formatDuration,
  formatEta,
  formatItemRate,
  formatItems,
  formatRate,
  formatRelativeTime,
  progressPercent,
} from '../format';
import type { Features } from '../tables/features';

const col = createColumnHelper<Features, JobView>();

const barColor: Record<JobView['state'], string> = {
  Queued: 'gray',
  Running: 'blue',
  Succeeded: 'green',
  PartiallyFailed: 'orange',
  Failed: 'red',
  Cancelled: 'gray',
  Interrupted: 'yellow',
};

export const isCancellable = (job: JobView) => job.state === 'Queued' || job.state === 'Running';

function JobProgressCell({ job }: { job: JobView }) {
  const p = job.progress;
  const percent = progressPercent(p.bytesDone, p.bytesTotal) ?? progressPercent(p.itemsDone, p.itemsTotal);
  const live = job.state === 'Running';
  return (
    <Stack gap={2}>
      {percent !== undefined && (
        <Progress
          value={percent}
          size="sm"
          color={barColor[job.state]}
          striped={live}
          aria-label={`${job.title}: ${Math.floor(percent)}% done`}
        />
      )}
      <Text size="xs">{formatItems(p.itemsDone, p.itemsTotal)}</Text>
      <Text size="xs" c="dimmed">
        {formatBytesProgress(p.bytesDone, p.bytesTotal)}
      </Text>
    </Stack>
  );
}

function JobTitleCell({ job }: { job: JobView }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} className="lb-break-words">
        {job.title}
      </Text>
      <Text size="xs" c="dimmed">
        {job.kind}
        {job.progress.phase && job.state === 'Running' ? ` · ${job.progress.phase}` : ''}
      </Text>
      {job.error && (
        <Text size="xs" c="red">
          {job.error.message} ({job.error.code})
        </Text>
      )}
      {job.failures.length > 0 && (
        <Text size="xs" c="orange">
          {job.failures.length === 1 ? '1 item failed' : `${job.failures.length} items failed`}
          {job.failures[0] ? `: ${job.failures[0].item} — ${job.failures[0].message}` : ''}
        </Text>
      )}
    </Stack>
  );
}

/** Elapsed time (ticking while running) and when the job started, finished or was queued. */
function JobTimeCell({ job, now }: { job: JobView; now: Date }) {
  const running = job.state === 'Running' && job.startedAt !== undefined;
  const elapsed = running
    ? Math.max(job.progress.elapsedSeconds, (now.getTime() - Date.parse(job.startedAt!)) / 1000)
    : job.progress.elapsedSeconds;
  const [verb, at] =
    job.finishedAt && finishedJobStates.includes(job.state)
      ? ['finished', job.finishedAt]
      : job.startedAt
        ? ['started', job.startedAt]
        : ['queued', job.createdAt];
  return (
    <Stack gap={0}>
      <Text size="xs">{job.startedAt ? formatDuration(elapsed) : '—'}</Text>
      <Text size="xs" c="dimmed" title={formatDateTime(at)}>
        {verb} {formatRelativeTime(at, now)}
      </Text>
    </Stack>
  );
}

export function jobColumns(opts: {
  onCancel: (job: JobView) => void;
  isCancelling: (id: string) => boolean;
  now: Date;
}) {
  return col.columns([
    col.accessor('state', {
      header: 'State',
      cell: (info) => <JobStateBadge state={info.getValue()} />,
      meta: { width: '10.5rem' },
    }),
    col.accessor('title', {
      header: 'Job',
      cell: (info) => <JobTitleCell job={info.row.original} />,
    }),
    col.display({
      id: 'progress',
      header: 'Progress',
      cell: (info) => <JobProgressCell job={info.row.original} />,
      meta: { width: '12rem' },
    }),
    col.display({
      id: 'speed',
      header: 'Rate',
      cell: (info) => {
        const { state, progress } = info.row.original;
        if (state !== 'Running')
          return (
            <Text size="xs" c="dimmed">
              —
            </Text>
          );
        return (
          <Stack gap={0}>
            <Text size="xs">{formatRate(progress.bytesPerSecond)}</Text>
            <Text size="xs" c="dimmed">
              {formatItemRate(progress.itemsPerSecond)}
            </Text>
            <Text size="xs">{formatEta(progress.etaSeconds)}</Text>
          </Stack>
        );
      },
      meta: { width: '8.5rem' },
    }),
    col.display({
      id: 'elapsed',
      header: 'Elapsed',
      cell: (info) => <JobTimeCell job={info.row.original} now={opts.now} />,
      meta: { width: '8rem' },
    }),
    col.display({
      id: 'actions',
      header: () => <span className="lb-visually-hidden">Actions</span>,
      cell: (info) => {
        const job = info.row.original;
        if (!isCancellable(job)) return null;
        return (
          <Button
            size="xs"
            variant="default"
            color="red"
            loading={opts.isCancelling(job.id)}
            onClick={() => opts.onCancel(job)}
            aria-label={`Cancel ${job.title}`}
          >
            Cancel
          </Button>
        );
      },
      meta: { width: '6rem', align: 'right' },
    }),
  ]);
}
