// What a verification of this point found: its mode, when, what it read, and any damage.
import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { PointView } from '../../../core/api/contract';
import { Fact } from '../components/fact';
import { StatusText } from '../components/status-text';
import { formatBytes, formatCount, formatDateTime, formatRelativeTime } from '../format';

export const verifyModeText: Record<string, string> = {
  structure: 'Structure (snapshot, trees and index)',
  'read-data': 'All data re-read and re-hashed',
  sample: 'A sample of the data re-read',
};

export function PointEvidence({ point, now }: { point: PointView; now: Date }) {
  const v = point.verification;
  if (!v)
    return (
      <Text size="sm" c="dimmed">
        Never verified. “Verify all data” re-reads and re-hashes every blob from the repository; only that
        makes a restore point trusted.
      </Text>
    );
  return (
    <Stack gap="xs">
      <StatusText tone={v.ok ? 'ok' : 'error'}>
        {v.ok
          ? `Last verification found no damage`
          : `Last verification found damage in ${formatCount(v.damage)} ${v.damage === 1 ? 'place' : 'places'}`}
      </StatusText>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 5 }} spacing="md" m={0}>
        <Fact label="Mode">{verifyModeText[v.mode] ?? v.mode}</Fact>
        <Fact label="When">
          <span title={formatDateTime(v.at)}>{formatRelativeTime(v.at, now)}</span>
        </Fact>
        <Fact label="Blobs checked">{formatCount(v.checkedBlobs)}</Fact>
        <Fact label="Bytes read">{formatBytes(v.bytesRead)}</Fact>
        <Fact label="Damage">{formatCount(v.damage)}</Fact>
      </SimpleGrid>
      {v.ok && v.mode !== 'read-data' && (
        <Text size="xs" c="dimmed">
          {point.verifiedAt
            ? `All its data was last re-read without damage ${formatRelativeTime(point.verifiedAt, now)} (${formatDateTime(point.verifiedAt)}).`
            : `A ${v.mode} check is not evidence that the data reads back: the point stays “Not verified” until all its data is verified.`}
        </Text>
      )}
    </Stack>
  );
}
