// Export the estate: YAML without secrets (to review, to keep in git), or an encrypted bundle
// with them (to hand an estate to another laptop or an air-gapped site).
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { getClient } from '../../api/current-client';
import { downloadText, fileStamp } from '../../components/download';
import { ErrorAlert } from '../../components/error-alert';
import { DownloadIcon, KeyIcon } from '../../components/icons';
import { StatusText } from '../../components/status-text';
import { callWithVault } from '../../store/call-with-vault';
import { BundlePassphraseDialog } from './bundle-passphrase-dialog';

export function ExportSection() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [asking, setAsking] = useState(false);

  async function exportYaml() {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const { content } = await getClient().call('estate.export', {});
      const name = `lifeboat-estate-${fileStamp()}.yaml`;
      downloadText(name, content, 'application/yaml');
      setSaved(name);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  async function exportBundle(bundlePassphrase: string) {
    const { content } = await callWithVault('estate.export', { bundlePassphrase });
    const name = `lifeboat-estate-${fileStamp()}.lifeboat-bundle`;
    downloadText(name, content, 'application/octet-stream');
    setAsking(false);
    setSaved(name);
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="export-heading">
      <Stack gap="sm" align="flex-start">
        <Title order={2} size="h4" id="export-heading">
          Export
        </Title>
        <Text size="sm" c="dimmed" maw={720}>
          YAML lists servers, clusters, repositories and systems without any secret: good for review and for
          keeping in version control. The encrypted bundle adds the secrets, protected by a passphrase you
          choose.
        </Text>
        <Group gap="sm">
          <Button leftSection={<DownloadIcon size={16} />} onClick={() => void exportYaml()} loading={busy}>
            Export YAML
          </Button>
          <Button variant="default" leftSection={<KeyIcon size={16} />} onClick={() => setAsking(true)}>
            Export encrypted bundle…
          </Button>
        </Group>
        {saved && (
          <div role="status">
            <StatusText tone="ok">Saved {saved} to your downloads.</StatusText>
          </div>
        )}
        {error && <ErrorAlert title="Could not export the estate" error={error} />}
      </Stack>
      <BundlePassphraseDialog opened={asking} onExport={exportBundle} onCancel={() => setAsking(false)} />
    </Paper>
  );
}
