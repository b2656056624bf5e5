// The clusters table: name, API server and context, login kind and credentials, the server
// certificate check, and the row's actions.
import { Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { ClusterView } from '../../../../core/api/contract';
import { SecretStateText, StatusText } from '../../components/status-text';
import type { Features } from '../../tables/features';
import { nameColumn } from '../name-column';
import { RowActions } from '../row-actions';

const col = createColumnHelper<Features, ClusterView>();

export const authKindLabel: Record<ClusterView['authKind'], string> = {
  token: 'Token',
  'client-certificate': 'Client certificate',
  exec: 'Exec plugin',
  basic: 'User and password',
  'auth-provider': 'Auth provider',
  none: 'None',
};

export function clusterColumns(opts: {
  isTesting: (name: string) => boolean;
  onTest: (c: ClusterView) => void;
  onRemove: (c: ClusterView) => void;
}) {
  return col.columns([
    nameColumn<ClusterView>(),
    col.display({
      id: 'server',
      header: 'API server',
      cell: (info) => {
        const c = info.row.original;
        return (
          <Stack gap={2}>
            <Text size="sm" className="lb-break-words">
              {c.server}
            </Text>
            <Text size="xs" c="dimmed" className="lb-break-words">
              context {c.context}
              {c.namespace ? ` · namespace ${c.namespace}` : ''}
            </Text>
          </Stack>
        );
      },
    }),
    col.display({
      id: 'login',
      header: 'Login',
      cell: (info) => (
        <Stack gap={2}>
          <Text size="sm">{authKindLabel[info.row.original.authKind]}</Text>
          <SecretStateText state={info.row.original.credentials} what="Kubeconfig" />
        </Stack>
      ),
      meta: { width: '10rem' },
    }),
    col.display({
      id: 'tls',
      header: 'Server certificate',
      cell: (info) =>
        info.row.original.insecure ? (
          <StatusText tone="warning">Not checked (insecure)</StatusText>
        ) : (
          <StatusText tone="ok">Checked</StatusText>
        ),
      meta: { width: '11rem' },
    }),
    col.display({
      id: 'actions',
      header: () => <span className="lb-visually-hidden">Actions</span>,
      cell: (info) => {
        const c = info.row.original;
        return (
          <RowActions
            name={c.name}
            kind="cluster"
            testing={opts.isTesting(c.name)}
            onTest={() => opts.onTest(c)}
            onRemove={() => opts.onRemove(c)}
          />
        );
      },
      meta: { width: '10rem', align: 'right' },
    }),
  ]);
}
