// A partial restore point: what its backup could not read and left out (tar's or find's reason
// for each), said as a warning wherever the point is shown — a restore from it cannot bring
// those files back.
import { List, Stack, Text, Title } from '@mantine/core';
import type { PointView } from '../../../core/api/contract';
import { StatusText } from '../components/status-text';
import { partialText } from './point-text';

/** Shown at once; the rest are counted (the point itself lists at most 1000). */
const shown = 50;

export function PartialText({ point, size = 'sm' }: { point: PointView; size?: 'xs' | 'sm' }) {
  if (!point.unreadable) return null;
  return (
    <span title={partialText(point.unreadable.count)}>
      <StatusText tone="warning" size={size}>
        Partial
      </StatusText>
    </span>
  );
}

export function PointUnreadable({ point }: { point: PointView }) {
  const u = point.unreadable;
  if (!u) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="unreadable-heading">
      <Title order={3} size="h5" id="unreadable-heading">
        <StatusText tone="warning">Not in this point</StatusText>
      </Title>
      <Text size="sm">{partialText(u.count)}</Text>
      <List size="sm" spacing={2} className="lb-break-words">
        {u.items.slice(0, shown).map((item) => (
          <List.Item key={item.path}>
            <Text span ff="monospace" size="sm">
              {item.path}
            </Text>{' '}
            — {item.reason}
          </List.Item>
        ))}
      </List>
      {u.count > shown && (
        <Text size="sm" c="dimmed">
          … and {u.count - shown} more
          {u.items.length > shown ? ` (${u.items.length} listed in the point)` : ''}.
        </Text>
      )}
    </Stack>
  );
}
