// The systems table: name, owner, criticality, objectives, scopes, repository, actions.
import { Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { SystemView } from '../../../core/api/contract';
import type { Features } from '../tables/features';
import { CriticalityText } from './criticality';
import { objectiveText } from './objective-text';
import { describeScope } from './scope-text';

const col = createColumnHelper<Features, SystemView>();

const dimmedDash = (
  <Text size="sm" c="dimmed">
    —
  </Text>
);

export function systemColumns(opts: { onEdit: (s: SystemView) => void; onRemove: (s: SystemView) => void }) {
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
              <Text size="compact-sm" c="dimmed" lineClamp={2}>
                {s.description}
              </Text>
            )}
          </Stack>
        );
      },
      meta: { width: '10rem' },
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
              <Text size="compact-sm" c="dimmed" className="lb-break-words">
                {contact}
              </Text>
            )}
          </Stack>
        );
      },
      meta: { width: '11rem' },
    }),
    col.accessor('criticality', {
      header: 'Criticality',
      cell: (info) => <CriticalityText value={info.getValue()} />,
      meta: { width: '7rem' },
    }),
    col.display({
      id: 'rpo',
      header: () => <abbr title="Recovery point objective: most data you can afford to lose">RPO</abbr>,
      cell: (info) => (
        <Text size="sm" className="lb-num">
          {objectiveText(info.row.original.rpo)}
        </Text>
      ),
      meta: { width: '3.75rem' },
    }),
    col.display({
      id: 'rto',
      header: () => <abbr title="Recovery time objective: longest a restore may take">RTO</abbr>,
      cell: (info) => (
        <Text size="sm" className="lb-num">
          {objectiveText(info.row.original.rto)}
        </Text>
      ),
      meta: { width: '3.75rem' },
    }),
    col.display({
      id: 'drill',
      header: () => <abbr title="Drill interval: how often a restore is tested">Drill</abbr>,
      cell: (info) => {
        const d = info.row.original.drillEvery;
        return d ? (
          <Text size="sm" className="lb-num">
            {objectiveText(d)}
          </Text>
        ) : (
          dimmedDash
        );
      },
      meta: { width: '4.25rem' },
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
    col.accessor('repository', {
      header: 'Repository',
      cell: (info) => (
        <Text size="sm" className="lb-break-words">
          {info.getValue()}
        </Text>
      ),
    }),
    col.display({
      id: 'actions',
      header: () => <span className="lb-visually-hidden">Actions</span>,
      cell: (info) => {
        const s = info.row.original;
        return (
          <Group gap={6} justify="flex-end" wrap="nowrap" preventGrowOverflow={false}>
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
      meta: { width: '9.5rem', align: 'right' },
    }),
  ]);
}
