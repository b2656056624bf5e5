// "Rebuild catalog from repositories": the catalog is a cache; this reads every repository whose
// passphrase is in the vault again. A job: followed here, with repositories it could not read.
import { Button, Group, Stack, Text } from '@mantine/core';
import type { JobView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { JobFollow } from '../components/job-follow';
import { StatusText } from '../components/status-text';
import { formatCount } from '../format';
import { useAppStore } from '../store';
import { callWithVault } from '../store/call-with-vault';

function RebuildResult({ job }: { job: JobView }) {
  const s = job.summary ?? {};
  const n = (k: string) => (typeof s[k] === 'number' ? s[k] : 0);
  if (job.state !== 'Succeeded' && job.state !== 'PartiallyFailed') return null;
  return (
    <StatusText tone={job.failures.length ? 'warning' : 'ok'}>
      {formatCount(n('points'))} {n('points') === 1 ? 'restore point' : 'restore points'} from{' '}
      {formatCount(n('repositories'))} {n('repositories') === 1 ? 'repository' : 'repositories'}
      {n('removed') ? `; ${formatCount(n('removed'))} no longer there were removed from the catalog` : ''}
    </StatusText>
  );
}

export function CatalogRebuild() {
  const work = useAppStore((s) => s.work.rebuild);
  const startWork = useAppStore((s) => s.startWork);
  const jobId = work?.status === 'started' ? work.jobIds[0] : undefined;
  const job = useAppStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const busy = work?.status === 'starting' || job?.state === 'Queued' || job?.state === 'Running';
  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="nowrap" align="center">
        <Button
          size="sm"
          variant="default"
          disabled={busy}
          onClick={() =>
            void startWork('rebuild', async () => [(await callWithVault('catalog.rebuild', {})).job])
          }
        >
          Rebuild catalog from repositories
        </Button>
        <Text size="xs" c="dimmed" maw={420}>
          The catalog is a cache. This reads every repository whose passphrase is in the vault and lists its
          restore points again.
        </Text>
      </Group>
      {work?.status === 'error' && <ErrorAlert title="Could not start the rebuild" error={work.error} />}
      {jobId && <JobFollow jobId={jobId} totals={false} result={(j) => <RebuildResult job={j} />} />}
    </Stack>
  );
}
