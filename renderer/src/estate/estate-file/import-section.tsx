// Import an estate file (YAML or an encrypted bundle): a dry run first, shown as a table; when
// entries conflict, an explicit choice between keeping what exists and replacing it; then apply.
import {
  Alert,
  Button,
  FileInput,
  Group,
  List,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { UploadIcon } from '../../components/icons';
import { StatusText } from '../../components/status-text';
import { callWithVault } from '../../store/call-with-vault';
import { ImportPreview, type ConflictChoice, type ImportEntry } from './import-preview';

const bundleMagic = 'LIFEBOAT-ESTATE-BUNDLE';

interface Applied {
  entries: ImportEntry[];
  missingSecrets: string[];
}

export function ImportSection() {
  const [file, setFile] = useState<File | null>(null);
  const [content, setContent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [plan, setPlan] = useState<ImportEntry[] | undefined>();
  const [choice, setChoice] = useState<ConflictChoice>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [applied, setApplied] = useState<Applied | undefined>();
  const bundle = content.startsWith(bundleMagic);
  const conflicts = plan?.filter((e) => e.action === 'conflict').length ?? 0;
  const changes =
    plan?.filter((e) => e.action === 'create' || (e.action === 'conflict' && choice === 'replace')).length ??
    0;

  async function choose(next: File | null) {
    setFile(next);
    setPlan(undefined);
    setChoice(undefined);
    setError(undefined);
    setApplied(undefined);
    setPassphrase('');
    setContent(next ? await next.text() : '');
  }

  const input = (dryRun: boolean) => ({
    content,
    ...(bundle && passphrase ? { bundlePassphrase: passphrase } : {}),
    onConflict: (choice ?? 'refuse') as 'refuse' | 'skip' | 'replace',
    dryRun,
  });

  async function preview() {
    setBusy(true);
    setError(undefined);
    setApplied(undefined);
    try {
      const result = await callWithVault('estate.import', { ...input(true), onConflict: 'refuse' });
      setPlan(result.entries);
    } catch (e) {
      const apiError = asApiError(e);
      const entries = (apiError.details as { entries?: ImportEntry[] } | undefined)?.entries;
      if (apiError.code === 'estate.import_conflict' && entries) setPlan(entries);
      else setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await callWithVault('estate.import', input(false));
      setApplied({ entries: result.entries, missingSecrets: result.missingSecrets });
      setPlan(undefined);
      setChoice(undefined);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="import-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="import-heading">
          Import
        </Title>
        <Text size="sm" c="dimmed" maw={720}>
          Read an estate file exported by Lifeboat (YAML or an encrypted bundle). You see what it would change
          before anything is written; nothing that exists is overwritten unless you say so.
        </Text>
        <Group align="flex-end" gap="sm">
          <FileInput
            label="Estate file"
            placeholder="Choose a file…"
            value={file}
            onChange={(f) => void choose(f)}
            leftSection={<UploadIcon size={16} />}
            clearable
            w={320}
          />
          {bundle && (
            <PasswordInput
              label="Bundle passphrase"
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              autoComplete="off"
              w={260}
            />
          )}
          <Button
            variant="default"
            onClick={() => void preview()}
            disabled={!content || (bundle && !passphrase)}
            loading={busy && !plan}
          >
            Preview the import
          </Button>
        </Group>
        {error && <ErrorAlert title="Could not import" error={error} />}
        {plan && (
          <Stack gap="sm" data-testid="import-plan">
            {plan.length === 0 ? (
              <Text size="sm">The file lists nothing.</Text>
            ) : (
              <ImportPreview entries={plan} choice={choice} />
            )}
            {conflicts > 0 && (
              <Radio.Group
                label={`${conflicts === 1 ? '1 entry exists' : `${conflicts} entries exist`} with other settings. What should happen to ${conflicts === 1 ? 'it' : 'them'}?`}
                value={choice ?? ''}
                onChange={(v) => setChoice(v as ConflictChoice)}
              >
                <Stack gap={6} mt={6}>
                  <Radio value="skip" label="Skip existing: keep what is here" />
                  <Radio value="replace" label="Replace: use the settings from the file" />
                </Stack>
              </Radio.Group>
            )}
            <Group gap="sm">
              <Button
                onClick={() => void apply()}
                loading={busy}
                disabled={(conflicts > 0 && !choice) || changes === 0}
              >
                {changes === 0
                  ? 'Nothing to import'
                  : changes === 1
                    ? 'Import 1 entry'
                    : `Import ${changes} entries`}
              </Button>
            </Group>
          </Stack>
        )}
        {applied && (
          <Stack gap="xs" role="status">
            <StatusText tone="ok">
              Imported:{' '}
              {['create', 'replace', 'skip', 'unchanged']
                .map((a) => [a, applied.entries.filter((e) => e.action === a).length] as const)
                .filter(([, n]) => n > 0)
                .map(
                  ([a, n]) =>
                    `${n} ${{ create: 'created', replace: 'replaced', skip: 'kept', unchanged: 'unchanged' }[a]}`,
                )
                .join(', ') || 'nothing changed'}
              .
            </StatusText>
            {applied.missingSecrets.length > 0 && (
              <Alert color="orange" variant="light" title="Secrets to set again">
                <Text size="sm">
                  The file had no secrets for these entries (a YAML export never has them):
                </Text>
                <List size="sm" mt={4}>
                  {applied.missingSecrets.map((m) => (
                    <List.Item key={m}>{m}</List.Item>
                  ))}
                </List>
                <Text size="sm" mt={4}>
                  Edit each server and give its key or password again; add clusters and repositories with
                  credentials again.
                </Text>
              </Alert>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
