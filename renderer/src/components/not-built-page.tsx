// The honest page for what does not exist yet: its purpose and "Not built yet." — no fake rows.
import { Paper, Text } from '@mantine/core';
import type { PageId } from '../routes';
import { InfoIcon } from './icons';
import { PageHeader } from './page-header';

export function NotBuiltPage({ page }: { page: PageId }) {
  return (
    <>
      <PageHeader page={page} />
      <Paper withBorder p="lg" className="lb-empty">
        <InfoIcon size={20} />
        <Text fw={600}>Not built yet.</Text>
      </Paper>
    </>
  );
}
