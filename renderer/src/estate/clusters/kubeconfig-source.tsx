// Step 1 of adding clusters: a kubeconfig from a file (read in this window) or pasted text.
import { Button, FileInput, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { UploadIcon } from '../../components/icons';

export function KubeconfigSource({
  busy,
  error,
  onRead,
  onCancel,
}: {
  busy: boolean;
  error: string | undefined;
  /** The kubeconfig text, once chosen. */
  onRead: (kubeconfig: string) => void;
  onCancel: () => void;
}) {
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  async function next() {
    setProblem(undefined);
    const content = mode === 'file' ? await file?.text() : text;
    if (!content?.trim()) {
      setProblem(mode === 'file' ? 'Choose a kubeconfig file.' : 'Paste the kubeconfig.');
      return;
    }
    if (content.length > 1024 * 1024) {
      setProblem('This file is larger than 1 MiB; a kubeconfig is much smaller.');
      return;
    }
    onRead(content);
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void next();
      }}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm">
          Lifeboat reads the kubeconfig, lists its contexts, and stores only the context you choose (its
          credentials go to the vault). Certificates must be embedded (<code>…-data</code> fields): a browser
          cannot read the files a kubeconfig points to.
        </Text>
        <SegmentedControl
          aria-label="Where the kubeconfig comes from"
          value={mode}
          onChange={(v) => setMode(v as 'file' | 'paste')}
          data={[
            { value: 'file', label: 'Choose a file' },
            { value: 'paste', label: 'Paste' },
          ]}
          w="fit-content"
        />
        {mode === 'file' ? (
          <FileInput
            label="Kubeconfig file"
            description="Often ~/.kube/config"
            placeholder="Choose a file…"
            value={file}
            onChange={setFile}
            error={problem ?? error}
            leftSection={<UploadIcon size={16} />}
            clearable
            data-autofocus
          />
        ) : (
          <Textarea
            label="Kubeconfig"
            description="The YAML text of a kubeconfig."
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={problem ?? error}
            autosize
            minRows={6}
            maxRows={14}
            spellCheck={false}
            autoComplete="off"
            className="lb-mono-input"
            data-autofocus
          />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Read contexts
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
