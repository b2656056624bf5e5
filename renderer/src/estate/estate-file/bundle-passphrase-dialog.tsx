// Asks for a new passphrase (twice) for an encrypted estate bundle. The passphrase goes straight
// to the export call; nothing keeps it.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { minPassphraseLength } from '../../vault/vault-dialog';

function Body({
  onExport,
  onCancel,
}: {
  onExport: (passphrase: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldError, setFieldError] = useState<{ passphrase?: string; repeat?: string }>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: { passphrase?: string; repeat?: string } = {};
    if (passphrase.length < minPassphraseLength)
      problems.passphrase = `Use at least ${minPassphraseLength} characters.`;
    else if (repeat !== passphrase) problems.repeat = 'The two passphrases are not the same.';
    setFieldError(problems);
    if (problems.passphrase || problems.repeat) return;
    setBusy(true);
    setError(undefined);
    try {
      await onExport(passphrase);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <Text size="sm">
          The bundle holds the whole estate <strong>with its secrets</strong> (keys, passwords, kubeconfigs),
          encrypted with this passphrase. Give the passphrase to the receiving site by another channel than
          the file.
        </Text>
        <PasswordInput
          label="Bundle passphrase"
          description={`At least ${minPassphraseLength} characters.`}
          value={passphrase}
          onChange={(e) => {
            setPassphrase(e.currentTarget.value);
            setFieldError({});
          }}
          error={fieldError.passphrase}
          autoComplete="new-password"
          data-autofocus
          required
        />
        <PasswordInput
          label="The same passphrase again"
          value={repeat}
          onChange={(e) => {
            setRepeat(e.currentTarget.value);
            setFieldError((f) => ({ passphrase: f.passphrase }));
          }}
          error={fieldError.repeat}
          autoComplete="new-password"
          required
        />
        {error && <ErrorAlert title="Could not export the bundle" error={error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Export bundle
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function BundlePassphraseDialog({
  opened,
  onExport,
  onCancel,
}: {
  opened: boolean;
  onExport: (passphrase: string) => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} title="Export an encrypted bundle" centered>
      {opened && <Body onExport={onExport} onCancel={onCancel} />}
    </Modal>
  );
}
