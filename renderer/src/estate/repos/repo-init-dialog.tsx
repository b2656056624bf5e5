// "Create repository here": writes Lifeboat's repository format into the location (repo.init)
// with a new passphrase, asked twice. The passphrase encrypts every restore point kept there;
// it goes to the vault and lives only in this dialog's fields until then. "Connect": the
// repository exists there already (an estate imported without secrets): its passphrase, asked
// once, must open it before it is kept (repo.connect).
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { RepoView } from '../../../../core/api/contract';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { WarningIcon } from '../../components/icons';
import { callWithVault } from '../../store/call-with-vault';
import { minPassphraseLength } from '../../vault/vault-dialog';

/** One call at a time from a form: busy while it runs, its error kept to show. */
function useCall() {
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<unknown>, onDone: () => void) => {
    setError(undefined);
    setBusy(true);
    try {
      await call();
      onDone();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

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
  const { error, busy, run } = useCall();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: { passphrase?: string; repeat?: string } = {};
    if (passphrase.length < minPassphraseLength)
      next.passphrase = `Use at least ${minPassphraseLength} characters.`;
    else if (repeat !== passphrase) next.repeat = 'The two passphrases are not the same.';
    setProblems(next);
    if (next.passphrase || next.repeat) return;
    await run(() => callWithVault('repo.init', { name: repo.name, passphrase }), onDone);
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

function RepoConnectForm({
  repo,
  onDone,
  onCancel,
}: {
  repo: RepoView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const { error, busy, run } = useCall();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(passphrase ? undefined : 'Give the passphrase the repository was created with.');
    if (!passphrase) return;
    await run(() => callWithVault('repo.connect', { name: repo.name, passphrase }), onDone);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <Text size="sm">
          For a repository that already exists in <span className="lb-path">{repo.url}</span> (created by
          another Lifeboat, or before an estate import): Lifeboat opens it with this passphrase, and keeps the
          passphrase in this computer's vault only if it opens. Nothing in the repository is changed.
        </Text>
        <PasswordInput
          label="Passphrase of the repository there"
          required
          data-autofocus
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          error={problem}
        />
        {error && <ErrorAlert title={`Could not connect to the repository in ${repo.name}`} error={error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Connect
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export type RepoSetup = { repo: RepoView; mode: 'create' | 'connect' };

export function RepoInitDialog({
  setup,
  onDone,
  onCancel,
}: {
  setup: RepoSetup | undefined;
  onDone: () => void;
  onCancel: () => void;
}) {
  const repo = setup?.repo;
  const title = !setup
    ? ''
    : setup.mode === 'create'
      ? `Create a repository in ${setup.repo.name}`
      : `Connect ${setup.repo.name} to its repository`;
  return (
    <Modal opened={setup !== undefined} onClose={onCancel} title={title} size="lg">
      {repo && setup?.mode === 'create' && (
        <RepoInitForm key={repo.name} repo={repo} onDone={onDone} onCancel={onCancel} />
      )}
      {repo && setup?.mode === 'connect' && (
        <RepoConnectForm key={repo.name} repo={repo} onDone={onDone} onCancel={onCancel} />
      )}
    </Modal>
  );
}
