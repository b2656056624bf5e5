// The exact changes of a preview, most consequential first: replace (or update), delete, create,
// then what is skipped and why. Each list is its own table, virtualized when long.
import { Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { Preview } from '../../../core/api/contract';
import { formatCount } from '../format';
import { DataTable } from '../tables/data-table';
import type { Features } from '../tables/features';
import { FileChangeTable } from './file-changes';
import { ObjectChangeTable } from './object-changes';

interface SkippedRow {
  item: string;
  reason: string;
}
const skipCol = createColumnHelper<Features, SkippedRow>();
const skippedColumns = skipCol.columns([
  skipCol.accessor('item', {
    header: 'Item',
    cell: (i) => (
      <Text size="sm" className="lb-path lb-mono">
        {i.getValue()}
      </Text>
    ),
  }),
  skipCol.accessor('reason', {
    header: 'Why it is skipped',
    cell: (i) => (
      <Text size="sm" className="lb-break-words">
        {i.getValue()}
      </Text>
    ),
  }),
]);

function Part({
  id,
  title,
  count,
  explain,
  children,
}: {
  id: string;
  title: string;
  count: number;
  explain: string;
  children: ReactNode;
}) {
  if (count === 0) return null;
  return (
    <Stack gap={6} component="section" aria-labelledby={`changes-${id}`} data-part={id}>
      <Title order={3} size="h5" id={`changes-${id}`}>
        {title} ({formatCount(count)})
      </Title>
      <Text size="xs" c="dimmed">
        {explain}
      </Text>
      {children}
    </Stack>
  );
}

export function PlanChanges({ preview, undo }: { preview: Preview; undo: boolean }) {
  const skipped = (
    <Part
      id="skipped"
      title="Skipped"
      count={preview.skipped.length}
      explain="In the point but not restored, with the reason."
    >
      <DataTable
        data={preview.skipped}
        columns={skippedColumns}
        getRowId={(r) => r.item}
        label="Skipped items"
        estimateRowHeight={44}
        maxHeight={320}
      />
    </Part>
  );
  if (preview.kind === 'files')
    return (
      <Stack gap="lg">
        <Part
          id="replace"
          title="Replace"
          count={preview.replace.length}
          explain="Live items put back as they are in the point. Where a fact differs: the live value, then → the point's."
        >
          <FileChangeTable changes={preview.replace} label="Files to replace" action="replace" />
        </Part>
        <Part
          id="delete"
          title="Delete"
          count={preview.delete.length}
          explain={
            undo
              ? 'Created by the restore being undone, and still as it wrote them.'
              : 'Live items that are not in the point (delete extra is on).'
          }
        >
          <FileChangeTable changes={preview.delete} label="Files to delete" action="delete" />
        </Part>
        <Part id="create" title="Create" count={preview.create.length} explain="In the point, missing live.">
          <FileChangeTable changes={preview.create} label="Files to create" action="create" />
        </Part>
        {skipped}
      </Stack>
    );
  return (
    <Stack gap="lg">
      <Part
        id="update"
        title="Update"
        count={preview.update.length}
        explain="Live objects put back to the point, field by field."
      >
        <ObjectChangeTable changes={preview.update} label="Objects to update" action="update" />
      </Part>
      <Part
        id="delete"
        title="Delete"
        count={preview.delete.length}
        explain="Objects the restore being undone created."
      >
        <ObjectChangeTable changes={preview.delete} label="Objects to delete" action="delete" />
      </Part>
      <Part id="create" title="Create" count={preview.create.length} explain="In the point, missing live.">
        <ObjectChangeTable changes={preview.create} label="Objects to create" action="create" />
      </Part>
      {skipped}
    </Stack>
  );
}
