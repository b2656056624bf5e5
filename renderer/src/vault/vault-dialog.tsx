// The one dialog that creates the vault (passphrase twice) or unlocks it. Opened by the banner,
// by a shortcut, or by any call that failed with `vault.locked` (which is retried afterwards).
// The passphrase lives in this component's fields only and is cleared when the dialog closes.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { useAppStore } from '../store';

export const minPassphraseLength = 8;

function VaultForm({ mode, reason }: { mode: 'create' | 'unlock'; reason?: string }) {
  const initVault = useAppStore((s) => s.initVault);
  const unlockVault = useAppStore((s) => s.unlockVault);
  const close = useAppStore((s) => s.closeVaultDialog);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldError, setFieldError] = useState<{ passphrase?: string; repeat?: string }>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const create = mode === 'create';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const problems: { passphrase?: string; repeat?: string } = {};
    if (!passphrase) problems.passphrase = 'Enter the passphrase.';
    else if (create && passphrase.length < minPassphraseLength)
      problems.passphrase = `Use at least ${minPassphraseLength} characters.`;
    if (create && !problems.passphrase && repeat !== passphrase)
      problems.repeat = 'The two passphrases are not the same.';
    setFieldError(problems);
    if (problems.passphrase || problems.repeat) return;
    setBusy(true);
    try {
      await (create ? initVault(passphrase) : unlockVault(passphrase));
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.code === 'vault.wrong_passphrase') {
        setFieldError({ passphrase: apiError.message });
        setPassphrase('');
      } else setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {reason && (
          <Text size="sm" c="dimmed">
            {reason}
          </Text>
        )}
        <Text size="sm">
          {create
            ? 'Credentials (private keys, passwords, cloud keys, kubeconfigs) are kept encrypted on this computer with a key made from this passphrase. Lifeboat cannot recover it if it is lost: keep it in your password manager.'
            : 'Credentials stay encrypted until the vault is unlocked. It stays unlocked until Lifeboat stops or you lock it.'}
        </Text>
        <PasswordInput
          label={create ? 'New vault passphrase' : 'Vault passphrase'}
          description={create ? `At least ${minPassphraseLength} characters.` : undefined}
          value={passphrase}
          onChange={(e) => {
            setPassphrase(e.currentTarget.value);
            setFieldError({});
          }}
          error={fieldError.passphrase}
          autoComplete={create ? 'new-password' : 'current-password'}
          data-autofocus
          required
        />
        {create && (
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
        )}
        {error && (
          <ErrorAlert title={create ? 'Could not create the vault' : 'Could not unlock'} error={error} />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => close(false)} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {create ? 'Create the vault' : 'Unlock'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function VaultDialog() {
  const dialog = useAppStore((s) => s.vaultDialog);
  const close = useAppStore((s) => s.closeVaultDialog);
  return (
    <Modal
      opened={dialog !== undefined}
      onClose={() => close(false)}
      title={dialog?.mode === 'create' ? 'Create a vault passphrase' : 'Unlock the vault'}
      centered
      size="md"
    >
      {/* Keyed so every opening starts with empty fields. */}
      {dialog && <VaultForm key={`${dialog.mode}`} mode={dialog.mode} reason={dialog.reason} />}
    </Modal>
  );
}
