// "Verify the chain" (journal.verify): every entry's hash, its link to the one before, no gaps,
// and the head kept outside the catalog — the answer as icon + words, the first problem named.
import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { JournalVerifyReport } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import { ErrorAlert } from '../components/error-alert';
import { StatusText } from '../components/status-text';
import { formatCount, formatDateTime } from '../format';

export function JournalVerify() {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<JournalVerifyReport | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await getClient().call('journal.verify', {}));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" data-testid="journal-verify">
      <Group gap="sm">
        <Button variant="default" onClick={() => void verify()} loading={busy}>
          Verify the chain
        </Button>
        <Text size="xs" c="dimmed">
          Re-checks every entry’s hash and link, and the head kept beside the catalog.
        </Text>
      </Group>
      {report && (
        <Stack gap={2} data-journal-ok={report.ok ? 'true' : 'false'}>
          <StatusText tone={report.ok ? 'ok' : 'error'}>
            <strong>
              {report.ok
                ? `Intact: ${formatCount(report.checked)} entries checked`
                : `Broken${report.broken?.seq !== undefined ? ` at entry ${report.broken.seq}` : ''}: ${report.broken?.message ?? 'see the notes'}`}
            </strong>{' '}
            · {formatDateTime(report.verifiedAt)}
          </StatusText>
          {report.notes.map((n, i) => (
            <Text key={i} size="xs" c="dimmed" pl={22}>
              {n}
            </Text>
          ))}
        </Stack>
      )}
      {error && (
        <ErrorAlert title="Could not verify the journal" error={error} onClose={() => setError(undefined)} />
      )}
    </Stack>
  );
}
