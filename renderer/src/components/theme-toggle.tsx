// Light / dark / auto, remembered in localStorage (ui slice).
import { Group, SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useAppStore } from '../store';
import type { ThemePreference } from '../store/ui-slice';
import { AutoThemeIcon, MoonIcon, SunIcon } from './icons';

const options: { value: ThemePreference; label: string; Icon: typeof SunIcon }[] = [
  { value: 'light', label: 'Light', Icon: SunIcon },
  { value: 'dark', label: 'Dark', Icon: MoonIcon },
  { value: 'auto', label: 'Auto', Icon: AutoThemeIcon },
];

export function ThemeToggle({ compact = false }: { compact?: boolean }) {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  return (
    <SegmentedControl
      size="xs"
      aria-label="Theme"
      value={theme}
      onChange={(v) => setTheme(v as ThemePreference)}
      data={options.map(({ value, label, Icon }) => ({
        value,
        label: (
          <Group gap={4} wrap="nowrap" justify="center">
            <Icon size={14} />
            {compact ? <VisuallyHidden>{label}</VisuallyHidden> : <span>{label}</span>}
          </Group>
        ),
      }))}
    />
  );
}
