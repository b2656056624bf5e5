// A system's protection and its "Back up now": how old its newest backup is against its RPO (the
// scope that goes stale first decides; damaged or partial newest points said too), then the backup jobs started here (one per scope) with phase, items, bytes, rate and time
// left, and when done a link to each new restore point.
import { Anchor, Button, Stack, Text } from '@mantine/core';
import type { JobView, SystemStatus, SystemView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { JobFollow } from '../components/job-follow';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatRelativeTime } from '../format';
import { unchangedText } from '../points/point-text';
import { useAppStore } from '../store';
import { callWithVault } from '../store/call-with-vault';
import { protectionText, scopeShortName } from './protection-text';

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
  status,
  now,
}: {
  system: Pick<SystemView, 'name'>;
  /** Absent while system.status is loading (or failed: the page says so). */
  status: SystemStatus | undefined;
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
  const f = status ? protectionText(status, now, formatRelativeTime) : undefined;
  // The newest backup of each scope, for the hover text.
  const newest = status?.scopes
    .map((sc) =>
      sc.newest
        ? `${status.scopes.length > 1 ? `${scopeShortName(sc.scope)}: ` : ''}newest backup taken ${formatDateTime(sc.newest.time)}`
        : undefined,
    )
    .filter(Boolean)
    .join('\n');
  return (
    <Stack gap={6} data-freshness={f?.tone ?? 'unknown'} data-protection={f?.protection}>
      {f && (
        <span title={newest || undefined}>
          <StatusText tone={f.tone} size="xs">
            {f.text}
          </StatusText>
        </span>
      )}
      {f?.notes.map((n) => (
        <StatusText key={n.text} tone={n.tone} size="xs">
          {n.text}
        </StatusText>
      ))}
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
