// Recover, guided: 1 what broke (the system, with its owner and scopes; when the incident
// started) → 2 the runbook that will be followed (runbook.resolve: its steps, owner and contact,
// and why this one) → "Start the recovery" (run.start, mode incident). The run then shows step
// by step (runs/run-view). Runs still going are listed first, to pick one up again.
import {
  Alert,
  Button,
  Group,
  Kbd,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { RunbookView, SystemView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { InfoIcon } from '../components/icons';
import { formatDateTime } from '../format';
import { RecentRuns } from '../runs/recent-runs';
import { RunbookSteps } from '../runs/runbook-steps';
import { ownerLine, runFinished } from '../runs/run-text';
import { useAppStore } from '../store';
import { resolutionKey } from '../store/runs-slice';
import { CriticalityText } from '../systems/criticality';
import { objectiveText } from '../systems/objective-text';
import { describeScope } from '../systems/scope-text';
import { useNow } from '../use-now';
import { isoFromLocal, localInputValue } from './recover-draft';

function SystemFacts({ system }: { system: SystemView }) {
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="guided-system">
      <Stack gap={4}>
        <Group gap="sm" justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600}>
            System {system.name}
          </Text>
          <CriticalityText value={system.criticality} />
        </Group>
        <Text size="sm">{ownerLine(system.owner)}</Text>
        <Text size="xs" c="dimmed">
          RPO {objectiveText(system.rpo)} · RTO {objectiveText(system.rto)} · repository {system.repository}
        </Text>
        <Text size="xs" c="dimmed" className="lb-break-words">
          {system.scopes.length === 1 ? 'Scope: ' : 'Scopes: '}
          {system.scopes.map((s) => describeScope(s.text)).join(' · ')}
        </Text>
      </Stack>
    </Paper>
  );
}

function WhatBroke() {
  const systems = useAppStore((s) => s.estate.systems.items);
  const guided = useAppStore((s) => s.guided);
  const error = useAppStore((s) => s.guidedError);
  const setGuided = useAppStore((s) => s.setGuided);
  const now = useNow(30_000);
  const system = systems.find((s) => s.name === guided.system);
  const typed = guided.incidentStart ? isoFromLocal(guided.incidentStart) : undefined;
  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="guided-what-heading"
      data-step="guided-what"
    >
      <Stack gap="md">
        <Title order={2} size="h4" id="guided-what-heading">
          1. What broke
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="xs">
            <NativeSelect
              label="System"
              description="The system in trouble: its runbook is followed."
              value={guided.system}
              onChange={(e) => setGuided({ system: e.currentTarget.value })}
              data={[
                {
                  value: '',
                  label: systems.length ? 'Choose a system…' : 'No system yet: add one on Systems',
                },
                ...systems.map((s) => ({ value: s.name, label: `${s.name} — ${s.owner.team}` })),
              ]}
              id="guided-system"
              data-autofocus
            />
            {system && <SystemFacts system={system} />}
          </Stack>
          <Stack gap={4}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                type="datetime-local"
                step={1}
                label="Incident started"
                value={guided.incidentStart || localInputValue(now)}
                onChange={(e) => setGuided({ incidentStart: e.currentTarget.value })}
                error={error}
                w={260}
                id="guided-incident-start"
              />
              <Button
                variant="default"
                onClick={() => setGuided({ incidentStart: '' })}
                disabled={!guided.incidentStart}
              >
                Now
              </Button>
            </Group>
            <Text size="xs" c="dimmed" maw={520}>
              {typed
                ? `Restores use the newest usable point before ${formatDateTime(typed)} (your local time).`
                : 'Now, when the run starts, unless you set when the trouble began (your local time). Restores use the newest usable point before it.'}{' '}
              What is restored inside the scope is set by the runbook’s restore steps, listed below.
            </Text>
          </Stack>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** Parameters Lifeboat fills from the system and its scope; the others may be given here. */
const filledFromScope = new Set([
  'system',
  'scope',
  'server',
  'path',
  'cluster',
  'namespace',
  'resourceKind',
  'resourceName',
]);

function RunbookValues({ system, book }: { system: SystemView; book: RunbookView }) {
  const values = useAppStore((s) => s.guided.parameters);
  const setGuided = useAppStore((s) => s.setGuided);
  const resolveRunbook = useAppStore((s) => s.resolveRunbook);
  const open = book.parameters.filter((p) => !filledFromScope.has(p.name));
  if (open.length === 0) return null;
  const apply = () => void resolveRunbook(system.name, undefined, useAppStore.getState().guided.parameters);
  return (
    <Stack gap="xs" data-testid="runbook-values">
      <Text size="sm" fw={600}>
        Values for this run
      </Text>
      <Text size="xs" c="dimmed">
        The steps below follow these values; leave one empty for the runbook’s own (the whole scope, no extra
        check).
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {open.map((p) => (
          <TextInput
            key={p.name}
            label={p.name === 'file' ? 'What to restore inside the scope (file)' : p.name}
            description={p.description}
            value={values[p.name] ?? p.value ?? p.default ?? ''}
            onChange={(e) =>
              setGuided({
                parameters: { ...useAppStore.getState().guided.parameters, [p.name]: e.currentTarget.value },
              })
            }
            onBlur={apply}
            onKeyDown={(e) => {
              if (e.key === 'Enter') apply();
            }}
            spellCheck={false}
            autoComplete="off"
            className="lb-mono-field"
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function TheRunbook({ system }: { system: SystemView }) {
  const resolution = useAppStore((s) => s.resolutions[resolutionKey(system.name)]);
  const start = useAppStore((s) => s.runStart);
  const startRun = useAppStore((s) => s.startRun);
  const key = `incident:${system.name}`;
  const starting = start.status === 'starting' && start.key === key;
  const book = resolution?.runbook;
  const owner = book?.owner ?? system.owner;
  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="guided-runbook-heading"
      data-step="guided-runbook"
    >
      <Stack gap="md">
        <Title order={2} size="h4" id="guided-runbook-heading">
          2. The runbook that will be followed
        </Title>
        {(!resolution || resolution.state.status === 'loading') && !book && (
          <Group gap="sm" role="status">
            <Loader size="sm" />
            <Text size="sm">Finding the runbook of {system.name}…</Text>
          </Group>
        )}
        {resolution?.state.status === 'error' && !book && (
          <ErrorAlert title="No runbook can be followed for this system" error={resolution.state.error} />
        )}
        {book && (
          <Stack gap="md" data-runbook={book.name}>
            <Stack gap={4}>
              <Text size="lg" fw={700}>
                {book.name}
                {book.version !== undefined ? ` (version ${book.version})` : ''}
              </Text>
              <Text size="sm" fw={600} data-testid="guided-owner">
                {ownerLine(owner)}
              </Text>
              {resolution?.why && (
                <Text size="sm" c="dimmed">
                  {resolution.why}
                </Text>
              )}
              {book.description && (
                <Text size="sm" className="lb-break-words" maw={760}>
                  {book.description}
                </Text>
              )}
            </Stack>
            <RunbookValues system={system} book={book} />
            {resolution?.state.status === 'error' && (
              <ErrorAlert title="These values do not fit the runbook" error={resolution.state.error} />
            )}
            <RunbookSteps steps={book.steps} />
            {start.status === 'error' && start.key === key && (
              <ErrorAlert title="The run did not start" error={start.error} />
            )}
            <Alert variant="light" color="red" icon={<InfoIcon size={20} />} title="An incident run is real">
              Restores write to the live targets — each one only after its exact preview, a safety point and
              your confirmation. Every step and decision goes on the record.
            </Alert>
            <Group gap="sm">
              <Button
                size="md"
                id="guided-start"
                loading={starting}
                onClick={() => void startRun('incident', system.name, 'recover')}
              >
                Start the recovery
              </Button>
              <Text size="xs" c="dimmed">
                <Kbd size="xs">Enter</Kbd> on the button · the first step then takes focus
              </Text>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function GuidedWizard() {
  const systemName = useAppStore((s) => s.guided.system);
  const system = useAppStore((s) => s.estate.systems.items.find((x) => x.name === systemName));
  const going = useAppStore((s) =>
    Object.values(s.runs).some((r) => !runFinished(r) && r.mode === 'incident'),
  );
  return (
    <Stack gap="lg">
      {going && (
        <Paper withBorder p="lg" component="section" aria-labelledby="guided-going-heading">
          <Stack gap="sm">
            <Title order={2} size="h5" id="guided-going-heading">
              Runs not finished
            </Title>
            <RecentRuns
              place="recover"
              label="Runs not finished"
              filter={(r) => !runFinished(r) && r.mode === 'incident'}
              empty="No incident run is going on: start one below."
            />
          </Stack>
        </Paper>
      )}
      <WhatBroke />
      {system && <TheRunbook system={system} />}
      <Paper withBorder p="lg" component="section" aria-labelledby="guided-past-heading">
        <Stack gap="sm">
          <Title order={2} size="h5" id="guided-past-heading">
            Past incident runs
          </Title>
          <RecentRuns
            place="recover"
            label="Past incident runs"
            filter={(r) => runFinished(r) && r.mode === 'incident'}
            empty="No incident run has ended yet."
            limit={10}
          />
        </Stack>
      </Paper>
    </Stack>
  );
}
