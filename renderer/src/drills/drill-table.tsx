// Per system: when it was last drilled, how that went (icon + words), the measured restore time
// against its RTO (within / over, in words), when the next drill is due — overdue ones first and
// marked — and "Start drill…" (asks first) and "Rehearse" (no writes, no connections).
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { DrillStatus, SystemView } from '../../../core/api/contract';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatRelativeTime } from '../format';
import { drillDue, drillResult, drillRto, sortDrills } from '../runs/run-text';
import { useAppStore } from '../store';
import { useNow } from '../use-now';

function Row({ d, system, now }: { d: DrillStatus; system: SystemView | undefined; now: Date }) {
  const start = useAppStore((s) => s.runStart);
  const startRun = useAppStore((s) => s.startRun);
  const setConfirm = useAppStore((s) => s.setDrillConfirm);
  const resolveRunbook = useAppStore((s) => s.resolveRunbook);
  const result = drillResult(d);
  const rto = drillRto(d);
  const due = drillDue(d, formatDateTime);
  const rehearsing = start.status === 'starting' && start.key === `rehearsal:${d.system}`;
  const drilling = start.status === 'starting' && start.key === `drill:${d.system}`;
  return (
    <Table.Tr
      data-drill-row={d.system}
      data-overdue={d.overdue ? 'true' : 'false'}
      className={d.overdue ? 'lb-row-overdue' : undefined}
    >
      <Table.Td>
        <Text size="sm" fw={600}>
          {d.system}
        </Text>
        {system && (
          <Text size="xs" c="dimmed">
            {system.owner.team}
            {system.owner.contact ? ` · ${system.owner.contact}` : ''}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {d.last ? (
          <>
            <Text size="sm">{formatRelativeTime(d.last.at, now)}</Text>
            <Text size="xs" c="dimmed" className="lb-num">
              {formatDateTime(d.last.at)}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Never
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <StatusText tone={result.tone}>{result.text}</StatusText>
      </Table.Td>
      <Table.Td>
        <StatusText tone={rto.tone} size="xs">
          {rto.text}
        </StatusText>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <span data-testid="drill-due">
            <StatusText tone={due.tone} size={d.overdue ? 'sm' : 'xs'}>
              {d.overdue ? <strong>{due.text}</strong> : due.text}
            </StatusText>
          </span>
          {d.drillEvery && (
            <Text size="xs" c="dimmed">
              every {d.drillEvery.text}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant={d.overdue ? 'filled' : 'default'}
            loading={drilling}
            onClick={() => {
              void resolveRunbook(d.system);
              setConfirm(d.system);
            }}
          >
            Start drill…
          </Button>
          <Button
            size="xs"
            variant="subtle"
            loading={rehearsing}
            onClick={() => void startRun('rehearsal', d.system, 'drills')}
            title="A dry run of the runbook: nothing is written, nothing is connected"
          >
            Rehearse (no writes)
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function DrillTable({ rows }: { rows: readonly DrillStatus[] }) {
  const systems = useAppStore((s) => s.estate.systems.items);
  const now = useNow(30_000);
  const sorted = useMemo(() => sortDrills(rows), [rows]);
  return (
    <Table verticalSpacing="sm" aria-label="Drills by system" className="lb-drill-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>System</Table.Th>
          <Table.Th>Last drilled</Table.Th>
          <Table.Th>Result</Table.Th>
          <Table.Th>Measured restore time</Table.Th>
          <Table.Th>Next drill</Table.Th>
          <Table.Th>
            <span className="lb-visually-hidden">Actions</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((d) => (
          <Row key={d.system} d={d} system={systems.find((s) => s.name === d.system)} now={now} />
        ))}
      </Table.Tbody>
    </Table>
  );
}
