// Top bar: the product name, connection status, theme, and the shortcuts help.
import { ActionIcon, Burger, Group, Text, Tooltip } from '@mantine/core';
import { useAppStore } from '../store';
import { ConnectionStatus } from './connection-status';
import { KeyboardIcon, LifeboatMark } from './icons';
import { ThemeToggle } from './theme-toggle';

export function HeaderBar({ navOpened, onToggleNav }: { navOpened: boolean; onToggleNav: () => void }) {
  const setHelpOpen = useAppStore((s) => s.setHelpOpen);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
        />
        <Group gap={8} wrap="nowrap" className="lb-brand">
          <LifeboatMark size={22} />
          <Text fw={700} size="lg" component="span">
            Lifeboat
          </Text>
        </Group>
      </Group>
      <Group gap="md" wrap="nowrap">
        <ConnectionStatus />
        <ThemeToggle compact />
        <Tooltip label="Keyboard shortcuts (?)" withArrow>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label="Keyboard shortcuts"
            aria-keyshortcuts="?"
            onClick={() => setHelpOpen(true)}
          >
            <KeyboardIcon size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
