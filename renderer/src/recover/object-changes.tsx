// The Kubernetes objects a plan creates, updates or deletes: kind/name and namespace, the
// engine's note, and for an update every field that differs (live value, then the point's).
import { Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { ObjectChange } from '../../../core/api/contract';
import { DataTable } from '../tables/data-table';
import type { Features } from '../tables/features';
import { fieldValueText } from './restore-text';

const col = createColumnHelper<Features, ObjectChange>();

/** Fields listed before the rest fold into "All N fields". */
const fieldsShown = 8;

type Diff = NonNullable<ObjectChange['diff']>[number];

function DiffLine({ d }: { d: Diff }) {
  return (
    <div className="lb-diff-line">
      <Text span size="xs" className="lb-mono lb-break" fw={600}>
        {d.path}
      </Text>
      <Text span size="xs" c="dimmed" className="lb-mono lb-break">
        <span className="lb-visually-hidden">now </span>
        {fieldValueText(d.old)}
      </Text>
      <Text span size="xs" className="lb-mono lb-break">
        <span aria-hidden="true">→ </span>
        <span className="lb-visually-hidden">in the point </span>
        {fieldValueText(d.new)}
      </Text>
    </div>
  );
}

function Fields({ change, action }: { change: ObjectChange; action: 'create' | 'update' | 'delete' }) {
  const diff = change.diff ?? [];
  if (action === 'create')
    return (
      <Text size="sm" c="dimmed">
        Created as it is in the point
      </Text>
    );
  if (action === 'delete')
    return (
      <Text size="sm" c="dimmed">
        Deleted from the live cluster
      </Text>
    );
  if (diff.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No field-level difference recorded
      </Text>
    );
  return (
    <Stack gap={4}>
      {diff.slice(0, fieldsShown).map((d) => (
        <DiffLine key={d.path} d={d} />
      ))}
      {diff.length > fieldsShown && (
        <details className="lb-details">
          <summary>
            <Text span size="xs">
              {diff.length - fieldsShown} more {diff.length - fieldsShown === 1 ? 'field' : 'fields'}
            </Text>
          </summary>
          <Stack gap={4} mt={4}>
            {diff.slice(fieldsShown).map((d) => (
              <DiffLine key={d.path} d={d} />
            ))}
          </Stack>
        </details>
      )}
    </Stack>
  );
}

function objectColumns(action: 'create' | 'update' | 'delete') {
  return col.columns([
    col.display({
      id: 'object',
      header: 'Object',
      cell: (info) => {
        const { ref, note } = info.row.original;
        return (
          <Stack gap={2}>
            <Text size="sm" fw={600} className="lb-break">
              {ref.kind}/{ref.name}
            </Text>
            <Text size="xs" c="dimmed" className="lb-break-words">
              {ref.namespace ? `namespace ${ref.namespace}` : 'cluster-scoped'} · {ref.apiVersion}
            </Text>
            {note && (
              <Text size="xs" className="lb-break-words">
                {note}
              </Text>
            )}
          </Stack>
        );
      },
      meta: { width: '16rem' },
    }),
    col.display({
      id: 'fields',
      header: action === 'update' ? 'Fields that change (now → point)' : 'What happens',
      cell: (info) => <Fields change={info.row.original} action={action} />,
    }),
  ]);
}

const refId = (c: ObjectChange) => `${c.ref.apiVersion}/${c.ref.kind}/${c.ref.namespace ?? ''}/${c.ref.name}`;

export function ObjectChangeTable({
  changes,
  label,
  action,
}: {
  changes: readonly ObjectChange[];
  label: string;
  action: 'create' | 'update' | 'delete';
}) {
  const columns = useMemo(() => objectColumns(action), [action]);
  return (
    <DataTable
      data={changes}
      columns={columns}
      getRowId={refId}
      label={label}
      estimateRowHeight={action === 'update' ? 96 : 56}
      maxHeight={520}
      rowProps={(c) => ({ 'data-change': action, 'data-object': `${c.ref.kind}/${c.ref.name}` })}
    />
  );
}
