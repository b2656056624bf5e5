// Step 2 of adding clusters: choose the contexts to import (the current one preselected) and
// the name each gets in Lifeboat. Each is added with its own cluster.add; failures stay listed.
import { Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { KubeContextSummary, ClusterView } from '../../../../core/api/contract';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { StatusText } from '../../components/status-text';
import { checkInput } from '../../forms/field-errors';
import { callWithVault } from '../../store/call-with-vault';
import { authKindLabel } from './cluster-columns';
import { suggestClusterName } from './cluster-name';

interface Choice {
  context: KubeContextSummary;
  selected: boolean;
  name: string;
  error?: string;
  added?: boolean;
}

export function ContextPicker({
  kubeconfig,
  contexts,
  currentContext,
  existing,
  onBack,
  onAdded,
}: {
  kubeconfig: string;
  contexts: KubeContextSummary[];
  currentContext: string | undefined;
  existing: readonly ClusterView[];
  onBack: () => void;
  /** Called once everything chosen was added (with their names). */
  onAdded: (names: string[]) => void;
}) {
  const [choices, setChoices] = useState<Choice[]>(() =>
    contexts.map((context) => ({
      context,
      selected: context.name === currentContext || contexts.length === 1,
      name: suggestClusterName(context.name),
    })),
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | undefined>();
  const update = (i: number, patch: Partial<Choice>) =>
    setChoices((all) =>
      all.map((c, j) => (j === i ? { ...c, ...patch, ...('name' in patch ? { error: undefined } : {}) } : c)),
    );
  const chosen = choices.filter((c) => c.selected && !c.added);

  async function add() {
    setFailure(undefined);
    // Check every name first (contract rules, duplicates, existing clusters).
    let bad = false;
    const names = new Set<string>();
    const checked = choices.map((c) => {
      if (!c.selected || c.added) return c;
      const name = c.name.trim();
      const err =
        checkInput('cluster.add', { name, kubeconfig: 'x', context: c.context.name }).name ??
        (names.has(name) ? 'Two contexts cannot get the same name.' : undefined) ??
        (existing.some((e) => e.name === name) ? `A cluster named "${name}" already exists.` : undefined);
      names.add(name);
      if (err) bad = true;
      return { ...c, name, error: err };
    });
    setChoices(checked);
    if (bad || chosen.length === 0) return;
    setBusy(true);
    const added: string[] = [];
    let allOk = true;
    for (let i = 0; i < checked.length; i++) {
      const c = checked[i];
      if (!c || !c.selected || c.added) continue;
      try {
        await callWithVault('cluster.add', { name: c.name, kubeconfig, context: c.context.name });
        added.push(c.name);
        update(i, { added: true });
      } catch (e) {
        allOk = false;
        const error = asApiError(e);
        if (error.code === 'vault.locked') {
          setFailure(error);
          break;
        }
        update(i, { error: error.message });
      }
    }
    setBusy(false);
    if (allOk) onAdded(added);
  }

  return (
    <Stack gap="md">
      <Text size="sm">
        {contexts.length === 1
          ? 'This kubeconfig has one context.'
          : `This kubeconfig has ${contexts.length} contexts.`}{' '}
        Choose what to add, and the name each cluster gets in Lifeboat.
      </Text>
      <Table verticalSpacing="xs" withTableBorder aria-label="Contexts in the kubeconfig">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="5rem">
              Add
            </Table.Th>
            <Table.Th scope="col">Context</Table.Th>
            <Table.Th scope="col" w="14rem">
              Name in Lifeboat
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {choices.map((c, i) => (
            <Table.Tr key={c.context.name} data-context={c.context.name}>
              <Table.Td>
                {c.added ? (
                  <StatusText tone="ok">Added</StatusText>
                ) : (
                  <Checkbox
                    aria-label={`Add context ${c.context.name}`}
                    checked={c.selected}
                    onChange={(e) => update(i, { selected: e.currentTarget.checked })}
                  />
                )}
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Group gap={6}>
                    <Text size="sm" fw={600} className="lb-break-words">
                      {c.context.name}
                    </Text>
                    {c.context.name === currentContext && (
                      <Badge size="xs" variant="light" tt="none">
                        current
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" className="lb-break-words">
                    {c.context.server} · user {c.context.user} · {authKindLabel[c.context.authKind]}
                    {c.context.namespace ? ` · namespace ${c.context.namespace}` : ''}
                  </Text>
                  {c.context.insecure && (
                    <StatusText tone="warning" size="xs">
                      The server certificate is not checked (insecure-skip-tls-verify)
                    </StatusText>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`Name for context ${c.context.name}`}
                  value={c.name}
                  onChange={(e) => update(i, { name: e.currentTarget.value })}
                  error={c.error}
                  disabled={!c.selected || c.added}
                  size="xs"
                  autoComplete="off"
                  spellCheck={false}
                  data-autofocus={i === 0 ? true : undefined}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {failure && (
        <Text size="sm" c="red" role="alert">
          {failure.message} ({failure.code})
        </Text>
      )}
      <Group justify="space-between" gap="sm">
        <Button variant="default" onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button onClick={() => void add()} loading={busy} disabled={chosen.length === 0}>
          {chosen.length === 1 ? 'Add 1 cluster' : `Add ${chosen.length} clusters`}
        </Button>
      </Group>
    </Stack>
  );
}
