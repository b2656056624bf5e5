// The systems table: name (and repository), owner, criticality, objectives, scopes, the newest
// backup of each scope against the RPO with "Back up now", and the row's actions.
import { Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { SystemStatus, SystemView } from '../../../core/api/contract';
import type { Features } from '../tables/features';
import { CriticalityText } from './criticality';
import { objectiveText } from './objective-text';
import { describeScope } from './scope-text';
import { SystemBackup } from './system-backup';

const col = createColumnHelper<Features, SystemView>();

export function systemColumns(opts: {
  onEdit: (s: SystemView) => void;
  onRemove: (s: SystemView) => void;
  /** Each system's protection (system.status), by name. */
  status: ReadonlyMap<string, SystemStatus>;
  now: Date;
}) {
  return col.columns([
    col.accessor('name', {
      header: 'Name',
      cell: (info) => {
        const s = info.row.original;
        return (
          <Stack gap={2}>
            <Text size="sm" fw={600} className="lb-break-words">
              {s.name}
            </Text>
            {s.description && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {s.description}
              </Text>
            )}
            <Text size="xs" c="dimmed" className="lb-break-words">
              repository {s.repository}
            </Text>
          </Stack>
        );
      },
      meta: { width: '9rem' },
    }),
    col.display({
      id: 'owner',
      header: 'Owner',
      cell: (info) => {
        const { team, contact } = info.row.original.owner;
        return (
          <Stack gap={2}>
            <Text size="sm" className="lb-break-words">
              {team}
            </Text>
            {contact && (
              <Text size="xs" c="dimmed" className="lb-break-words">
                {contact}
              </Text>
            )}
          </Stack>
        );
      },
      meta: { width: '9.5rem' },
    }),
    col.accessor('criticality', {
      header: 'Criticality',
      cell: (info) => <CriticalityText value={info.getValue()} />,
      meta: { width: '7rem' },
    }),
    col.display({
      id: 'objectives',
      header: 'Objectives',
      cell: (info) => {
        const { rpo, rto, drillEvery } = info.row.original;
        return (
          <Stack gap={0} className="lb-num">
            <Text size="xs">
              <abbr title="Recovery point objective: most data you can afford to lose">RPO</abbr>{' '}
              {objectiveText(rpo)}
            </Text>
            <Text size="xs">
              <abbr title="Recovery time objective: longest a restore may take">RTO</abbr>{' '}
              {objectiveText(rto)}
            </Text>
            <Text size="xs" c={drillEvery ? undefined : 'dimmed'}>
              <abbr title="Drill interval: how often a restore is tested">Drill</abbr>{' '}
              {drillEvery ? objectiveText(drillEvery) : '—'}
            </Text>
          </Stack>
        );
      },
      meta: { width: '6rem' },
    }),
    col.display({
      id: 'scopes',
      header: 'Scopes',
      cell: (info) => {
        const scopes = info.row.original.scopes;
        return (
          <Tooltip
            multiline
            maw={360}
            withArrow
            label={scopes.map((s) => describeScope(s.text)).join('\n')}
            style={{ whiteSpace: 'pre-line' }}
          >
            <Text
              size="sm"
              className="lb-num"
              tabIndex={0}
              aria-label={`${scopes.length} scopes: ${scopes.map((s) => describeScope(s.text)).join('; ')}`}
            >
              {scopes.length}
            </Text>
          </Tooltip>
        );
      },
      meta: { width: '4.5rem', align: 'right' },
    }),
    col.display({
      id: 'latest',
      header: 'Protection',
      cell: (info) => (
        <SystemBackup
          system={info.row.original}
          status={opts.status.get(info.row.original.name)}
          now={opts.now}
        />
      ),
    }),
    col.display({
      id: 'actions',
      header: () => <span className="lb-visually-hidden">Actions</span>,
      cell: (info) => {
        const s = info.row.original;
        return (
          <Group
            gap={6}
            justify="flex-end"
            wrap="nowrap"
            preventGrowOverflow={false}
            className="lb-row-actions"
          >
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => opts.onEdit(s)}
              aria-label={`Edit system ${s.name}`}
            >
              Edit
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={() => opts.onRemove(s)}
              aria-label={`Remove system ${s.name}`}
            >
              Remove
            </Button>
          </Group>
        );
      },
      meta: { width: '10.5rem', align: 'right' },
    }),
  ]);
}
