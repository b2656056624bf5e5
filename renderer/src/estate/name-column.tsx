// The "Name" column every estate table starts with (servers, clusters, repositories).
import { Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { Features } from '../tables/features';

export function nameColumn<T extends { name: string }>() {
  return createColumnHelper<Features, T>().accessor((row) => row.name, {
    id: 'name',
    header: 'Name',
    cell: (info) => (
      <Text size="sm" fw={600} className="lb-break-words">
        {info.getValue()}
      </Text>
    ),
    meta: { width: '8rem' },
  });
}
