// The selected restore point: where it lives, when it was taken and how fast, what it holds,
// the evidence of its last verification, the verify actions, its files, and a way to Recover
// from it (the Recover page opens with its scope and this point chosen; nothing is planned yet).
import {
  Button,
  CloseButton,
  Code,
  Divider,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { PointView } from '../../../core/api/contract';
import { Fact } from '../components/fact';
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatRate,
  formatRelativeTime,
} from '../format';
import { RecoverIcon } from '../components/icons';
import { useAppStore } from '../store';
import { describeScope } from '../systems/scope-text';
import { PointBrowser } from './point-browser';
import { PointEvidence } from './point-evidence';
import { PartialText, PointUnreadable } from './point-unreadable';
import { changesLabel } from './point-text';
import { PointVerify } from './point-verify';
import { TrustText } from './trust-text';

const providerText: Record<PointView['provider'], string> = {
  native: 'Lifeboat',
  restic: 'restic',
  velero: 'Velero',
};

export function PointDetails({ point, now, onClose }: { point: PointView; now: Date; onClose: () => void }) {
  const recoverFromPoint = useAppStore((s) => s.recoverFromPoint);
  const where = point.host
    ? { label: 'Host', value: point.host }
    : point.cluster
      ? { label: 'Cluster', value: point.cluster }
      : undefined;
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="point-heading" data-point={point.id}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={2} size="h4" id="point-heading" tabIndex={-1}>
                Restore point {point.shortId}
              </Title>
              <TrustText point={point} now={now} />
              <PartialText point={point} />
            </Group>
            <Text size="sm" c="dimmed">
              {describeScope(point.scope)}
              {point.system ? ` · system ${point.system}` : ''}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<RecoverIcon size={16} />}
              onClick={() => recoverFromPoint(point)}
            >
              Restore from this point…
            </Button>
            <CloseButton aria-label="Close the restore point's details" onClick={onClose} />
          </Group>
        </Group>
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" m={0}>
          <Fact label="ID">
            <Code className="lb-path">{point.id}</Code>
          </Fact>
          <Fact label="Repository">{point.repository}</Fact>
          {where && <Fact label={where.label}>{where.value}</Fact>}
          <Fact label="Made by">{providerText[point.provider]}</Fact>
          <Fact label="Taken">
            {formatDateTime(point.time)} ({formatRelativeTime(point.time, now)})
          </Fact>
          <Fact label="Duration">
            {point.durationMs < 10_000
              ? `${(point.durationMs / 1000).toFixed(1)}s`
              : formatDuration(point.durationMs / 1000)}
          </Fact>
          <Fact label="Throughput">{formatRate(point.bytesPerSecond)}</Fact>
          <Fact label="Changed">{changesLabel(point)}</Fact>
          <Fact label="Files">{formatCount(point.files)}</Fact>
          <Fact label="Directories">{formatCount(point.dirs)}</Fact>
          <Fact label="Size">{formatBytes(point.bytes)}</Fact>
          <Fact label="Added to the repository">
            <span title="What this backup stored that the repository did not hold yet: its new content, compressed and encrypted, and its folder listings. Incompressible data can come out slightly larger than its size.">
              {formatBytes(point.bytesNew)}
            </span>
          </Fact>
        </SimpleGrid>
        {point.unreadable && (
          <>
            <Divider />
            <PointUnreadable point={point} />
          </>
        )}
        <Divider />
        <Stack gap="sm" component="section" aria-labelledby="evidence-heading">
          <Title order={3} size="h5" id="evidence-heading">
            Verification
          </Title>
          <PointEvidence point={point} now={now} />
          <PointVerify point={point} />
        </Stack>
        <Divider />
        <PointBrowser key={point.id} point={point} />
      </Stack>
    </Paper>
  );
}
