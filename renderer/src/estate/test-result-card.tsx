// One connection test's outcome: running, the report (drawn by the caller), or the error.
import { CloseButton, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { StatusText } from '../components/status-text';
import { formatDateTime } from '../format';
import type { TestRun } from './use-test-runs';

export function TestResultCard<R>({
  kind,
  run,
  ok,
  children,
  onDismiss,
  errorHint,
  decision,
}: {
  /** "server", "cluster", "repository" */
  kind: string;
  run: TestRun<R>;
  ok: (report: R) => boolean;
  children: (report: R) => ReactNode;
  onDismiss: () => void;
  /** Extra words under an error (e.g. what to do about a host key). */
  errorHint?: ReactNode;
  /** An error that is a question for the user, not a failure (an unknown host key): drawn calmly. */
  decision?: { status: string; body: ReactNode };
}) {
  const headingId = `test-${kind}-${run.name}`;
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby={headingId}
      data-testid={`test-result-${run.name}`}
      data-status={
        run.status === 'done' ? (ok(run.report) ? 'ok' : 'problems') : decision ? 'decision' : run.status
      }
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start" preventGrowOverflow={false}>
          <Stack gap={2}>
            <Title order={3} size="h5" id={headingId}>
              Test of {kind} {run.name}
            </Title>
            {run.status === 'running' ? (
              <Group gap={6}>
                <Loader size="xs" aria-hidden="true" />
                <Text size="sm" role="status">
                  Testing…
                </Text>
              </Group>
            ) : run.status === 'done' ? (
              <StatusText tone={ok(run.report) ? 'ok' : 'warning'}>
                {ok(run.report) ? 'Works' : 'Connected, with problems'}
                <Text span size="xs" c="dimmed" ml={8}>
                  {formatDateTime(run.at.toISOString())}
                </Text>
              </StatusText>
            ) : decision ? (
              <StatusText tone="warning">{decision.status}</StatusText>
            ) : (
              <StatusText tone="error">Failed</StatusText>
            )}
          </Stack>
          <CloseButton aria-label={`Dismiss the test of ${run.name}`} onClick={onDismiss} />
        </Group>
        {run.status === 'done' && children(run.report)}
        {run.status === 'error' && decision && decision.body}
        {run.status === 'error' && !decision && (
          <ErrorAlert title={`The test of ${run.name} failed`} error={run.error}>
            {errorHint}
          </ErrorAlert>
        )}
      </Stack>
    </Paper>
  );
}
