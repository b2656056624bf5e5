// The Dashboard's first answer: is every system protected? Per system (worst first, then the most
// critical), its state against the RPO, each scope's newest backup and what verification found
// of it, "Back up now", and its last drill (drills.status) with when the next is due.
import { Anchor, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { DrillStatus, SystemStatus } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatRelativeTime } from '../format';
import { useAppStore } from '../store';
import type { Features } from '../tables/features';
import { DataTable } from '../tables/data-table';
import { useNow } from '../use-now';
import { drillDue, drillResult } from '../runs/run-text';
import { CriticalityText } from '../systems/criticality';
import {
  byConcern,
  evidenceLook,
  protectionAt,
  protectionTone,
  protectionSummary,
  scopeShortName,
  systemProtectionAt,
} from '../systems/protection-text';
import { SystemBackup } from '../systems/system-backup';

const col = createColumnHelper<Features, SystemStatus>();

function ScopeLines({ status, now }: { status: SystemStatus; now: Date }) {
  const openPoint = useAppStore((s) => s.openPoint);
  return (
    <Stack gap={6}>
      {status.scopes.map((sc) => {
        const p = protectionAt(sc, now);
        const n = sc.newest;
        const evidence = n ? evidenceLook[n.evidence] : undefined;
        return (
          <Stack key={sc.scope} gap={0} data-scope={sc.scope} data-protection={p}>
            <Text size="sm" className="lb-break-words" title={sc.scope}>
              {scopeShortName(sc.scope)}
            </Text>
            <Group gap="sm" wrap="wrap">
              <span title={n ? `Newest backup taken ${formatDateTime(n.time)}` : undefined}>
                <StatusText tone={protectionTone[p]} size="xs">
                  {n ? `${formatRelativeTime(n.time, now)}` : 'no restore point'}
                </StatusText>
              </span>
              {evidence && (
                <StatusText tone={evidence.tone} size="xs">
                  {evidence.text}
                </StatusText>
              )}
              {n?.unreadable ? (
                <StatusText tone="warning" size="xs">
                  partial
                </StatusText>
              ) : null}
              {n && (
                <Anchor
                  component="button"
                  size="xs"
                  onClick={() => openPoint(n.id)}
                  aria-label={`Open the newest restore point of ${sc.scope}`}
                >
                  {n.shortId}
                </Anchor>
              )}
            </Group>
          </Stack>
        );
      })}
    </Stack>
  );
}

function DrillLines({ drill, now }: { drill: DrillStatus | undefined; now: Date }) {
  if (!drill) return null;
  const result = drillResult(drill);
  const due = drillDue(drill, formatDateTime);
  return (
    <Stack gap={4} data-drill-overdue={drill.overdue ? 'true' : 'false'}>
      {/* "Overdue: never drilled" says both at once. */}
      {(drill.last || !drill.overdue) && (
        <StatusText tone={result.tone} size="xs">
          {drill.last ? `${result.text}, ${formatRelativeTime(drill.last.at, now)}` : result.text}
        </StatusText>
      )}
      {(drill.overdue || drill.dueAt) && (
        <StatusText tone={due.tone} size="xs">
          {due.text}
        </StatusText>
      )}
    </Stack>
  );
}

function columns(now: Date, drills: ReadonlyMap<string, DrillStatus>) {
  return col.columns([
    col.accessor('system', {
      header: 'System',
      cell: (info) => (
        <Stack gap={4}>
          <Text size="sm" fw={600} className="lb-break-words">
            {info.getValue()}
          </Text>
          <CriticalityText value={info.row.original.criticality} />
        </Stack>
      ),
      meta: { width: '11rem' },
    }),
    col.display({
      id: 'protection',
      header: 'Protection',
      cell: (info) => (
        <SystemBackup system={{ name: info.row.original.system }} status={info.row.original} now={now} />
      ),
      meta: { width: '16rem' },
    }),
    col.display({
      id: 'scopes',
      header: 'Newest backup of each scope',
      cell: (info) => <ScopeLines status={info.row.original} now={now} />,
    }),
    col.display({
      id: 'drill',
      header: 'Last drill',
      cell: (info) => <DrillLines drill={drills.get(info.row.original.system)} now={now} />,
      meta: { width: '13rem' },
    }),
  ]);
}

export function ProtectionPanel() {
  const protection = useAppStore((s) => s.protection);
  const navigate = useAppStore((s) => s.navigate);
  const now = useNow(30_000);
  const rows = useMemo(() => byConcern(protection.items, now), [protection.items, now]);
  const drillItems = useAppStore((s) => s.drills.items);
  const drills = useMemo(() => new Map(drillItems.map((d) => [d.system, d])), [drillItems]);
  const cols = useMemo(() => columns(now, drills), [now, drills]);
  const summary = rows.length ? protectionSummary(rows, now) : undefined;
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="protection-heading">
      <Stack gap="md">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={2} size="h4" id="protection-heading">
              Protection
            </Title>
            {summary && (
              <Badge variant="default" radius="sm" tt="none" data-testid="protection-summary">
                <StatusText tone={summary.tone} size="xs">
                  {summary.text}
                </StatusText>
              </Badge>
            )}
          </Group>
          {protection.state.status === 'loading' && <Loader size="xs" aria-label="Loading protection" />}
        </Group>
        {protection.state.status === 'error' && (
          <ErrorAlert title="Could not read how protected the systems are" error={protection.state.error} />
        )}
        {protection.state.status === 'ready' && rows.length === 0 && (
          <Stack gap="xs" align="flex-start">
            <Text c="dimmed" className="lb-empty-text">
              No systems yet, so nothing is protected. Describe what you protect — its owner, RPO, RTO and
              scopes — and back it up.
            </Text>
            <Anchor component="button" size="sm" onClick={() => navigate('systems')}>
              Go to Systems
            </Anchor>
          </Stack>
        )}
        {rows.length > 0 && (
          <DataTable
            data={rows}
            columns={cols}
            getRowId={(s) => s.system}
            label="Protection of each system"
            estimateRowHeight={88}
            rowProps={(s) => ({ 'data-protection': systemProtectionAt(s, now) })}
          />
        )}
      </Stack>
    </Paper>
  );
}
