// The files a plan creates, replaces or deletes: path, then size, mode, owner, modification time
// and content hash — for a replace, the live value and, under it, the point's value where they
// differ. A live item changed after the point is flagged: that change is lost. Long lists are
// virtualized (DataTable).
import { Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { FileChange } from '../../../core/api/contract';
import { StatusText } from '../components/status-text';
import { DataTable } from '../tables/data-table';
import type { Features } from '../tables/features';
import { oldNew, type FactKey } from './restore-text';

const col = createColumnHelper<Features, FileChange>();

function FactCell({ change, fact }: { change: FileChange; fact: FactKey }) {
  const v = oldNew(change.old, change.new, fact);
  const mono = fact === 'mode' || fact === 'content';
  const cls = mono ? 'lb-num lb-mono lb-break' : 'lb-num lb-break-words';
  switch (v.kind) {
    case 'none':
      return null;
    case 'same':
      return (
        <Text size="xs" c="dimmed" className={cls} title="The same live and in the point">
          {v.text}
        </Text>
      );
    case 'only':
      return (
        <Text size="xs" className={cls}>
          {v.text}
        </Text>
      );
    case 'differs':
      return (
        <Stack gap={0} data-differs="true">
          <Text size="xs" c="dimmed" className={cls}>
            <span className="lb-visually-hidden">now </span>
            {v.old}
          </Text>
          <Text size="xs" fw={700} className={cls}>
            <span aria-hidden="true">→ </span>
            <span className="lb-visually-hidden">in the point </span>
            {v.new}
          </Text>
        </Stack>
      );
  }
}

const facts: { key: FactKey; header: string; width: string }[] = [
  { key: 'size', header: 'Size', width: '7rem' },
  { key: 'mode', header: 'Mode', width: '7.5rem' },
  { key: 'owner', header: 'Owner', width: '7rem' },
  { key: 'mtime', header: 'Modified', width: '9.5rem' },
  { key: 'content', header: 'SHA-256', width: '8rem' },
];

function fileColumns() {
  return col.columns([
    col.accessor('path', {
      header: 'Path',
      cell: (info) => {
        const c = info.row.original;
        return (
          <Stack gap={2}>
            <Text size="sm" className="lb-path lb-mono">
              {c.path}
            </Text>
            {c.changedSincePoint && (
              <StatusText tone="warning" size="xs">
                Changed since the point: that change is lost
              </StatusText>
            )}
          </Stack>
        );
      },
    }),
    ...facts.map((f) =>
      col.display({
        id: f.key,
        header: f.header,
        cell: (info) => <FactCell change={info.row.original} fact={f.key} />,
        meta: { width: f.width },
      }),
    ),
  ]);
}

export function FileChangeTable({
  changes,
  label,
  action,
}: {
  changes: readonly FileChange[];
  label: string;
  action: 'create' | 'replace' | 'delete';
}) {
  const columns = useMemo(() => fileColumns(), []);
  return (
    <DataTable
      data={changes}
      columns={columns}
      getRowId={(c) => c.pathBase64 ?? c.path}
      label={label}
      estimateRowHeight={action === 'replace' ? 64 : 44}
      maxHeight={480}
      rowProps={(c) => ({
        'data-change': action,
        'data-path': c.path,
        'data-changed-since': c.changedSincePoint ? 'true' : undefined,
      })}
    />
  );
}
