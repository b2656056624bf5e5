// How the console is connected, as icon + text (never colour alone).
import { Group, Text, Tooltip } from '@mantine/core';
import { useAppStore } from '../store';
import type { ConnectionState } from '../api/transport';
import { ErrorIcon, OkIcon, RunningIcon, WarningIcon } from './icons';

const look: Record<ConnectionState, { label: string; hint: string; color: string; Icon: typeof OkIcon }> = {
  connecting: {
    label: 'Connecting…',
    hint: 'Opening the live event stream.',
    color: 'dimmed',
    Icon: RunningIcon,
  },
  connected: {
    label: 'Connected',
    hint: 'Calls and live updates are flowing.',
    color: 'teal',
    Icon: OkIcon,
  },
  reconnecting: {
    label: 'Reconnecting…',
    hint: 'The live event stream dropped; retrying. What you see may be out of date.',
    color: 'orange',
    Icon: WarningIcon,
  },
  'no-token': {
    label: 'No token',
    hint: 'Open the link printed by `lifeboat serve`.',
    color: 'red',
    Icon: ErrorIcon,
  },
  rejected: {
    label: 'Token refused',
    hint: 'Open the link printed by the running `lifeboat serve`.',
    color: 'red',
    Icon: ErrorIcon,
  },
};

export function ConnectionStatus() {
  const connection = useAppStore((s) => s.connection);
  const kind = useAppStore((s) => s.transportKind);
  const { label, hint, color, Icon } = look[connection];
  const where = kind === 'desktop' ? 'Desktop' : 'Browser';
  return (
    <Tooltip label={hint} withArrow>
      <Group
        gap={6}
        wrap="nowrap"
        role="status"
        aria-live="polite"
        tabIndex={0}
        data-connection={connection}
        className="lb-connection"
      >
        <Text component="span" c={color} lh={0}>
          <Icon size={16} />
        </Text>
        <Text size="sm" component="span">
          {label}
        </Text>
        <Text size="xs" c="dimmed" component="span" visibleFrom="sm">
          {where}
        </Text>
      </Group>
    </Tooltip>
  );
}
