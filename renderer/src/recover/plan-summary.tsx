// The top of a preview, read top-down: what is restored, to where (IN PLACE marked), from which
// point and why that one; then the counts; then what is lost, the safety net, and how long.
import { Code, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { PlanView } from '../../../core/api/contract';
import { Fact } from '../components/fact';
import { StatusText, type Tone } from '../components/status-text';
import { formatBytes, formatCount, formatDateTime, formatRelativeTime } from '../format';
import { describeScope } from '../systems/scope-text';
import { DestinationBadge } from './destination-badge';
import { changeLabel, estimateText, previewCounts, subsetText } from './restore-text';

export function PlanHeadline({ plan }: { plan: PlanView }) {
  const same = plan.destination.scope === plan.source.scope;
  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap">
        <Text size="lg" fw={700} className="lb-break-words" data-testid="plan-what">
          {plan.undoOf ? 'Put back' : 'Restore'} {describeScope(plan.destination.scope)}
        </Text>
        <DestinationBadge inPlace={plan.destination.inPlace} />
      </Group>
      {!same && (
        <Text size="sm" className="lb-break-words">
          from {plan.point.kind === 'safety' ? 'the safety point of' : ''} {describeScope(plan.source.scope)}
          {plan.source.system ? ` (system ${plan.source.system})` : ''}
        </Text>
      )}
      {same && plan.source.system && (
        <Text size="sm" c="dimmed">
          System {plan.source.system}
        </Text>
      )}
    </Stack>
  );
}

export function PlanFacts({ plan, now }: { plan: PlanView; now: Date }) {
  const pt = plan.point;
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" m={0}>
      <Fact label={pt.kind === 'safety' ? 'From safety point' : 'From restore point'}>
        <Stack gap={2} component="span">
          <span>
            <Code className="lb-num">{pt.shortId}</Code> taken {formatDateTime(pt.time)} (
            {formatRelativeTime(pt.time, now)})
          </span>
          {pt.verifiedAt ? (
            <StatusText tone="ok" size="xs">
              Verified {formatRelativeTime(pt.verifiedAt, now)}
            </StatusText>
          ) : (
            <StatusText tone="unknown" size="xs">
              Not verified
            </StatusText>
          )}
        </Stack>
      </Fact>
      <Fact label="Why this point">{pt.why}</Fact>
      <Fact label="What">{subsetText(plan.subset)}</Fact>
      <Fact label="Destination">
        <span className="lb-break-words">{describeScope(plan.destination.scope)}</span>
      </Fact>
      <Fact label="Options">
        {plan.options.deleteExtra ? 'Deletes live items not in the point' : 'Leaves extra live items alone'}
        {plan.preview.kind === 'objects'
          ? plan.options.conflict === 'update'
            ? ' · updates objects that exist'
            : ' · leaves objects that exist'
          : ''}
      </Fact>
      <Fact label="Repository">{pt.repository}</Fact>
    </SimpleGrid>
  );
}

function Count({ label, value, tone }: { label: string; value: string; tone?: 'strong' | 'dim' }) {
  return (
    <Paper withBorder radius="sm" px="sm" py={6} className="lb-count" data-count={label}>
      <Text size="xl" fw={700} className="lb-num" c={tone === 'dim' ? 'dimmed' : undefined}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Paper>
  );
}

export function PlanCounts({ plan }: { plan: PlanView }) {
  const p = plan.preview;
  const c = previewCounts(p);
  const dim = (n: number) => (n === 0 ? 'dim' : 'strong');
  return (
    <Group gap="sm" role="group" aria-label="Counts">
      <Count
        label={`to ${changeLabel(p.kind, 'change').toLowerCase()}`}
        value={formatCount(c.change)}
        tone={dim(c.change)}
      />
      <Count label="to create" value={formatCount(c.create)} tone={dim(c.create)} />
      <Count label="to delete" value={formatCount(c.delete)} tone={dim(c.delete)} />
      <Count label="unchanged" value={formatCount(c.unchanged)} tone="dim" />
      <Count label="skipped" value={formatCount(c.skipped)} tone={dim(c.skipped)} />
      <Count
        label={p.kind === 'files' ? 'to write' : 'to apply'}
        value={formatBytes(p.bytes)}
        tone={dim(p.bytes)}
      />
    </Group>
  );
}

function Note({ title, tone, children }: { title: string; tone: Tone; children: string }) {
  return (
    <Stack gap={2} className="lb-plan-note" data-note={title}>
      <StatusText tone={tone}>
        <strong>{title}</strong>
      </StatusText>
      <Text size="sm" pl={22} className="lb-break-words">
        {children}
      </Text>
    </Stack>
  );
}

export function PlanNotes({ plan }: { plan: PlanView }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <Note title="Data loss" tone={plan.dataLoss.changedSince > 0 ? 'warning' : 'ok'}>
        {plan.dataLoss.summary}
      </Note>
      <Note title="Safety point" tone={plan.safety.items > 0 ? 'ok' : 'info'}>
        {plan.safety.summary}
      </Note>
      <Note title="Estimate" tone={plan.estimate.seconds === undefined ? 'unknown' : 'info'}>
        {estimateText(plan.estimate)}
      </Note>
    </SimpleGrid>
  );
}
