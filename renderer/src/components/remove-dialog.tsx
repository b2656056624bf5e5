// Remove always previews what goes and asks first. A refusal from the core (`estate.in_use`:
// a system still uses it) is shown plainly in the dialog, and nothing is removed.
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { ErrorAlert } from './error-alert';

export interface RemoveRequest {
  /** "server web-1" */
  what: string;
  /** One line each: what goes ("removes server web-1 and its stored private key"). */
  effects: string[];
  /** What stays, said so nobody worries (e.g. the data in a repository). */
  keeps?: string;
  perform(): Promise<unknown>;
}

function RemoveBody({ request, onDone }: { request: RemoveRequest; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  async function remove() {
    setBusy(true);
    setError(undefined);
    try {
      await request.perform();
      onDone();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="md">
      <Text>This:</Text>
      <List spacing={4} size="sm" className="lb-break-words">
        {request.effects.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      {request.keeps && (
        <Text size="sm" c="dimmed">
          {request.keeps}
        </Text>
      )}
      {error && (
        <ErrorAlert
          title={
            error.code === 'estate.in_use'
              ? `Nothing was removed: ${request.what} is in use`
              : 'Could not remove'
          }
          error={error}
        />
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone} data-autofocus>
          {error ? 'Close' : 'Keep it'}
        </Button>
        <Button
          color="red"
          onClick={() => void remove()}
          loading={busy}
          disabled={error?.code === 'estate.in_use'}
        >
          Remove {request.what}
        </Button>
      </Group>
    </Stack>
  );
}

export function RemoveDialog({
  request,
  onClose,
}: {
  request: RemoveRequest | undefined;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={request !== undefined}
      onClose={onClose}
      title={request ? `Remove ${request.what}?` : ''}
      centered
    >
      {request && <RemoveBody key={request.what} request={request} onDone={onClose} />}
    </Modal>
  );
}
