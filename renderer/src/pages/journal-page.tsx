// The journal: newest entries first, live from journal.entry events, with the head of the chain.
import { Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { ExportReport } from '../components/export-report';
import { PageHeader } from '../components/page-header';
import { useAppStore } from '../store';
import { DataTable } from '../tables/data-table';
import { useNow } from '../use-now';
import { journalColumns } from './journal-columns';
import { JournalVerify } from './journal-verify';

export function JournalPage() {
  const entries = useAppStore((s) => s.journal);
  const headHash = useAppStore((s) => s.headHash);
  const state = useAppStore((s) => s.journalState);
  const now = useNow();
  const columns = useMemo(() => journalColumns(now), [now]);

  return (
    <>
      <PageHeader page="journal" />
      <Paper withBorder p="lg" component="section" aria-labelledby="evidence-heading" mb="lg">
        <Stack gap="md">
          <Title order={2} size="h4" id="evidence-heading">
            Evidence
          </Title>
          <ExportReport
            id="journal-export-report"
            what="Every system: protection against the RPO, restore points, verifications, restores, drills, and this journal verified."
          />
          <JournalVerify />
        </Stack>
      </Paper>
      <Paper withBorder p="lg" component="section" aria-labelledby="journal-heading">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start">
            <Title order={2} size="h4" id="journal-heading">
              Entries
            </Title>
            {state.status === 'loading' && <Loader size="xs" aria-label="Loading the journal" />}
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed">
              Head of the chain:
            </Text>
            {headHash ? (
              <Code className="lb-break" data-testid="journal-head">
                {headHash}
              </Code>
            ) : (
              <Text size="sm">not known yet</Text>
            )}
            {headHash && entries.length === 0 && state.status === 'ready' && (
              <Text size="sm" c="dimmed">
                (the starting value: nothing is recorded yet)
              </Text>
            )}
          </Group>
          {state.status === 'error' && <ErrorAlert title="Could not read the journal" error={state.error} />}
          {entries.length === 0 && state.status === 'ready' && (
            <Text c="dimmed" className="lb-empty-text">
              The journal is empty. Everything Lifeboat does (backups, verifications, restores, drills) is
              recorded here as it happens.
            </Text>
          )}
          {entries.length > 0 && (
            <DataTable
              data={entries}
              columns={columns}
              getRowId={(e) => String(e.seq)}
              label="Journal entries"
              estimateRowHeight={60}
            />
          )}
        </Stack>
      </Paper>
    </>
  );
}
