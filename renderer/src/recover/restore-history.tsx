// Past restores (restore.list, newest first): when, state, destination, items, undo. Opening one
// shows its record (restore.get) with every item, its job while it runs, and Undo where possible.
import { Badge, CloseButton, Group, Loader, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { JobFollow } from '../components/job-follow';
import { JobStateBadge } from '../components/job-state-badge';
import { formatDateTime, formatRelativeTime } from '../format';
import { useAppStore } from '../store';
import { describeScope } from '../systems/scope-text';
import { DataTable } from '../tables/data-table';
import type { Features } from '../tables/features';
import { useNow } from '../use-now';
import { RestoreOutcome } from './restore-outcome';
import { countsText, undoStatus, type RestoreSummary } from './restore-text';

const col = createColumnHelper<Features, RestoreSummary>();

function historyColumns(opts: { now: Date; selectedId?: string; onOpen: (r: RestoreSummary) => void }) {
  return col.columns([
    col.accessor('startedAt', {
      header: 'Started',
      cell: (info) => {
        const r = info.row.original;
        return (
          <UnstyledButton
            className="lb-row-open"
            onClick={() => opts.onOpen(r)}
            title={formatDateTime(r.startedAt)}
            aria-label={`Restore ${r.id.slice(0, 8)} of ${r.destination}, started ${formatDateTime(r.startedAt)}`}
            aria-pressed={opts.selectedId === r.id}
            data-restore-open={r.id}
          >
            <Stack gap={0}>
              <Text size="sm" fw={600}>
                {formatRelativeTime(r.startedAt, opts.now)}
              </Text>
              <Text size="xs" c="dimmed" className="lb-num">
                {r.id.slice(0, 8)}
              </Text>
            </Stack>
          </UnstyledButton>
        );
      },
      meta: { width: '9rem' },
    }),
    col.accessor('state', {
      header: 'State',
      cell: (info) => <JobStateBadge state={info.getValue()} />,
      meta: { width: '10rem' },
    }),
    col.accessor('destination', {
      header: 'Destination',
      cell: (info) => {
        const r = info.row.original;
        return (
          <Stack gap={2}>
            <Text size="sm" className="lb-break-words">
              {describeScope(r.destination)}
            </Text>
            <Text size="xs" c="dimmed">
              {r.undoOf
                ? 'undo, in place'
                : r.inPlace
                  ? 'in place'
                  : `alongside, from ${describeScope(r.scope)}`}
            </Text>
          </Stack>
        );
      },
    }),
    col.accessor('counts', {
      header: 'Items',
      cell: (info) => (
        <Text size="sm" className="lb-num">
          {countsText(info.getValue(), info.row.original.state === 'Running')}
        </Text>
      ),
      meta: { width: '11rem' },
    }),
    col.display({
      id: 'undo',
      header: 'Undo',
      cell: (info) => (
        <Text size="sm" c={info.row.original.undoneBy ? undefined : 'dimmed'}>
          {undoStatus(info.row.original)}
        </Text>
      ),
      meta: { width: '9rem' },
    }),
  ]);
}

function RestoreDetailsPanel({ restore, onClose }: { restore: RestoreSummary; onClose: () => void }) {
  const details = useAppStore((s) => s.restoreDetails[restore.id]);
  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="restore-heading"
      data-restore-details={restore.id}
    >
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5" id="restore-heading" tabIndex={-1}>
            Restore {restore.id.slice(0, 8)}
            {restore.undoOf ? ` (undo of ${restore.undoOf.slice(0, 8)})` : ''}
          </Title>
          <CloseButton aria-label="Close the restore's details" onClick={onClose} />
        </Group>
        {restore.state === 'Running' && <JobFollow jobId={restore.jobId} showTitle={false} />}
        {details?.state.status === 'error' && (
          <ErrorAlert title="Could not read this restore" error={details.state.error} />
        )}
        <RestoreOutcome restore={restore} details={details?.restore} />
      </Stack>
    </Paper>
  );
}

export function RestoreHistory() {
  const list = useAppStore((s) => s.restores);
  const selectedId = useAppStore((s) => s.selectedRestoreId);
  const selectRestore = useAppStore((s) => s.selectRestore);
  const now = useNow(30_000);
  const columns = useMemo(
    () =>
      historyColumns({
        now,
        selectedId,
        onOpen: (r) => {
          selectRestore(r.id);
          requestAnimationFrame(() => document.getElementById('restore-heading')?.focus());
        },
      }),
    [now, selectedId, selectRestore],
  );
  const selected = list.items.find((r) => r.id === selectedId);
  const ready = list.state.status === 'ready';
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="history-heading">
      <Stack gap="md">
        <Group gap="sm">
          <Title order={2} size="h4" id="history-heading">
            Past restores
          </Title>
          {list.items.length > 0 && (
            <Badge variant="default" radius="sm" tt="none">
              {list.items.length}
            </Badge>
          )}
          {list.state.status === 'loading' && <Loader size="xs" aria-label="Loading restores" />}
        </Group>
        {list.state.status === 'error' && (
          <ErrorAlert title="Could not list restores" error={list.state.error} />
        )}
        {ready && list.items.length === 0 && (
          <Text size="sm" c="dimmed">
            No restore has been carried out yet. Each one is listed here with what it did, its safety point,
            and its undo.
          </Text>
        )}
        {list.items.length > 0 && (
          <DataTable
            data={list.items}
            columns={columns}
            getRowId={(r) => r.id}
            label="Past restores"
            estimateRowHeight={60}
            maxHeight={420}
            rowProps={(r) => ({
              'data-restore-row': r.id,
              'data-selected': r.id === selectedId ? 'true' : undefined,
            })}
          />
        )}
        {selected && <RestoreDetailsPanel restore={selected} onClose={() => selectRestore(undefined)} />}
      </Stack>
    </Paper>
  );
}
