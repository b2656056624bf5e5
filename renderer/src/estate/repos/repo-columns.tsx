// The repositories table: name, location (and its kind), credentials, whether the repository's passphrase
// is set (else "Create repository here"), and the row's actions.
import { Button, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { RepoView } from '../../../../core/api/contract';
import { SecretStateText, StatusText } from '../../components/status-text';
import type { Features } from '../../tables/features';
import { nameColumn } from '../name-column';
import { RowActions } from '../row-actions';

const col = createColumnHelper<Features, RepoView>();

function Credentials({ repo }: { repo: RepoView }) {
  const l = repo.location;
  if (l.kind === 'local') return <StatusText tone="none">None needed</StatusText>;
  if (l.credentials.kind === 'profile')
    return <StatusText tone="info">Profile {l.credentials.profile}</StatusText>;
  return (
    <Stack gap={2}>
      <SecretStateText state={l.credentials.secretAccessKey} what="Secret key" />
      <Text size="xs" c="dimmed" className="lb-break-words">
        key ID {l.credentials.accessKeyId}
      </Text>
    </Stack>
  );
}

export function repoColumns(opts: {
  isTesting: (name: string) => boolean;
  onInit: (r: RepoView) => void;
  onConnect: (r: RepoView) => void;
  onTest: (r: RepoView) => void;
  onChange: (r: RepoView) => void;
  onRemove: (r: RepoView) => void;
}) {
  return col.columns([
    nameColumn<RepoView>(),
    col.display({
      id: 'location',
      header: 'Location',
      cell: (info) => {
        const r = info.row.original;
        return (
          <Stack gap={2}>
            <Text size="sm" className="lb-break-words">
              {r.url}
            </Text>
            <Text size="xs" c="dimmed">
              {r.location.kind === 'local'
                ? 'Local folder'
                : `S3 bucket · ${r.location.region}${r.location.pathStyle ? ' · path-style' : ''}`}
            </Text>
          </Stack>
        );
      },
    }),
    col.display({
      id: 'credentials',
      header: 'Credentials',
      cell: (info) => <Credentials repo={info.row.original} />,
      meta: { width: '10rem' },
    }),
    col.display({
      id: 'passphrase',
      header: 'Repository',
      cell: (info) => {
        const r = info.row.original;
        return (
          <Stack gap={4} align="flex-start">
            <SecretStateText state={r.passphrase} what="Passphrase" />
            {r.passphrase === 'not set' && (
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => opts.onInit(r)}
                aria-label={`Create repository here: ${r.name}`}
              >
                Create repository here
              </Button>
            )}
            {r.passphrase === 'not set' && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => opts.onConnect(r)}
                aria-label={`Connect to the repository there: ${r.name}`}
              >
                Connect to existing…
              </Button>
            )}
          </Stack>
        );
      },
      meta: { width: '11.5rem' },
    }),
    col.display({
      id: 'actions',
      header: () => <span className="lb-visually-hidden">Actions</span>,
      cell: (info) => {
        const r = info.row.original;
        return (
          <RowActions
            name={r.name}
            kind="repository"
            testing={opts.isTesting(r.name)}
            onTest={() => opts.onTest(r)}
            onEdit={() => opts.onChange(r)}
            editLabel="Change"
            onRemove={() => opts.onRemove(r)}
          />
        );
      },
      meta: { width: '15.5rem', align: 'right' },
    }),
  ]);
}
