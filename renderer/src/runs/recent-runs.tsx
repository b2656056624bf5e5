// Runs, newest first (run.list, kept live by run.updated): when, which system, what kind of run,
// how it stands (icon + words), restore time against the RTO, and Open (the step-by-step view).
import { Button, Stack, Table, Text } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import type { RunView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatRelativeTime } from '../format';
import { useAppStore } from '../store';
import { selectRunList, type RunPlace } from '../store/runs-slice';
import { useNow } from '../use-now';
import { modeLook, runStateLook, rtoVerdict } from './run-text';

export function RecentRuns({
  place,
  filter,
  empty,
  label,
  limit = 20,
}: {
  place: RunPlace;
  filter: (run: RunView) => boolean;
  empty: string;
  label: string;
  limit?: number;
}) {
  const all = useAppStore(useShallow(selectRunList));
  const state = useAppStore((s) => s.runsState);
  const openRun = useAppStore((s) => s.openRun);
  const now = useNow(30_000);
  const runs = all.filter(filter).slice(0, limit);
  return (
    <Stack gap="sm">
      {state.status === 'error' && <ErrorAlert title="Could not list the runs" error={state.error} />}
      {runs.length === 0 && state.status === 'ready' && (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
      {runs.length > 0 && (
        <Table verticalSpacing="xs" aria-label={label} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Started</Table.Th>
              <Table.Th>System</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Restore time vs RTO</Table.Th>
              <Table.Th>
                <span className="lb-visually-hidden">Open</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((run) => {
              const look = runStateLook[run.state];
              const rto = rtoVerdict(run.restoreSeconds, run.rtoSeconds, run.mode === 'rehearsal');
              return (
                <Table.Tr key={run.id} data-run-row={run.id} data-run-state={run.state}>
                  <Table.Td>
                    <Text size="sm">{formatRelativeTime(run.startedAt, now)}</Text>
                    <Text size="xs" c="dimmed" className="lb-num">
                      {formatDateTime(run.startedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {run.system}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{modeLook[run.mode].title}</Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusText tone={look.tone}>{look.text}</StatusText>
                  </Table.Td>
                  <Table.Td>
                    <StatusText tone={rto.tone} size="xs">
                      {rto.text}
                    </StatusText>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => openRun(run.id, place)}>
                      Open
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
