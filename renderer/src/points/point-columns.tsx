// The restore points table: when (a button that opens the details), system, scope, files, size,
// what changed, trust.
import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { PointView } from '../../../core/api/contract';
import { formatBytes, formatCount, formatDateTime, formatRelativeTime } from '../format';
import { describeScope } from '../systems/scope-text';
import type { Features } from '../tables/features';
import { changesLabel, changesText } from './point-text';
import { TrustText } from './trust-text';
import { PartialText } from './point-unreadable';

const col = createColumnHelper<Features, PointView>();

export function pointColumns(opts: { now: Date; onOpen: (p: PointView) => void; selectedId?: string }) {
  return col.columns([
    col.accessor('time', {
      header: 'Taken',
      cell: (info) => {
        const p = info.row.original;
        return (
          <UnstyledButton
            className="lb-row-open"
            onClick={() => opts.onOpen(p)}
            title={formatDateTime(p.time)}
            aria-label={`Restore point ${p.shortId} of ${p.scope}, taken ${formatDateTime(p.time)}`}
            aria-pressed={opts.selectedId === p.id}
            data-point-open={p.shortId}
          >
            <Stack gap={0}>
              <Text size="sm" fw={600}>
                {formatRelativeTime(p.time, opts.now)}
              </Text>
              {/* The clock time too: an incident is told in times, not in "2 hours ago". */}
              <Text size="xs" c="dimmed" className="lb-num">
                {formatDateTime(p.time).slice(0, 16)} UTC
              </Text>
              <Text size="xs" c="dimmed" className="lb-num">
                {p.shortId}
              </Text>
            </Stack>
          </UnstyledButton>
        );
      },
      meta: { width: '9.5rem' },
    }),
    col.display({
      id: 'system',
      header: 'System',
      cell: (info) => (
        <Text size="sm" className="lb-break-words" c={info.row.original.system ? undefined : 'dimmed'}>
          {info.row.original.system ?? '—'}
        </Text>
      ),
      meta: { width: '7rem' },
    }),
    // No width: the scope (often a long path) takes what the others leave.
    col.accessor('scope', {
      header: 'Scope',
      cell: (info) => (
        <Text size="sm" className="lb-break-words" title={info.getValue()}>
          {describeScope(info.getValue())}
        </Text>
      ),
    }),
    col.accessor('files', {
      header: 'Files',
      cell: (info) => (
        <Text size="sm" className="lb-num">
          {formatCount(info.getValue())}
        </Text>
      ),
      meta: { width: '4.5rem', align: 'right' },
    }),
    col.accessor('bytes', {
      header: 'Size',
      cell: (info) => (
        <Text size="sm" className="lb-num">
          {formatBytes(info.getValue())}
        </Text>
      ),
      meta: { width: '5.5rem', align: 'right' },
    }),
    col.display({
      id: 'changes',
      header: 'Changed',
      cell: (info) => {
        const p = info.row.original;
        return (
          <Text
            size="sm"
            className="lb-num"
            c={p.changes && p.kind !== 'safety' ? undefined : 'dimmed'}
            title={changesLabel(p)}
            aria-label={changesLabel(p)}
          >
            {changesText(p)}
          </Text>
        );
      },
      meta: { width: '7rem' },
    }),
    col.display({
      id: 'trust',
      header: 'Trust',
      cell: (info) => (
        <Group gap={6} wrap="nowrap">
          <TrustText point={info.row.original} now={opts.now} />
          <PartialText point={info.row.original} />
        </Group>
      ),
      meta: { width: '11rem' },
    }),
  ]);
}
