// The Mantine theme: system fonts only (air-gapped, nothing remote), calm defaults.
import { createTheme } from '@mantine/core';

const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

export const theme = createTheme({
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts, fontWeight: '650' },
  fontFamilyMonospace:
    'ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
  primaryColor: 'blue',
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
});
