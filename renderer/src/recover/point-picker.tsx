// Step 1, from when: the newest usable point before the incident started (the core picks it and
// says why), or one restore point of the scope chosen here, with its trust and age in words.
import { Button, Group, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import type { PointView } from '../../../core/api/contract';
import { formatDateTime, formatRelativeTime } from '../format';
import { trustOf, TrustText } from '../points/trust-text';
import { useAppStore } from '../store';
import { useNow } from '../use-now';
import { localInputValue } from './recover-draft';

const trustWords = (p: PointView, now: Date) => {
  const t = trustOf(p);
  if (t === 'damaged') return 'DAMAGED';
  return t === 'verified' && p.verifiedAt
    ? `verified ${formatRelativeTime(p.verifiedAt, now)}`
    : 'not verified';
};

export function pointLabel(p: PointView, now: Date): string {
  const kind = p.kind === 'safety' ? 'safety point · ' : '';
  return `${p.shortId} · ${kind}${formatDateTime(p.time)} (${formatRelativeTime(p.time, now)}) · ${trustWords(p, now)}`;
}

export function PointPicker() {
  const draft = useAppStore((s) => s.recoverDraft);
  const errors = useAppStore((s) => s.recoverErrors);
  const setDraft = useAppStore((s) => s.setRecoverDraft);
  const all = useAppStore((s) => s.points.items);
  const now = useNow(30_000);
  const points = useMemo(() => all.filter((p) => p.scope === draft.scope), [all, draft.scope]);
  const chosen = points.find((p) => p.id === draft.pointId);

  return (
    <Radio.Group
      label="Restore point"
      description="Which copy to go back to."
      value={draft.pointMode}
      onChange={(v) => setDraft({ pointMode: v === 'point' ? 'point' : 'before' })}
    >
      <Stack gap="sm" mt="xs">
        <Radio value="before" label="The newest usable point before the incident started" />
        {draft.pointMode === 'before' && (
          <Stack gap={4} pl={30}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                type="datetime-local"
                step={1}
                label="Incident started"
                value={draft.before || localInputValue(now)}
                onChange={(e) => setDraft({ before: e.currentTarget.value })}
                error={errors.before}
                w={260}
              />
              <Button variant="default" onClick={() => setDraft({ before: '' })} disabled={!draft.before}>
                Now
              </Button>
            </Group>
            <Text size="xs" c="dimmed" maw={560}>
              {draft.before
                ? 'Your local time.'
                : 'Now, at the moment you plan, unless you set when the incident started (your local time).'}{' '}
              A verified point up to one RPO older is preferred over an unverified newer one; the preview says
              which point was picked and why.
            </Text>
          </Stack>
        )}
        <Radio value="point" label="A specific restore point" />
        {draft.pointMode === 'point' && (
          <Stack gap={4} pl={30}>
            {points.length === 0 ? (
              <Text size="sm" c="dimmed">
                {draft.scope ? 'This scope has no restore point in the catalog.' : 'Choose a scope first.'}
              </Text>
            ) : (
              <NativeSelect
                label="Point"
                value={draft.pointId}
                onChange={(e) => setDraft({ pointId: e.currentTarget.value })}
                error={errors.point}
                data={[
                  { value: '', label: `Choose one of ${points.length} points…` },
                  ...points.map((p) => ({ value: p.id, label: pointLabel(p, now) })),
                ]}
                className="lb-num"
              />
            )}
            {chosen && (
              <Group gap="sm">
                <TrustText point={chosen} now={now} />
                <Text size="xs" c="dimmed">
                  taken {formatRelativeTime(chosen.time, now)} · repository {chosen.repository}
                </Text>
              </Group>
            )}
            {errors.point && points.length === 0 && (
              <Text size="xs" c="red">
                {errors.point}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Radio.Group>
  );
}
