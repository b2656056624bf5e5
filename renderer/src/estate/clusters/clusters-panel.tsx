// Settings → Clusters: Kubernetes clusters imported from kubeconfig contexts, with Add, Test and
// Remove. There is no cluster.update: to change one, remove it and add it again.
import { Paper, Stack } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { ClusterTestReport, ClusterView } from '../../../../core/api/contract';
import { asApiError } from '../../api/client';
import { RemoveDialog, type RemoveRequest } from '../../components/remove-dialog';
import { useAppStore } from '../../store';
import { callWithVault } from '../../store/call-with-vault';
import { DataTable } from '../../tables/data-table';
import { EstateTableArea } from '../estate-table-area';
import { PanelHeader } from '../panel-header';
import { TestResultCard } from '../test-result-card';
import { useTestRuns } from '../use-test-runs';
import { ClusterAddDialog } from './cluster-add-dialog';
import { clusterColumns } from './cluster-columns';
import { ClusterReport } from './cluster-report';

export function ClustersPanel() {
  const list = useAppStore((s) => s.estate.clusters);
  const loadEntries = useAppStore((s) => s.loadEntries);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<RemoveRequest | undefined>();
  const runs = useTestRuns<ClusterTestReport>();
  const { start, finish, fail } = runs;
  const reload = useCallback(() => void loadEntries('clusters'), [loadEntries]);

  const test = useCallback(
    async (name: string) => {
      start(name);
      try {
        finish(name, (await callWithVault('cluster.test', { name })).report);
      } catch (e) {
        fail(name, asApiError(e));
      }
    },
    [start, finish, fail],
  );

  const columns = useMemo(
    () =>
      clusterColumns({
        isTesting: (name) => runs.get(name)?.status === 'running',
        onTest: (c) => void test(c.name),
        onRemove: (c: ClusterView) =>
          setRemoving({
            what: `cluster ${c.name}`,
            effects: [
              `removes cluster ${c.name} (context ${c.context}) from Lifeboat`,
              'deletes its stored kubeconfig credentials from the vault',
            ],
            keeps: 'Nothing in the cluster changes. Lifeboat refuses while a system still has a scope in it.',
            async perform() {
              await callWithVault('cluster.remove', { name: c.name });
              runs.dismiss(c.name);
              reload();
            },
          }),
      }),
    [runs, test, reload],
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="clusters-heading">
      <Stack gap="md">
        <PanelHeader
          id="clusters-heading"
          title="Clusters"
          count={list.items.length}
          loading={list.state.status === 'loading'}
          addLabel="Add clusters"
          onAdd={() => setAdding(true)}
        >
          Kubernetes clusters, one kubeconfig context each; the context&apos;s credentials are kept in the
          vault. A cluster cannot be edited in place: to change one, remove it and add it again from its
          kubeconfig.
        </PanelHeader>
        <EstateTableArea
          list={list}
          what="clusters"
          empty="No clusters yet. Add contexts from a kubeconfig to protect namespaces and resources."
        >
          <DataTable data={list.items} columns={columns} getRowId={(c) => c.name} label="Clusters" />
        </EstateTableArea>
        {runs.list.map((run) => (
          <TestResultCard
            key={run.name}
            kind="cluster"
            run={run}
            ok={(r) => r.ok}
            onDismiss={() => runs.dismiss(run.name)}
          >
            {(report) => <ClusterReport report={report} />}
          </TestResultCard>
        ))}
      </Stack>
      <ClusterAddDialog
        opened={adding}
        existing={list.items}
        onCancel={() => setAdding(false)}
        onAdded={(names) => {
          setAdding(false);
          reload();
          for (const name of names) void test(name);
        }}
      />
      <RemoveDialog request={removing} onClose={() => setRemoving(undefined)} />
    </Paper>
  );
}
