// "Export report": the evidence report (report.build) of every system or one, since a time, as
// HTML or PDF, saved as a file. Says what it is doing and, if it fails, why (with the code).
import { Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import type { ApiError } from '../../../core/api/errors';
import { downloadBase64, downloadText } from './download';
import { ErrorAlert } from './error-alert';
import { DownloadIcon } from './icons';
import { StatusText } from './status-text';

type Format = 'html' | 'pdf';

export function ExportReport({
  system,
  since,
  what,
  id,
}: {
  system?: string | undefined;
  since?: string | undefined;
  /** What the report covers, in words ("this run's system since it started"). */
  what: string;
  id?: string;
}) {
  const [format, setFormat] = useState<Format>('html');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();

  const build = async () => {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const file = await getClient().call('report.build', {
        format,
        ...(system ? { system } : {}),
        ...(since ? { since } : {}),
      });
      if (file.format === 'html') downloadText(file.filename, file.text, 'text/html');
      else downloadBase64(file.filename, file.base64, file.contentType);
      setSaved(file.filename);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="export-report">
      <Group gap="sm" align="center">
        <SegmentedControl
          size="xs"
          value={format}
          onChange={(v) => setFormat(v === 'pdf' ? 'pdf' : 'html')}
          data={[
            { value: 'html', label: 'HTML' },
            { value: 'pdf', label: 'PDF' },
          ]}
          aria-label="Report format"
        />
        <Button
          variant="default"
          leftSection={<DownloadIcon size={16} />}
          onClick={() => void build()}
          loading={busy}
          id={id}
        >
          Export report
        </Button>
        <Text size="xs" c="dimmed">
          {what}
        </Text>
      </Group>
      {saved && (
        <StatusText tone="ok" size="xs">
          Saved {saved}
        </StatusText>
      )}
      {error && (
        <ErrorAlert title="Could not build the report" error={error} onClose={() => setError(undefined)} />
      )}
    </Stack>
  );
}
