// The host key decision. Unknown key: show the fingerprint large, compare it with the owner's,
// accept or cancel. Changed key: a warning naming both fingerprints; only typing the server's
// name and pressing "Replace the accepted key" replaces it. Accepting re-tests the server.
import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { WarningIcon } from '../../components/icons';
import type { HostKeyPrompt } from './host-key-prompt';

interface Props {
  prompt: HostKeyPrompt | undefined;
  /** Accepts (or replaces) the key; rejects with the core's error. */
  onAccept: (prompt: HostKeyPrompt) => Promise<void>;
  onCancel: () => void;
}

function Fingerprint({ value, label }: { value: string; label: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Code block className="lb-fingerprint" data-testid="host-key-fingerprint">
        {value}
      </Code>
    </Stack>
  );
}

function UnknownBody({
  prompt,
  onAccept,
  onCancel,
}: Props & { prompt: HostKeyPrompt & { kind: 'unknown' } }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      await onAccept(prompt);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="md">
      <Text>
        This is the first connection to <strong>{prompt.server}</strong>. It presents this{' '}
        <strong>{prompt.keyType}</strong> host key:
      </Text>
      <Fingerprint label={`${prompt.keyType} fingerprint`} value={prompt.fingerprint} />
      <Text fw={600}>
        Compare this with the fingerprint the server&apos;s owner gives you. Accept only if they match.
      </Text>
      <Text size="sm" c="dimmed">
        On the server,{' '}
        <Code>ssh-keygen -lf /etc/ssh/ssh_host_{prompt.keyType.replace(/^ssh-/, '')}_key.pub</Code> prints it.
      </Text>
      {error && <ErrorAlert title="The key was not accepted" error={error} />}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button onClick={() => void accept()} loading={busy}>
          Accept this key
        </Button>
      </Group>
    </Stack>
  );
}

function ChangedBody({
  prompt,
  onAccept,
  onCancel,
}: Props & { prompt: HostKeyPrompt & { kind: 'changed' } }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const confirmed = typed.trim() === prompt.server;
  async function replace() {
    if (!confirmed) return;
    setBusy(true);
    setError(undefined);
    try {
      await onAccept(prompt);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="md">
      <Alert color="red" variant="light" icon={<WarningIcon size={20} />} title="The host key has changed">
        <Text size="sm">
          <strong>{prompt.server}</strong> presented a different host key than the one you accepted. Lifeboat
          refused to connect. This may be an attack (someone between you and the server) or the host was
          reinstalled.
        </Text>
      </Alert>
      <Fingerprint label="Accepted before" value={prompt.expected} />
      <Fingerprint
        label={`Presented now${prompt.keyType ? ` (${prompt.keyType})` : ''}`}
        value={prompt.presented}
      />
      <Text size="sm">
        Ask the server&apos;s owner whether it was reinstalled and which fingerprint it has now. Replace the
        key only if it matches the one presented now.
      </Text>
      <TextInput
        label={`Type the server's name (${prompt.server}) to replace the accepted key`}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      {error && <ErrorAlert title="The key was not replaced" error={error} />}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button color="red" onClick={() => void replace()} disabled={!confirmed} loading={busy}>
          Replace the accepted key
        </Button>
      </Group>
    </Stack>
  );
}

export function HostKeyDialog({ prompt, onAccept, onCancel }: Props) {
  return (
    <Modal
      opened={prompt !== undefined}
      onClose={onCancel}
      title={
        prompt?.kind === 'changed'
          ? `Warning: the host key of ${prompt.server} changed`
          : `Accept the host key of ${prompt?.server ?? ''}?`
      }
      size="lg"
      centered
    >
      {prompt?.kind === 'unknown' && (
        <UnknownBody key={prompt.fingerprint} prompt={prompt} onAccept={onAccept} onCancel={onCancel} />
      )}
      {prompt?.kind === 'changed' && (
        <ChangedBody key={prompt.presented} prompt={prompt} onAccept={onAccept} onCancel={onCancel} />
      )}
    </Modal>
  );
}
