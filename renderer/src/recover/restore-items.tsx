// What happened to each item a restore listed: done, failed (with the message), or not done.
// Only the items that are not done are listed first; all of them on request.
import { Button, Group, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import type { RestoreItemResult } from '../../../core/api/contract';
import { StatusText, type Tone } from '../components/status-text';
import { formatCount } from '../format';
import { DataTable } from '../tables/data-table';
import { itemsHeading } from './restore-text';
import type { Features } from '../tables/features';

const col = createColumnHelper<Features, RestoreItemResult>();

const resultLook: Record<RestoreItemResult['result'], { tone: Tone; label: string }> = {
  done: { tone: 'ok', label: 'Done' },
  failed: { tone: 'error', label: 'Failed' },
  'not done': { tone: 'unknown', label: 'Not done' },
};

const columns = col.columns([
  col.accessor('result', {
    header: 'Result',
    cell: (i) => (
      <StatusText tone={resultLook[i.getValue()].tone}>{resultLook[i.getValue()].label}</StatusText>
    ),
    meta: { width: '8rem' },
  }),
  col.accessor('action', {
    header: 'Action',
    cell: (i) => <Text size="sm">{i.getValue()}</Text>,
    meta: { width: '6rem' },
  }),
  col.accessor('item', {
    header: 'Item',
    cell: (i) => (
      <Stack gap={2}>
        <Text size="sm" className="lb-path lb-mono">
          {i.getValue()}
        </Text>
        {i.row.original.message && (
          <Text
            size="xs"
            c={i.row.original.result === 'failed' ? 'red' : 'dimmed'}
            className="lb-break-words"
          >
            {i.row.original.message}
          </Text>
        )}
      </Stack>
    ),
  }),
]);

export function RestoreItems({ items }: { items: readonly RestoreItemResult[] }) {
  const open = items.filter((i) => i.result !== 'done');
  const [all, setAll] = useState(false);
  // One item, or none done: the short list is the whole list.
  const whole = items.length === 1 || open.length === items.length;
  const shown = all || whole ? items : open;
  if (items.length === 0) return null;
  return (
    <Stack gap={6}>
      <Group gap="sm" justify="space-between">
        <Text size="sm" fw={600}>
          {itemsHeading(open.length, items.length, all)}
        </Text>
        {!whole && (
          <Button size="compact-sm" variant="subtle" onClick={() => setAll(!all)}>
            {all ? 'Show only items not done' : `Show all ${formatCount(items.length)} items`}
          </Button>
        )}
      </Group>
      {shown.length > 0 && (
        <DataTable
          data={shown}
          columns={columns}
          getRowId={(r) => `${r.action} ${r.item}`}
          label="Restore items"
          estimateRowHeight={44}
          maxHeight={360}
          rowProps={(r) => ({ 'data-item-result': r.result })}
        />
      )}
    </Stack>
  );
}
