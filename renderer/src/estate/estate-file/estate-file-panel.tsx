// Settings → Estate file: export and import the whole estate.
import { Stack } from '@mantine/core';
import { ExportSection } from './export-section';
import { ImportSection } from './import-section';

export function EstateFilePanel() {
  return (
    <Stack gap="lg">
      <ExportSection />
      <ImportSection />
    </Stack>
  );
}
