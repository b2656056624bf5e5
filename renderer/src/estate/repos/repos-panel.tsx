// Settings → Repositories: where restore points are kept (local folders, S3-compatible bucket
// prefixes), with Add, Change (new location or credentials, same name), Connect, Test and Remove.
import { Paper, Stack } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { RepoTestReport, RepoView } from '../../../../core/api/contract';
import { asApiError } from '../../api/client';
import { RemoveDialog, type RemoveRequest } from '../../components/remove-dialog';
import { useAppStore } from '../../store';
import { callWithVault } from '../../store/call-with-vault';
import { DataTable } from '../../tables/data-table';
import { EstateTableArea } from '../estate-table-area';
import { PanelHeader } from '../panel-header';
import { TestResultCard } from '../test-result-card';
import { useTestRuns } from '../use-test-runs';
import { repoColumns } from './repo-columns';
import { RepoFormDialog } from './repo-form';
import { RepoInitDialog, type RepoSetup } from './repo-init-dialog';
import { RepoReport } from './repo-report';

function removeRequest(r: RepoView, done: () => void): RemoveRequest {
  const secrets =
    r.location.kind === 's3' && r.location.credentials.kind === 'keys'
      ? ' and deletes its stored secret key'
      : '';
  return {
    what: `repository ${r.name}`,
    effects: [`forgets repository ${r.name} (${r.url})${secrets}`],
    keeps:
      'The restore points in it are not touched. Lifeboat refuses while a system keeps its restore points there.',
    async perform() {
      await callWithVault('repo.remove', { name: r.name });
      done();
    },
  };
}

export function ReposPanel() {
  const list = useAppStore((s) => s.estate.repositories);
  const loadEntries = useAppStore((s) => s.loadEntries);
  const [form, setForm] = useState<{ replacing: RepoView | undefined } | undefined>();
  const [removing, setRemoving] = useState<RemoveRequest | undefined>();
  const [setup, setSetup] = useState<RepoSetup | undefined>();
  const runs = useTestRuns<RepoTestReport>();
  const { start, finish, fail } = runs;
  const reload = useCallback(() => void loadEntries('repositories'), [loadEntries]);

  const test = useCallback(
    async (name: string) => {
      start(name);
      try {
        finish(name, (await callWithVault('repo.test', { name })).report);
      } catch (e) {
        fail(name, asApiError(e));
      }
    },
    [start, finish, fail],
  );

  const columns = useMemo(
    () =>
      repoColumns({
        isTesting: (name) => runs.get(name)?.status === 'running',
        onInit: (repo) => setSetup({ repo, mode: 'create' }),
        onConnect: (repo) => setSetup({ repo, mode: 'connect' }),
        onTest: (r) => void test(r.name),
        onChange: (r) => setForm({ replacing: r }),
        onRemove: (r) =>
          setRemoving(
            removeRequest(r, () => {
              runs.dismiss(r.name);
              reload();
            }),
          ),
      }),
    [runs, test, reload],
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="repositories-heading">
      <Stack gap="md">
        <PanelHeader
          id="repositories-heading"
          title="Repositories"
          count={list.items.length}
          loading={list.state.status === 'loading'}
          addLabel="Add a repository"
          onAdd={() => setForm({ replacing: undefined })}
        >
          Where restore points are kept: a folder (a USB disk, a NAS mount) or a prefix in an S3-compatible
          bucket. A new location needs “Create repository here” (a passphrase that encrypts it) before its
          first backup; for one that exists there already, “Connect to existing…” takes its passphrase.
        </PanelHeader>
        <EstateTableArea
          list={list}
          what="repositories"
          empty="No repositories yet. Add a folder or a bucket where restore points will be kept."
        >
          <DataTable data={list.items} columns={columns} getRowId={(r) => r.name} label="Repositories" />
        </EstateTableArea>
        {runs.list.map((run) => (
          <TestResultCard
            key={run.name}
            kind="repository"
            run={run}
            ok={(r) => r.ok}
            onDismiss={() => runs.dismiss(run.name)}
          >
            {(report) => <RepoReport report={report} />}
          </TestResultCard>
        ))}
      </Stack>
      <RepoFormDialog
        opened={form !== undefined}
        replacing={form?.replacing}
        onCancel={() => setForm(undefined)}
        onSaved={(name) => {
          setForm(undefined);
          reload();
          void test(name);
        }}
      />
      <RemoveDialog request={removing} onClose={() => setRemoving(undefined)} />
      <RepoInitDialog
        setup={setup}
        onCancel={() => setSetup(undefined)}
        onDone={() => {
          setSetup(undefined);
          reload();
        }}
      />
    </Paper>
  );
}
