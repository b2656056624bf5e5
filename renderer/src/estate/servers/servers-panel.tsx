// Settings → Servers: the SSH servers Lifeboat reaches, with Add, Edit, Test (and the host key
// decision it may need) and Remove.
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { ServerView } from '../../../../core/api/contract';
import { RemoveDialog, type RemoveRequest } from '../../components/remove-dialog';
import { useAppStore } from '../../store';
import { callWithVault } from '../../store/call-with-vault';
import { DataTable } from '../../tables/data-table';
import { EstateTableArea } from '../estate-table-area';
import { PanelHeader } from '../panel-header';
import { TestResultCard } from '../test-result-card';
import { HostKeyDialog } from './host-key-dialog';
import { hostKeyPrompt } from './host-key-prompt';
import { serverColumns } from './server-columns';
import { ServerFormDialog } from './server-form';
import { ServerReport } from './server-report';
import { useServerTest } from './use-server-test';

function removeRequest(s: ServerView, done: () => void): RemoveRequest {
  const secret =
    s.auth.kind === 'key'
      ? 'its stored private key'
      : s.auth.kind === 'password'
        ? 'its stored password'
        : undefined;
  const effects = [`removes server ${s.name}${secret ? ` and ${secret}` : ''} from Lifeboat`];
  if (s.hostKey) effects.push(`forgets its accepted host key ${s.hostKey.fingerprint}`);
  return {
    what: `server ${s.name}`,
    effects,
    keeps:
      'Nothing on the server itself changes. Lifeboat refuses while a system or another server still uses it.',
    async perform() {
      await callWithVault('server.remove', { name: s.name });
      done();
    },
  };
}

export function ServersPanel() {
  const list = useAppStore((s) => s.estate.servers);
  const loadEntries = useAppStore((s) => s.loadEntries);
  const [form, setForm] = useState<{ editing: ServerView | undefined } | undefined>();
  const [removing, setRemoving] = useState<RemoveRequest | undefined>();
  const { runs, test, prompt, accept, reopen, cancel } = useServerTest();
  const reload = useCallback(() => void loadEntries('servers'), [loadEntries]);

  const columns = useMemo(
    () =>
      serverColumns({
        isTesting: (name) => runs.get(name)?.status === 'running',
        onTest: (s) => void test(s.name),
        onEdit: (s) => setForm({ editing: s }),
        onRemove: (s) =>
          setRemoving(
            removeRequest(s, () => {
              runs.dismiss(s.name);
              reload();
            }),
          ),
      }),
    [runs, test, reload],
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="servers-heading">
      <Stack gap="md">
        <PanelHeader
          id="servers-heading"
          title="Servers"
          count={list.items.length}
          loading={list.state.status === 'loading'}
          addLabel="Add a server"
          onAdd={() => setForm({ editing: undefined })}
        >
          Linux hosts reached over SSH. Their credentials are kept in the vault; each host key is accepted
          once, after you compare its fingerprint.
        </PanelHeader>
        <EstateTableArea
          list={list}
          what="servers"
          empty="No servers yet. Add the Linux hosts whose files and services you want to protect."
        >
          <DataTable data={list.items} columns={columns} getRowId={(s) => s.name} label="Servers" />
        </EstateTableArea>
        {runs.list.map((run) => {
          const decision = run.status === 'error' ? hostKeyPrompt(run.error, run.name) : undefined;
          return (
            <TestResultCard
              key={run.name}
              kind="server"
              run={run}
              ok={(r) => r.ok}
              onDismiss={() => runs.dismiss(run.name)}
              decision={
                decision?.kind === 'unknown'
                  ? {
                      status: 'Host key not accepted yet',
                      body: (
                        <Group gap="sm">
                          <Text size="sm">
                            Lifeboat connects only after you accept the server&apos;s host key.
                          </Text>
                          <Button size="xs" variant="default" onClick={() => reopen(decision)}>
                            Review the host key
                          </Button>
                        </Group>
                      ),
                    }
                  : undefined
              }
              errorHint={
                decision?.kind === 'changed' && (
                  <Button size="xs" mt="sm" variant="default" onClick={() => reopen(decision)}>
                    Review the changed host key
                  </Button>
                )
              }
            >
              {(report) => <ServerReport report={report} />}
            </TestResultCard>
          );
        })}
      </Stack>
      <ServerFormDialog
        opened={form !== undefined}
        editing={form?.editing}
        servers={list.items}
        onCancel={() => setForm(undefined)}
        onSaved={(server, added) => {
          setForm(undefined);
          reload();
          if (added) void test(server.name);
        }}
      />
      <HostKeyDialog prompt={prompt} onAccept={accept} onCancel={cancel} />
      <RemoveDialog request={removing} onClose={() => setRemoving(undefined)} />
    </Paper>
  );
}
