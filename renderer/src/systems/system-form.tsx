// Add or edit a system: owner, criticality, objectives (RPO, RTO, drill interval) as duration
// text, the repository for its restore points, and its scopes.
import {
  Button,
  Group,
  Modal,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { criticalities, type SystemView } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { errorToFields, hasErrors, type FieldErrors } from '../forms/field-errors';
import { useAppStore } from '../store';
import { callWithVault } from '../store/call-with-vault';
import { criticalityLook } from './criticality';
import { ScopeEditor } from './scope-editor';
import {
  emptySystemForm,
  formFromSystem,
  systemErrorRules,
  toSystemInput,
  validateSystemForm,
  type Criticality,
  type SystemFormValues,
} from './system-form-model';

interface Props {
  editing: SystemView | undefined;
  onSaved: (system: SystemView) => void;
  onCancel: () => void;
}

function SystemFormBody({ editing, onSaved, onCancel }: Props) {
  const servers = useAppStore((s) => s.estate.servers.items);
  const clusters = useAppStore((s) => s.estate.clusters.items);
  const repositories = useAppStore((s) => s.estate.repositories.items);
  const [v, setValues] = useState<SystemFormValues>(() =>
    editing
      ? formFromSystem(editing)
      : emptySystemForm(repositories.length === 1 ? repositories[0]!.name : ''),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof SystemFormValues>(key: K, value: SystemFormValues[K]) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => {
      if (!prev[key]) return prev;
      const next = { ...prev };
      delete next[key];
      return next;
    });
  };
  const text = (key: 'name' | 'ownerTeam' | 'ownerContact' | 'rpo' | 'rto' | 'drillEvery') => ({
    value: v[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
    error: errors[key],
    autoComplete: 'off',
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    const problems = validateSystemForm(v);
    setErrors(problems);
    if (hasErrors(problems)) return;
    setBusy(true);
    try {
      const input = toSystemInput(v);
      const { system } = editing
        ? await callWithVault('system.update', input)
        : await callWithVault('system.add', input);
      onSaved(system);
    } catch (err) {
      const apiError = asApiError(err);
      const fields = errorToFields(apiError, systemErrorRules);
      if (fields) setErrors(fields);
      else setFormError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Name"
            description="Lowercase letters, digits, “.”, “_” or “-”, e.g. billing-api."
            required
            disabled={editing !== undefined}
            data-autofocus={editing ? undefined : true}
            spellCheck={false}
            {...text('name')}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="criticality-label">
              Criticality
            </Text>
            <SegmentedControl
              aria-labelledby="criticality-label"
              value={v.criticality}
              onChange={(value) => set('criticality', value as Criticality)}
              data={criticalities.map((c) => ({ value: c, label: criticalityLook[c].label }))}
            />
          </Stack>
          <TextInput
            label="Owner team"
            description="Who is responsible for it."
            required
            data-autofocus={editing ? true : undefined}
            {...text('ownerTeam')}
          />
          <TextInput
            label="Owner contact"
            description="A person, an on-call alias, a channel."
            {...text('ownerContact')}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          description="What it is, in a sentence, for the person on call."
          value={v.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={errors.description}
          autosize
          minRows={1}
          maxRows={4}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="RPO"
            description="Most data you can afford to lose: 15m, 1h, 24h."
            placeholder="1h"
            required
            spellCheck={false}
            {...text('rpo')}
          />
          <TextInput
            label="RTO"
            description="Longest it may take to restore: 30m, 4h."
            placeholder="4h"
            required
            spellCheck={false}
            {...text('rto')}
          />
          <TextInput
            label="Drill every"
            description="How often to test a restore: 30d, 12w. Optional."
            placeholder="30d"
            spellCheck={false}
            {...text('drillEvery')}
          />
        </SimpleGrid>
        <NativeSelect
          label="Repository"
          description="Where its restore points are kept."
          value={v.repository}
          onChange={(e) => set('repository', e.currentTarget.value)}
          error={errors.repository}
          required
          data={[
            { value: '', label: repositories.length ? 'Choose a repository…' : 'No repositories yet' },
            ...repositories.map((r) => ({ value: r.name, label: `${r.name} (${r.url})` })),
          ]}
        />
        <ScopeEditor
          scopes={v.scopes}
          onChange={(scopes) => set('scopes', scopes)}
          servers={servers}
          clusters={clusters}
          error={errors.scopes}
        />
        {formError && <ErrorAlert title="Could not save the system" error={formError} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {editing ? 'Save' : 'Add system'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SystemFormDialog(props: Props & { opened: boolean }) {
  const { opened, ...rest } = props;
  return (
    <Modal
      opened={opened}
      onClose={rest.onCancel}
      title={rest.editing ? `Edit system ${rest.editing.name}` : 'Add a system'}
      size="xl"
    >
      {opened && <SystemFormBody key={rest.editing?.name ?? 'new'} {...rest} />}
    </Modal>
  );
}
