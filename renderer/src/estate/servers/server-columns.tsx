// The servers table: name, address, login and its credentials, host key, and the row's actions.
import { Code, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { ServerView } from '../../../../core/api/contract';
import { SecretStateText, StatusText } from '../../components/status-text';
import type { Features } from '../../tables/features';
import { nameColumn } from '../name-column';
import { RowActions } from '../row-actions';

const col = createColumnHelper<Features, ServerView>();

export const loginLabel: Record<ServerView['auth']['kind'], string> = {
  key: 'Key file',
  agent: 'SSH agent',
  password: 'Password',
};

function Credentials({ server }: { server: ServerView }) {
  const { kind, secrets } = server.auth;
  if (kind === 'agent') return <StatusText tone="none">Key in the agent</StatusText>;
  if (kind === 'password') return <SecretStateText state={secrets.password ?? 'not set'} what="Password" />;
  return (
    <Stack gap={2}>
      <SecretStateText state={secrets.privateKey ?? 'not set'} what="Key" />
      {secrets.passphrase === 'set' && <SecretStateText state="set" what="Passphrase" />}
    </Stack>
  );
}

function HostKey({ server }: { server: ServerView }) {
  if (!server.hostKey) return <StatusText tone="warning">Not accepted yet</StatusText>;
  return (
    <Stack gap={2}>
      <StatusText tone="ok">Accepted</StatusText>
      <Code
        className="lb-break lb-fingerprint-small"
        title={`${server.hostKey.keyType}, accepted ${server.hostKey.acceptedAt}`}
      >
        {server.hostKey.fingerprint}
      </Code>
    </Stack>
  );
}

export function serverColumns(opts: {
  isTesting: (name: string) => boolean;
  onTest: (s: ServerView) => void;
  onEdit: (s: ServerView) => void;
  onRemove: (s: ServerView) => void;
}) {
  return col.columns([
    nameColumn<ServerView>(),
    col.display({
      id: 'address',
      header: 'Address',
      cell: (info) => {
        const s = info.row.original;
        return (
          <Stack gap={2}>
            <Text size="sm" className="lb-break-words">
              {s.user}@{s.host}:{s.port}
            </Text>
            {(s.jump || s.sudo) && (
              <Text size="xs" c="dimmed">
                {[s.jump ? `via ${s.jump}` : '', s.sudo ? 'sudo' : ''].filter(Boolean).join(' · ')}
              </Text>
            )}
          </Stack>
        );
      },
    }),
    col.display({
      id: 'login',
      header: 'Login',
      cell: (info) => (
        <Stack gap={2}>
          <Text size="sm">{loginLabel[info.row.original.auth.kind]}</Text>
          <Credentials server={info.row.original} />
        </Stack>
      ),
      meta: { width: '9rem' },
    }),
    col.display({
      id: 'hostKey',
      header: 'Host key',
      cell: (info) => <HostKey server={info.row.original} />,
      meta: { width: '14rem' },
    }),
    col.display({
      id: 'actions',
      header: () => <span className="lb-visually-hidden">Actions</span>,
      cell: (info) => {
        const s = info.row.original;
        return (
          <RowActions
            name={s.name}
            kind="server"
            testing={opts.isTesting(s.name)}
            onTest={() => opts.onTest(s)}
            onEdit={() => opts.onEdit(s)}
            onRemove={() => opts.onRemove(s)}
          />
        );
      },
      meta: { width: '13rem', align: 'right' },
    }),
  ]);
}
