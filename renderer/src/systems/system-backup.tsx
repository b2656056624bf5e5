// A system's freshness and its "Back up now": how old its newest restore point is against its
// RPO, then the backup jobs started here (one per scope) with phase, items, bytes, rate and time
// left, and when done a link to each new restore point.
import { Anchor, Button, Stack, Text } from '@mantine/core';
import type { JobView, PointView, SystemView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { JobFollow } from '../components/job-follow';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatRelativeTime } from '../format';
import { freshness, unchangedText } from '../points/point-text';
import { useAppStore } from '../store';
import { callWithVault } from '../store/call-with-vault';
import { objectiveText } from './objective-text';

function BackupResult({ job }: { job: JobView }) {
  const openPoint = useAppStore((s) => s.openPoint);
  const pointId = typeof job.summary?.pointId === 'string' ? job.summary.pointId : undefined;
  if (!pointId) return null;
  const unchanged = unchangedText(job.summary);
  return (
    <>
      {unchanged && (
        <Text size="xs" c="dimmed">
          {unchanged}
        </Text>
      )}
      <Anchor component="button" size="xs" ta="left" onClick={() => openPoint(pointId)}>
        Open restore point {pointId.slice(0, 8)}
      </Anchor>
    </>
  );
}

export function SystemBackup({
  system,
  latest,
  now,
}: {
  system: SystemView;
  latest: PointView | undefined;
  now: Date;
}) {
  const key = `backup:${system.name}` as const;
  const work = useAppStore((s) => s.work[key]);
  const startWork = useAppStore((s) => s.startWork);
  const dismissWork = useAppStore((s) => s.dismissWork);
  const running = useAppStore((s) =>
    work?.status === 'started'
      ? work.jobIds.some((id) => ['Queued', 'Running'].includes(s.jobs[id]?.state ?? ''))
      : false,
  );
  const f = freshness(
    latest?.time,
    { seconds: system.rpo.seconds, label: objectiveText(system.rpo) },
    now,
    formatRelativeTime,
  );
  return (
    <Stack gap={6} data-freshness={f.tone}>
      <span title={latest ? `Newest restore point taken ${formatDateTime(latest.time)}` : undefined}>
        <StatusText tone={f.tone} size="xs">
          {f.text}
        </StatusText>
      </span>
      <Button
        size="compact-sm"
        variant="light"
        w="fit-content"
        loading={work?.status === 'starting'}
        disabled={running}
        onClick={() =>
          void startWork(key, async () => (await callWithVault('backup.start', { system: system.name })).jobs)
        }
        aria-label={`Back up ${system.name} now`}
      >
        {running ? 'Backing up…' : 'Back up now'}
      </Button>
      {work?.status === 'error' && (
        <ErrorAlert title="Could not start the backup" error={work.error} onClose={() => dismissWork(key)} />
      )}
      {work?.status === 'started' &&
        work.jobIds.map((id) => (
          <JobFollow
            key={id}
            jobId={id}
            compact
            showTitle={work.jobIds.length > 1}
            result={(j) => <BackupResult job={j} />}
          />
        ))}
    </Stack>
  );
}
