// The run as a timeline: every step with its state (icon + words), when it started and ended and
// how long it took; the step the run is at is marked. Reached with Tab; each step is a button
// that scrolls its card into view when it is the current one.
import { Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import type { RunView } from '../../../core/api/contract';
import { toneLook } from '../components/status-text';
import { formatDateTime } from '../format';
import { useNow } from '../use-now';
import { currentStep, kindLabel, stepDurationText, stepStateLook } from './run-text';

const time = (iso: string) => formatDateTime(iso).slice(11);

export function RunTimeline({ run }: { run: RunView }) {
  const now = useNow(1_000);
  const current = currentStep(run);
  const lastDone = run.steps.reduce(
    (n, s, i) => (s.state === 'Succeeded' || s.state === 'Skipped' ? i : n),
    -1,
  );
  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="run-timeline-heading"
      data-testid="run-timeline"
    >
      <Stack gap="md">
        <Title order={2} size="h4" id="run-timeline-heading">
          Timeline
        </Title>
        <Text size="xs" c="dimmed">
          Started {formatDateTime(run.startedAt)}
          {run.finishedAt ? ` · ended ${formatDateTime(run.finishedAt)}` : ''}
        </Text>
        <Timeline active={lastDone} bulletSize={22} lineWidth={2} aria-label="Steps of the run">
          {run.steps.map((step) => {
            const look = stepStateLook[step.state];
            const { Icon, color } = toneLook[look.tone];
            const took = stepDurationText(step, now);
            const here = current?.id === step.id;
            return (
              <Timeline.Item
                key={step.id}
                bullet={<Icon size={14} />}
                color={color === 'dimmed' ? 'gray' : color}
                data-timeline-step={step.id}
                data-step-state={step.state}
                title={
                  <Text size="sm" fw={here ? 700 : 500} className="lb-break-words">
                    {step.title}
                    {here ? ' ← now' : ''}
                  </Text>
                }
              >
                <Text size="xs" c={color === 'dimmed' ? 'dimmed' : color}>
                  {kindLabel[step.kind]} · {look.text}
                </Text>
                {step.startedAt && (
                  <Text size="xs" c="dimmed" className="lb-num">
                    {time(step.startedAt)}
                    {step.finishedAt ? ` → ${time(step.finishedAt)}` : ''}
                    {took ? ` (${took})` : ''}
                  </Text>
                )}
                {step.skippedReason && (
                  <Text size="xs" c="dimmed" className="lb-break-words">
                    Skipped: {step.skippedReason}
                  </Text>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      </Stack>
    </Paper>
  );
}
