// Systems: what the business cares about, with owners, objectives, scopes and a repository.
import { Badge, Button, Group, Loader, Paper, Stack, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { SystemView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { PlusIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { RemoveDialog, type RemoveRequest } from '../components/remove-dialog';
import { useAppStore } from '../store';
import { callWithVault } from '../store/call-with-vault';
import { DataTable } from '../tables/data-table';
import { useNow } from '../use-now';
import { systemColumns } from './system-columns';
import { SystemFormDialog } from './system-form';
import { SystemsEmpty } from './systems-empty';

export function SystemsPage() {
  const list = useAppStore((s) => s.estate.systems);
  const loadEntries = useAppStore((s) => s.loadEntries);
  const [form, setForm] = useState<{ editing: SystemView | undefined } | undefined>();
  const [removing, setRemoving] = useState<RemoveRequest | undefined>();
  const protection = useAppStore((s) => s.protection);
  const status = useMemo(() => new Map(protection.items.map((p) => [p.system, p])), [protection.items]);
  const backingUp = useAppStore((s) =>
    Object.values(s.work).some(
      (w) => w?.status === 'started' && w.jobIds.some((id) => s.jobs[id]?.state === 'Running'),
    ),
  );
  const now = useNow(backingUp ? 1000 : 30_000);

  const columns = useMemo(
    () =>
      systemColumns({
        onEdit: (s) => setForm({ editing: s }),
        onRemove: (s) =>
          setRemoving({
            what: `system ${s.name}`,
            effects: [
              `removes system ${s.name}, its owner, objectives and ${s.scopes.length === 1 ? 'its scope' : `its ${s.scopes.length} scopes`} from Lifeboat`,
            ],
            keeps: `Its restore points stay in repository ${s.repository}; the servers and clusters are not touched.`,
            async perform() {
              await callWithVault('system.remove', { name: s.name });
              void loadEntries('systems');
            },
          }),
        status,
        now,
      }),
    [loadEntries, status, now],
  );

  const ready = list.state.status === 'ready';
  return (
    <>
      <PageHeader page="systems" />
      <Paper withBorder p="lg" component="section" aria-labelledby="systems-heading">
        <Stack gap="md">
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={2} size="h4" id="systems-heading">
                {ready && list.items.length === 0 ? 'No systems yet' : 'All systems'}
              </Title>
              {list.items.length > 0 && (
                <Badge variant="default" radius="sm" tt="none">
                  {list.items.length}
                </Badge>
              )}
              {list.state.status === 'loading' && <Loader size="xs" aria-label="Loading systems" />}
            </Group>
            {list.items.length > 0 && (
              <Button leftSection={<PlusIcon size={16} />} onClick={() => setForm({ editing: undefined })}>
                Add a system
              </Button>
            )}
          </Group>
          {list.state.status === 'error' && (
            <ErrorAlert title="Could not list systems" error={list.state.error} />
          )}
          {protection.state.status === 'error' && (
            <ErrorAlert title="Could not read how protected the systems are" error={protection.state.error} />
          )}
          {ready && list.items.length === 0 && <SystemsEmpty onAdd={() => setForm({ editing: undefined })} />}
          {list.items.length > 0 && (
            <DataTable
              data={list.items}
              columns={columns}
              getRowId={(s) => s.name}
              label="Systems"
              estimateRowHeight={96}
            />
          )}
        </Stack>
      </Paper>
      <SystemFormDialog
        opened={form !== undefined}
        editing={form?.editing}
        onCancel={() => setForm(undefined)}
        onSaved={() => {
          setForm(undefined);
          void loadEntries('systems');
        }}
      />
      <RemoveDialog request={removing} onClose={() => setRemoving(undefined)} />
    </>
  );
}
