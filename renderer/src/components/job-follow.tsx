// One job followed where it was started: state, phase, a bar when the total is known, items,
// bytes, rate and time left while it runs; then its result, its error, and the items that failed.
// Never a bare spinner: every moment says what is happening and how far it got.
import { Group, List, Progress, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { finishedJobStates, type JobView } from '../../../core/api/contract';
import {
  formatBytesProgress,
  formatDuration,
  formatEta,
  formatItems,
  formatRate,
  progressPercent,
} from '../format';
import { useAppStore } from '../store';
import { JobStateBadge } from './job-state-badge';

/** How many failed items are listed before "and N more". */
const failuresShown = 20;

export function JobFailures({ job, title }: { job: JobView; title?: string }) {
  if (job.failures.length === 0) return null;
  const more = job.failures.length - failuresShown;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title ?? (job.failures.length === 1 ? '1 item failed' : `${job.failures.length} items failed`)}
      </Text>
      <List size="sm" spacing={2} className="lb-failure-list">
        {job.failures.slice(0, failuresShown).map((f, i) => (
          <List.Item key={`${f.item}-${i}`}>
            <span className="lb-path">{f.item}</span> — {f.message}
          </List.Item>
        ))}
      </List>
      {more > 0 && (
        <Text size="xs" c="dimmed">
          and {more} more (all are in the job's record on the Dashboard)
        </Text>
      )}
    </Stack>
  );
}

export function JobLive({ job, compact = false }: { job: JobView; compact?: boolean }) {
  const p = job.progress;
  const percent = progressPercent(p.bytesDone, p.bytesTotal) ?? progressPercent(p.itemsDone, p.itemsTotal);
  const running = job.state === 'Running';
  return (
    <Stack gap={compact ? 2 : 4}>
      <Text size={compact ? 'xs' : 'sm'}>
        {job.state === 'Queued' ? 'Waiting to start' : (p.phase ?? 'Working')}
        {running ? ` · ${formatDuration(p.elapsedSeconds)}` : ''}
      </Text>
      {percent !== undefined && (
        <Progress
          value={percent}
          size="sm"
          striped
          aria-label={`${job.title}: ${Math.floor(percent)}% done`}
        />
      )}
      <Text size="xs" c="dimmed">
        {formatItems(p.itemsDone, p.itemsTotal)} · {formatBytesProgress(p.bytesDone, p.bytesTotal)}
      </Text>
      {running && (
        <Text size="xs" c="dimmed">
          {formatRate(p.bytesPerSecond)} · {formatEta(p.etaSeconds)}
        </Text>
      )}
    </Stack>
  );
}

/**
 * A job by id, from the jobs slice (kept live by job events). `result` renders what a finished
 * job made (a link to its restore point); failures are listed unless `hideFailures`.
 */
export function JobFollow({
  jobId,
  compact = false,
  result,
  hideFailures = false,
  showTitle = !compact,
  totals = true,
}: {
  jobId: string;
  compact?: boolean;
  /** The job's title beside its state (default: unless compact). */
  showTitle?: boolean;
  /** Items, bytes and time once finished (off when `result` already says it). */
  totals?: boolean;
  result?: (job: JobView) => ReactNode;
  hideFailures?: boolean;
}) {
  const job = useAppStore((s) => s.jobs[jobId]);
  if (!job) return null;
  const finished = finishedJobStates.includes(job.state);
  return (
    <Stack gap={compact ? 4 : 6} data-job-follow={job.id} data-job-state={job.state}>
      <Group gap="xs" wrap={compact ? 'wrap' : 'nowrap'} preventGrowOverflow={false}>
        <JobStateBadge state={job.state} />
        {showTitle && (
          <Text size={compact ? 'xs' : 'sm'} fw={600} className="lb-break-words">
            {job.title}
          </Text>
        )}
      </Group>
      {!finished && <JobLive job={job} compact={compact} />}
      {finished && totals && (
        <Text size="xs" c="dimmed">
          {formatItems(job.progress.itemsDone)} · {formatBytesProgress(job.progress.bytesDone)} in{' '}
          {formatDuration(job.progress.elapsedSeconds)}
        </Text>
      )}
      {finished && result?.(job)}
      {job.error && (
        <Text size="xs" c="red">
          {job.error.message} ({job.error.code})
        </Text>
      )}
      {finished && !hideFailures && <JobFailures job={job} />}
    </Stack>
  );
}
