// The scopes of a system as a list editor: each scope is a server path or a cluster namespace
// (optionally one resource in it), chosen from the estate and written as scope text.
import {
  Button,
  CloseButton,
  Code,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import type { ClusterView, ServerView } from '../../../core/api/contract';
import { PlusIcon } from '../components/icons';
import { buildScope, describeScope, emptyScopeDraft, type ScopeDraft, type ScopeKind } from './scope-text';

const kindOptions: { value: ScopeKind; label: string }[] = [
  { value: 'server-path', label: 'Server path' },
  { value: 'cluster-namespace', label: 'Cluster namespace' },
  { value: 'cluster-resource', label: 'One resource' },
];

export function ScopeEditor({
  scopes,
  onChange,
  servers,
  clusters,
  error,
}: {
  scopes: string[];
  onChange: (scopes: string[]) => void;
  servers: readonly ServerView[];
  clusters: readonly ClusterView[];
  error: string | undefined;
}) {
  const [draft, setDraft] = useState<ScopeDraft>(() => ({
    ...emptyScopeDraft,
    kind: servers.length === 0 && clusters.length > 0 ? 'cluster-namespace' : 'server-path',
  }));
  const [errors, setErrors] = useState<Partial<Record<keyof ScopeDraft, string>>>({});
  const onServer = draft.kind === 'server-path';
  const targets = onServer ? servers : clusters;

  const set = <K extends keyof ScopeDraft>(key: K, value: ScopeDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value, ...(key === 'kind' ? { target: '' } : {}) }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  function add() {
    const result = buildScope(draft);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    if (scopes.includes(result.text)) {
      setErrors({ path: 'This scope is already listed.', namespace: 'This scope is already listed.' });
      return;
    }
    onChange([...scopes, result.text]);
    setDraft((d) => ({ ...d, path: '', namespace: '', resourceKind: '', resourceName: '' }));
    setErrors({});
  }

  // Enter in a scope field adds the scope instead of submitting the whole form.
  const addOnEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };

  return (
    <Stack gap="xs">
      <Text size="sm" fw={500} id="scopes-label">
        Scopes <span className="lb-required">*</span>
      </Text>
      <Text size="xs" c="dimmed">
        What belongs to this system: folders on servers, namespaces in clusters, or single resources.
      </Text>
      {scopes.length > 0 && (
        <Stack gap={4} component="ul" p={0} m={0} className="lb-plain-list" aria-labelledby="scopes-label">
          {scopes.map((scope) => (
            <Group
              key={scope}
              component="li"
              gap="sm"
              wrap="nowrap"
              preventGrowOverflow={false}
              justify="space-between"
              className="lb-scope-row"
            >
              <Stack gap={0}>
                <Text size="sm">{describeScope(scope)}</Text>
                <Code className="lb-break-words">{scope}</Code>
              </Stack>
              <CloseButton
                aria-label={`Remove scope ${describeScope(scope)}`}
                onClick={() => onChange(scopes.filter((s) => s !== scope))}
              />
            </Group>
          ))}
        </Stack>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      <Paper withBorder p="sm" radius="sm" className="lb-scope-draft">
        <Stack gap="xs">
          <SegmentedControl
            aria-label="Kind of scope to add"
            size="xs"
            value={draft.kind}
            onChange={(v) => set('kind', v as ScopeKind)}
            data={kindOptions}
            w="fit-content"
          />
          <SimpleGrid cols={{ base: 1, sm: draft.kind === 'cluster-resource' ? 4 : 2 }} spacing="xs">
            <NativeSelect
              label={onServer ? 'Server' : 'Cluster'}
              size="xs"
              value={draft.target}
              onChange={(e) => set('target', e.currentTarget.value)}
              error={errors.target}
              data={[
                {
                  value: '',
                  label: targets.length
                    ? onServer
                      ? 'Choose a server…'
                      : 'Choose a cluster…'
                    : 'None added yet',
                },
                ...targets.map((t) => ({ value: t.name, label: t.name })),
              ]}
            />
            {onServer ? (
              <TextInput
                label="Absolute path"
                size="xs"
                placeholder="/etc/nginx"
                value={draft.path}
                onChange={(e) => set('path', e.currentTarget.value)}
                onKeyDown={addOnEnter}
                error={errors.path}
                autoComplete="off"
                spellCheck={false}
              />
            ) : (
              <TextInput
                label="Namespace"
                size="xs"
                placeholder="billing"
                value={draft.namespace}
                onChange={(e) => set('namespace', e.currentTarget.value)}
                onKeyDown={addOnEnter}
                error={errors.namespace}
                autoComplete="off"
                spellCheck={false}
              />
            )}
            {draft.kind === 'cluster-resource' && (
              <>
                <TextInput
                  label="Kind"
                  size="xs"
                  placeholder="Deployment"
                  value={draft.resourceKind}
                  onChange={(e) => set('resourceKind', e.currentTarget.value)}
                  onKeyDown={addOnEnter}
                  error={errors.resourceKind}
                  autoComplete="off"
                  spellCheck={false}
                />
                <TextInput
                  label="Name"
                  size="xs"
                  placeholder="api"
                  value={draft.resourceName}
                  onChange={(e) => set('resourceName', e.currentTarget.value)}
                  onKeyDown={addOnEnter}
                  error={errors.resourceName}
                  autoComplete="off"
                  spellCheck={false}
                />
              </>
            )}
          </SimpleGrid>
          <Group>
            <Button size="xs" variant="light" leftSection={<PlusIcon size={14} />} onClick={add}>
              Add scope
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
