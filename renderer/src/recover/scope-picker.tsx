// Step 1, what: a scope of a system (grouped by system, from system.list), a scope that only has
// restore points, or one typed by hand; and who owns the system it belongs to.
import { Anchor, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { SystemView } from '../../../core/api/contract';
import { useAppStore } from '../store';
import { CriticalityText } from '../systems/criticality';
import { objectiveText } from '../systems/objective-text';
import { describeScope } from '../systems/scope-text';
import { withScope } from './recover-draft';

const typed = '::typed::';

function SystemOwner({ system }: { system: SystemView | undefined }) {
  if (!system)
    return (
      <Text size="sm" c="dimmed">
        No system lists this scope, so there is no owner or objective to show.
      </Text>
    );
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="recover-system">
      <Stack gap={4}>
        <Group gap="sm" justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600} className="lb-break-words">
            System {system.name}
          </Text>
          <CriticalityText value={system.criticality} />
        </Group>
        <Text size="sm">
          Owner: {system.owner.team}
          {system.owner.contact ? ` · contact ${system.owner.contact}` : ' · no contact given'}
        </Text>
        <Text size="xs" c="dimmed">
          RPO {objectiveText(system.rpo)} · RTO {objectiveText(system.rto)} · repository {system.repository}
        </Text>
        {system.description && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {system.description}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function ScopePicker() {
  const systems = useAppStore((s) => s.estate.systems.items);
  const points = useAppStore((s) => s.points.items);
  const draft = useAppStore((s) => s.recoverDraft);
  const error = useAppStore((s) => s.recoverErrors.scope);
  const setDraft = useAppStore((s) => s.setRecoverDraft);

  const { data, known } = useMemo(() => {
    const inSystems = new Set(systems.flatMap((s) => s.scopes.map((sc) => sc.text)));
    const orphan = [...new Set(points.map((p) => p.scope))].filter((sc) => !inSystems.has(sc)).sort();
    const groups = [
      ...systems.map((s) => ({
        group: `${s.name} — ${s.owner.team}`,
        items: s.scopes.map((sc) => ({ value: sc.text, label: describeScope(sc.text) })),
      })),
      ...(orphan.length
        ? [
            {
              group: 'Restore points of no system',
              items: orphan.map((sc) => ({ value: sc, label: describeScope(sc) })),
            },
          ]
        : []),
    ];
    return { data: groups, known: new Set([...inSystems, ...orphan]) };
  }, [systems, points]);

  const [typing, setTyping] = useState(() => draft.scope !== '' && !known.has(draft.scope));
  const system = systems.find((s) => s.scopes.some((sc) => sc.text === draft.scope));
  const choose = (scope: string) => setDraft(withScope(useAppStore.getState().recoverDraft, scope));
  const noScopes = data.length === 0;

  return (
    <Stack gap="xs">
      {!typing && !noScopes ? (
        <NativeSelect
          label="Scope"
          description="Which piece of which system broke."
          value={known.has(draft.scope) ? draft.scope : ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (v === typed) setTyping(true);
            else choose(v);
          }}
          error={error}
          data={[
            { value: '', label: 'Choose a scope…' },
            ...data,
            { group: 'Other', items: [{ value: typed, label: 'Type a scope…' }] },
          ]}
          data-autofocus
          id="recover-scope"
        />
      ) : (
        <TextInput
          label="Scope"
          description="server:NAME:/abs/path, cluster:NAME:namespace/NS or cluster:NAME:namespace/NS/KIND/NAME."
          placeholder="server:web-1:/etc/nginx"
          value={draft.scope}
          onChange={(e) => choose(e.currentTarget.value)}
          error={error}
          spellCheck={false}
          autoComplete="off"
          className="lb-mono-field"
          id="recover-scope"
        />
      )}
      {typing && !noScopes && (
        <Anchor component="button" type="button" size="xs" ta="left" onClick={() => setTyping(false)}>
          Choose from the systems’ scopes instead
        </Anchor>
      )}
      {noScopes && (
        <Text size="xs" c="dimmed">
          No system has a scope yet, and no restore point exists: type the scope, or add a system first.
        </Text>
      )}
      {draft.scope && <SystemOwner system={system} />}
    </Stack>
  );
}
