// A status as icon + words + colour (never colour alone): ok, warning, error, unknown, none.
import { Group, Text } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { DashIcon, ErrorIcon, InfoIcon, OkIcon, UnknownIcon, WarningIcon, type IconProps } from './icons';

export type Tone = 'ok' | 'warning' | 'error' | 'unknown' | 'info' | 'none';

export const toneLook: Record<Tone, { color: string | undefined; Icon: ComponentType<IconProps> }> = {
  ok: { color: 'teal', Icon: OkIcon },
  warning: { color: 'orange', Icon: WarningIcon },
  error: { color: 'red', Icon: ErrorIcon },
  unknown: { color: 'dimmed', Icon: UnknownIcon },
  info: { color: 'blue', Icon: InfoIcon },
  none: { color: 'dimmed', Icon: DashIcon },
};

export function StatusText({
  tone,
  children,
  size = 'sm',
}: {
  tone: Tone;
  children: ReactNode;
  size?: 'xs' | 'sm' | 'md';
}) {
  const { color, Icon } = toneLook[tone];
  return (
    <Group
      gap={6}
      wrap="nowrap"
      preventGrowOverflow={false}
      component="span"
      className="lb-status"
      data-tone={tone}
    >
      <Text component="span" c={color} lh={0} className="lb-status-icon">
        <Icon size={size === 'xs' ? 14 : 16} />
      </Text>
      <Text component="span" size={size}>
        {children}
      </Text>
    </Group>
  );
}

/** "yes" / "no" / "unknown" answers, as in test reports. `no` is an error unless said otherwise. */
export function YesNo({
  value,
  noTone = 'error',
}: {
  value: boolean | 'yes' | 'no' | 'unknown';
  noTone?: Tone;
}) {
  const v = value === true ? 'yes' : value === false ? 'no' : value;
  const tone: Tone = v === 'yes' ? 'ok' : v === 'no' ? noTone : 'unknown';
  return <StatusText tone={tone}>{v === 'yes' ? 'Yes' : v === 'no' ? 'No' : 'Unknown'}</StatusText>;
}

/** Whether a credential is in the vault ("set") or not. */
export function SecretStateText({ state, what }: { state: 'set' | 'not set'; what?: string }) {
  return (
    <StatusText tone={state === 'set' ? 'ok' : 'warning'}>
      {what ? `${what} ${state}` : state === 'set' ? 'Set' : 'Not set'}
    </StatusText>
  );
}
