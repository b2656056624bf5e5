// Restore points: every point in the catalog, newest first, filtered by system and scope; the
// selected one's details, verification and files below the table.
import { Badge, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { PageHeader } from '../components/page-header';
import { useAppStore } from '../store';
import { pointsLimit } from '../store/points-slice';
import { describeScope } from '../systems/scope-text';
import { DataTable } from '../tables/data-table';
import { useNow } from '../use-now';
import { CatalogRebuild } from './catalog-rebuild';
import { pointColumns } from './point-columns';
import { PointDetails } from './point-details';
import { PointsEmpty } from './points-empty';

const allSystems = '';

export function PointsPage() {
  const list = useAppStore((s) => s.points);
  const selectedId = useAppStore((s) => s.selectedPointId);
  const selectPoint = useAppStore((s) => s.selectPoint);
  const [system, setSystem] = useState(allSystems);
  const [scope, setScope] = useState('');
  const now = useNow(30_000);

  const systems = useMemo(
    () => [...new Set(list.items.flatMap((p) => (p.system ? [p.system] : [])))].sort(),
    [list.items],
  );
  const shown = useMemo(() => {
    const needle = scope.trim().toLowerCase();
    return list.items.filter(
      (p) =>
        (system === allSystems || p.system === system) &&
        (!needle ||
          p.scope.toLowerCase().includes(needle) ||
          describeScope(p.scope).toLowerCase().includes(needle)),
    );
  }, [list.items, system, scope]);
  const selected = list.items.find((p) => p.id === selectedId);
  const columns = useMemo(
    () =>
      pointColumns({
        now,
        selectedId,
        onOpen: (p) => {
          selectPoint(p.id);
          requestAnimationFrame(() => document.getElementById('point-heading')?.focus());
        },
      }),
    [now, selectedId, selectPoint],
  );

  const ready = list.state.status === 'ready';
  const empty = ready && list.items.length === 0;
  return (
    <>
      <PageHeader page="points" />
      <Stack gap="lg">
        <Paper withBorder p="lg" component="section" aria-labelledby="points-heading">
          <Stack gap="md">
            <Group justify="space-between" align="flex-end">
              <Group gap="sm">
                <Title order={2} size="h4" id="points-heading">
                  {empty ? 'No restore points yet' : 'All restore points'}
                </Title>
                {list.items.length > 0 && (
                  <Badge variant="default" radius="sm" tt="none">
                    {shown.length === list.items.length
                      ? list.items.length
                      : `${shown.length} of ${list.items.length}`}
                  </Badge>
                )}
                {list.state.status === 'loading' && <Loader size="xs" aria-label="Loading restore points" />}
              </Group>
              {list.items.length > 0 && (
                <Group gap="sm" align="flex-end">
                  <Select
                    label="System"
                    size="sm"
                    w={180}
                    value={system}
                    onChange={(v) => setSystem(v ?? allSystems)}
                    data={[{ value: allSystems, label: 'All systems' }, ...systems]}
                    allowDeselect={false}
                  />
                  <TextInput
                    label="Scope contains"
                    size="sm"
                    w={220}
                    value={scope}
                    onChange={(e) => setScope(e.currentTarget.value)}
                    placeholder="web-1, /etc, namespace…"
                    spellCheck={false}
                  />
                </Group>
              )}
            </Group>
            {list.state.status === 'error' && (
              <ErrorAlert title="Could not list restore points" error={list.state.error} />
            )}
            {empty && <PointsEmpty />}
            {list.items.length > 0 && shown.length === 0 && (
              <Text size="sm" c="dimmed">
                No restore point matches these filters.
              </Text>
            )}
            {shown.length > 0 && (
              <DataTable
                data={shown}
                columns={columns}
                getRowId={(p) => p.id}
                label="Restore points"
                estimateRowHeight={58}
                rowProps={(p) => ({
                  'data-point-row': p.shortId,
                  'data-selected': p.id === selectedId ? 'true' : undefined,
                })}
              />
            )}
            {list.items.length >= pointsLimit && (
              <Text size="xs" c="dimmed">
                Showing the newest {pointsLimit} restore points.
              </Text>
            )}
            <CatalogRebuild />
          </Stack>
        </Paper>
        {selected && <PointDetails point={selected} now={now} onClose={() => selectPoint(undefined)} />}
      </Stack>
    </>
  );
}
