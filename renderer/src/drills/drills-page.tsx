// Drills: every system's last drill, its measured restore time against the RTO and when the next
// is due (overdue first); start a drill (a real restore into a sandbox, asked first) or a
// rehearsal (a dry run); the runs started here open in the same step-by-step view as Recover's.
import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../components/error-alert';
import { WarningIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { RecentRuns } from '../runs/recent-runs';
import { RunPanel } from '../runs/run-view';
import { useAppStore } from '../store';
import { DrillTable } from './drill-table';
import { StartDrillDialog } from './start-drill-dialog';

function DrillOverview() {
  const drills = useAppStore((s) => s.drills);
  const start = useAppStore((s) => s.runStart);
  const overdue = drills.items.filter((d) => d.overdue).length;
  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" component="section" aria-labelledby="drills-heading">
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={2} size="h4" id="drills-heading">
              Systems
            </Title>
            {drills.state.status === 'loading' && <Loader size="xs" aria-label="Loading the drills" />}
          </Group>
          {overdue > 0 && (
            <Alert
              color="orange"
              variant="light"
              icon={<WarningIcon size={20} />}
              title={`${overdue} ${overdue === 1 ? 'drill is' : 'drills are'} overdue`}
              data-testid="drills-overdue"
            >
              Listed first. Until a drill restores a system, nobody knows how long its recovery takes.
            </Alert>
          )}
          {drills.state.status === 'error' && (
            <ErrorAlert title="Could not read the drills" error={drills.state.error} />
          )}
          {start.status === 'error' && <ErrorAlert title="The run did not start" error={start.error} />}
          {drills.items.length === 0 && drills.state.status === 'ready' && (
            <Text c="dimmed" data-testid="drills-empty">
              No system yet. Describe a system on Systems; its drills are tracked here.
            </Text>
          )}
          {drills.items.length > 0 && <DrillTable rows={drills.items} />}
          {/* What the buttons of the table do: only where there is a table. */}
          {drills.items.length > 0 && (
            <Text size="xs" c="dimmed">
              Start drill: a real restore of the runbook into a sandbox — live targets untouched — timed
              against the RTO. Rehearse: a dry run of the runbook — no writes, no connections — with estimated
              times.
            </Text>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="lg" component="section" aria-labelledby="runs-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="runs-heading">
            Recent runs
          </Title>
          <RecentRuns
            place="drills"
            label="Recent runs"
            filter={() => true}
            empty={
              drills.items.length > 0
                ? 'No run yet: start a drill or a rehearsal above.'
                : 'No run yet: once a system is described, its drills and rehearsals start above.'
            }
          />
        </Stack>
      </Paper>
    </Stack>
  );
}

export function DrillsPage() {
  const runId = useAppStore((s) => s.openRuns.drills);
  const closeRun = useAppStore((s) => s.closeRun);
  return (
    <>
      <PageHeader page="drills" />
      {runId ? (
        <Stack gap="sm">
          <Group>
            <Button variant="subtle" size="xs" onClick={() => closeRun('drills')}>
              ← All drills
            </Button>
          </Group>
          <RunPanel key={runId} runId={runId} place="drills" />
        </Stack>
      ) : (
        <DrillOverview />
      )}
      <StartDrillDialog />
    </>
  );
}
