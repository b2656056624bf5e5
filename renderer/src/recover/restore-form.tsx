// Step 1 of Recover: what to restore (a scope and, optionally, part of it), from which point, to
// where (in place by default, or alongside), and how (delete extra, conflicts). "Plan" writes
// nothing: it asks the core for the exact preview.
import {
  Button,
  Checkbox,
  Group,
  Kbd,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { FormEvent } from 'react';
import { useAppStore } from '../store';
import { describeScope } from '../systems/scope-text';
import { PointPicker } from './point-picker';
import { alongsideScope, scopeFamily, type SubsetKind } from './recover-draft';
import { ScopePicker } from './scope-picker';

function Subset() {
  const draft = useAppStore((s) => s.recoverDraft);
  const error = useAppStore((s) => s.recoverErrors.subset);
  const setDraft = useAppStore((s) => s.setRecoverDraft);
  const family = scopeFamily(draft.scope);
  const kinds: { value: SubsetKind; label: string }[] =
    family === 'objects'
      ? [
          { value: 'all', label: 'Everything' },
          { value: 'resources', label: 'Some objects' },
          { value: 'selector', label: 'Label selector' },
        ]
      : [
          { value: 'all', label: 'Everything' },
          { value: 'paths', label: 'Some paths' },
        ];
  const base = /^server:[^:]+:(\/.*)$/.exec(draft.scope)?.[1]?.replace(/\/$/, '') ?? '/srv/app';
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id="recover-subset-label">
        What in it
      </Text>
      <SegmentedControl
        aria-labelledby="recover-subset-label"
        w="fit-content"
        value={kinds.some((k) => k.value === draft.subsetKind) ? draft.subsetKind : 'all'}
        onChange={(v) => setDraft({ subsetKind: v as SubsetKind })}
        data={kinds}
      />
      {draft.subsetKind === 'paths' && (
        <Textarea
          label="Paths or globs, one per line"
          description="Absolute paths inside the scope; * and ? match within a name, ** across directories."
          placeholder={`${base}/conf/app.conf\n${base}/**/*.html`}
          value={draft.subsetLines}
          onChange={(e) => setDraft({ subsetLines: e.currentTarget.value })}
          error={error}
          autosize
          minRows={2}
          maxRows={8}
          spellCheck={false}
          className="lb-mono-input"
        />
      )}
      {draft.subsetKind === 'resources' && (
        <Textarea
          label="Objects, one KIND/NAME per line"
          placeholder={'Deployment/web\nConfigMap/web-config'}
          value={draft.subsetLines}
          onChange={(e) => setDraft({ subsetLines: e.currentTarget.value })}
          error={error}
          autosize
          minRows={2}
          maxRows={8}
          spellCheck={false}
          className="lb-mono-input"
        />
      )}
      {draft.subsetKind === 'selector' && (
        <TextInput
          label="Label selector"
          description="Over the labels stored in the point, e.g. app=web,tier in (api,worker),!legacy."
          value={draft.selector}
          onChange={(e) => setDraft({ selector: e.currentTarget.value })}
          error={error}
          spellCheck={false}
          autoComplete="off"
        />
      )}
      {draft.subsetKind === 'all' && (
        <Text size="xs" c="dimmed">
          The whole scope. Choose part of it to restore only what broke.
        </Text>
      )}
    </Stack>
  );
}

function Destination() {
  const draft = useAppStore((s) => s.recoverDraft);
  const error = useAppStore((s) => s.recoverErrors.to);
  const setDraft = useAppStore((s) => s.setRecoverDraft);
  const family = scopeFamily(draft.scope);
  const here = draft.scope ? describeScope(draft.scope) : 'the scope';
  return (
    <Radio.Group
      label="Destination"
      description="Where the restored data goes."
      value={draft.destMode}
      onChange={(v) =>
        setDraft({
          destMode: v === 'alongside' ? 'alongside' : 'in-place',
          ...(v === 'alongside' && !draft.to ? { to: alongsideScope(draft.scope) } : {}),
        })
      }
    >
      <Stack gap="sm" mt="xs">
        <Radio
          value="in-place"
          label={`In place: put ${here} back as it was`}
          description="Overwrites the live data the preview lists; a safety point of it is taken first."
        />
        <Radio
          value="alongside"
          label="Alongside: restore into another place and leave the live data alone"
        />
        {draft.destMode === 'alongside' && (
          <TextInput
            pl={30}
            label="Restore into"
            description={
              family === 'objects'
                ? 'A namespace scope: cluster:NAME:namespace/NS.'
                : 'A server path scope: server:NAME:/abs/path (the same or another server).'
            }
            value={draft.to}
            onChange={(e) => setDraft({ to: e.currentTarget.value })}
            error={error}
            spellCheck={false}
            autoComplete="off"
          />
        )}
      </Stack>
    </Radio.Group>
  );
}

function Options() {
  const draft = useAppStore((s) => s.recoverDraft);
  const setDraft = useAppStore((s) => s.setRecoverDraft);
  const objects = scopeFamily(draft.scope) === 'objects';
  return (
    <Stack gap="sm">
      <Checkbox
        checked={draft.deleteExtra}
        onChange={(e) => setDraft({ deleteExtra: e.currentTarget.checked })}
        label={
          objects
            ? 'Delete extra: delete live objects (in what you chose) that are not in the point'
            : 'Delete extra: delete live files (in what you chose) that are not in the point'
        }
        description="Off: anything created after the point is left alone. On: it is deleted, after a safety point."
      />
      {objects && (
        <Stack gap={6}>
          <Text size="sm" fw={500} id="recover-conflict-label">
            Objects that exist already
          </Text>
          <SegmentedControl
            aria-labelledby="recover-conflict-label"
            w="fit-content"
            value={draft.conflict}
            onChange={(v) => setDraft({ conflict: v === 'skip' ? 'skip' : 'update' })}
            data={[
              { value: 'update', label: 'Update them to the point' },
              { value: 'skip', label: 'Leave them as they are' },
            ]}
          />
        </Stack>
      )}
    </Stack>
  );
}

export function RestoreForm() {
  const planning = useAppStore((s) => s.recoverFlow.plan.status === 'planning');
  const planRecover = useAppStore((s) => s.planRecover);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void planRecover();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="What to restore">
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <ScopePicker />
          <Subset />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <PointPicker />
          <Stack gap="lg">
            <Destination />
            <Options />
          </Stack>
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit" loading={planning} id="recover-plan" aria-keyshortcuts="P">
            Plan
          </Button>
          <Text size="sm" c="dimmed">
            Writes nothing: shows exactly what would change. <Kbd size="xs">P</Kbd> from anywhere on this
            page.
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
