// "Create repository here": writes Lifeboat's repository format into the location (repo.init)
// with a new passphrase, asked twice. The passphrase encrypts every restore point kept there;
// it goes to the vault and lives only in this dialog's fields until then.
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { RepoView } from '../../../../core/api/contract';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { WarningIcon } from '../../components/icons';
import { callWithVault } from '../../store/call-with-vault';
import { minPassphraseLength } from '../../vault/vault-dialog';

function RepoInitForm({
  repo,
  onDone,
  onCancel,
}: {
  repo: RepoView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<{ passphrase?: string; repeat?: string }>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const next: { passphrase?: string; repeat?: string } = {};
    if (passphrase.length < minPassphraseLength)
      next.passphrase = `Use at least ${minPassphraseLength} characters.`;
    else if (repeat !== passphrase) next.repeat = 'The two passphrases are not the same.';
    setProblems(next);
    if (next.passphrase || next.repeat) return;
    setBusy(true);
    try {
      await callWithVault('repo.init', { name: repo.name, passphrase });
      onDone();
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
          Creates an empty, encrypted repository in <span className="lb-path">{repo.url}</span>. Every restore
          point kept there is encrypted with this passphrase.
        </Text>
        <Alert variant="light" color="orange" icon={<WarningIcon size={18} />} title="Keep it safe">
          Lifeboat keeps it in this computer's vault, but without it nobody — not Lifeboat, not you on another
          computer — can read these restore points again. Store it in your password manager or your recovery
          documents now.
        </Alert>
        <PasswordInput
          label="New repository passphrase"
          description={`At least ${minPassphraseLength} characters.`}
          required
          data-autofocus
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          error={problems.passphrase}
        />
        <PasswordInput
          label="The same passphrase again"
          required
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={problems.repeat}
        />
        {error && <ErrorAlert title={`Could not create the repository in ${repo.name}`} error={error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Create repository
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RepoInitDialog({
  repo,
  onDone,
  onCancel,
}: {
  repo: RepoView | undefined;
  onDone: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      opened={repo !== undefined}
      onClose={onCancel}
      title={repo ? `Create a repository in ${repo.name}` : ''}
      size="lg"
    >
      {repo && <RepoInitForm key={repo.name} repo={repo} onDone={onDone} onCancel={onCancel} />}
    </Modal>
  );
}
