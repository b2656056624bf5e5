// Verify structure / Verify all data: each is a job, followed here with its rate and time left,
// then its result; on damage, the affected paths from the job's failures.
import { Button, Group, Stack, Text } from '@mantine/core';
import type { JobView, PointView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { JobFailures, JobFollow } from '../components/job-follow';
import { StatusText } from '../components/status-text';
import { formatBytes, formatCount } from '../format';
import { useAppStore } from '../store';
import { callWithVault } from '../store/call-with-vault';

function VerifyResult({ job }: { job: JobView }) {
  const s = job.summary ?? {};
  const damage = typeof s.damage === 'number' ? s.damage : job.failures.length;
  const blobs = typeof s.dataBlobs === 'number' ? s.dataBlobs : undefined;
  const read = typeof s.bytesRead === 'number' ? s.bytesRead : undefined;
  if (job.state === 'Failed' || job.state === 'Cancelled' || job.state === 'Interrupted') return null;
  // A structure check finds every blob in the index without reading its data: not "checked".
  const structure = s.mode === 'structure';
  const detail = [
    blobs !== undefined
      ? structure
        ? `${formatCount(blobs)} data blobs found in the index, their data not read (Verify all data reads it)`
        : `${formatCount(blobs)} data blobs checked`
      : undefined,
    read !== undefined && !structure ? `${formatBytes(read)} read` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Stack gap={6}>
      <StatusText tone={damage === 0 && s.ok !== false ? 'ok' : 'error'}>
        {damage === 0 && s.ok !== false
          ? `No damage found${detail ? `: ${detail}` : ''}`
          : `Damage found in ${formatCount(damage)} ${damage === 1 ? 'place' : 'places'}${detail ? ` (${detail})` : ''}`}
      </StatusText>
      <JobFailures job={job} title="Affected paths" />
    </Stack>
  );
}

export function PointVerify({ point }: { point: PointView }) {
  const key = `verify:${point.id}` as const;
  const work = useAppStore((s) => s.work[key]);
  const startWork = useAppStore((s) => s.startWork);
  const jobId = work?.status === 'started' ? work.jobIds[0] : undefined;
  const job = useAppStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const busy = work?.status === 'starting' || job?.state === 'Queued' || job?.state === 'Running';
  const verify = (mode: 'structure' | 'read-data') =>
    void startWork(key, async () => [(await callWithVault('points.verify', { id: point.id, mode })).job]);
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button size="sm" variant="default" onClick={() => verify('structure')} disabled={busy}>
          Verify structure
        </Button>
        <Button size="sm" onClick={() => verify('read-data')} disabled={busy}>
          Verify all data
        </Button>
        <Text size="xs" c="dimmed" maw={420}>
          Structure checks the snapshot, its trees and the index. All data re-reads and re-hashes every blob:
          slower, and the only evidence that counts as verified.
        </Text>
      </Group>
      {work?.status === 'error' && <ErrorAlert title="Could not start the verification" error={work.error} />}
      {jobId && (
        <JobFollow jobId={jobId} totals={false} hideFailures result={(j) => <VerifyResult job={j} />} />
      )}
    </Stack>
  );
}
