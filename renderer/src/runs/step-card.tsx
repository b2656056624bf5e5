// The step the run is at, big and clear: where it is in the runbook, what it is, its state, what
// to look at, and its one action (Done, Approve, Restore…, Run the command, Retry). Skipping is
// there too, smaller, and takes a reason. Focus moves to the one action when the step changes.
import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { RunView, StepRun, StepSpec } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { focusSoon } from '../components/focus-soon';
import { ErrorIcon } from '../components/icons';
import { StatusText } from '../components/status-text';
import { formatDuration } from '../format';
import { useAppStore } from '../store';
import { runVaultReason } from '../store/runs-slice';
import { useNow } from '../use-now';
import {
  kindLabel,
  primaryActionLabel,
  stepDurationText,
  stepPosition,
  stepStateLook,
  stepWaits,
} from './run-text';
import { Approvals, StepApprove } from './step-approve';
import { StepChecks } from './step-checks';
import { StepRestore } from './step-restore';
import { StepSkip } from './step-skip';

/** The command and where it runs, exactly as it will be run. */
function CommandText({ step, spec }: { step: StepRun; spec?: StepSpec | undefined }) {
  const command = spec?.kind === 'command' ? spec : undefined;
  return (
    <Stack gap={6}>
      {command ? (
        <>
          <Text size="sm">
            On server <strong>{command.server}</strong>, expecting exit code {command.expectExit}:
          </Text>
          <Code block className="lb-break-words" data-testid="step-command">
            {command.command}
          </Code>
        </>
      ) : (
        step.detail && (
          <Code block className="lb-break-words" data-testid="step-command">
            {step.detail}
          </Code>
        )
      )}
      {step.output && (
        <>
          <Text size="xs" c="dimmed">
            Its output (the end of it):
          </Text>
          <Code block className="lb-break-words">
            {step.output}
          </Code>
        </>
      )}
    </Stack>
  );
}

/** The step's text: the check to make, the approval asked for, the note. */
function StepText({ step, spec }: { step: StepRun; spec?: StepSpec | undefined }) {
  // A restore's detail is its plan in words: the preview below says it better.
  if (step.kind === 'restore' || step.kind === 'command') return null;
  const text = spec && 'text' in spec ? spec.text : step.detail;
  if (!text) return null;
  return (
    <Text size="md" className="lb-break-words" maw={760}>
      {text}
    </Text>
  );
}

function ConfirmButton({ run, step }: { run: RunView; step: StepRun }) {
  const advance = useAppStore((s) => s.advanceRun);
  const busy = useAppStore((s) => {
    const b = s.runBusy[run.id];
    return b === 'confirm' || b === 'retry';
  });
  const requestVault = useAppStore((s) => s.requestVault);
  const retry = step.state === 'Failed';
  const locked = retry && step.error?.code === 'vault.locked';
  const act = async () => {
    if (locked && !(await requestVault(runVaultReason))) return;
    await advance({ id: run.id, stepId: step.id, action: retry ? 'retry' : 'confirm' });
  };
  return (
    <Button
      id="run-step-primary"
      size="md"
      loading={busy}
      color={retry ? 'orange' : undefined}
      onClick={() => void act()}
    >
      {locked ? 'Unlock the vault and retry' : primaryActionLabel(step, run.mode)}
    </Button>
  );
}

function StepActionError({ runId }: { runId: string }) {
  const error = useAppStore((s) => s.runErrors[runId]);
  if (!error || ['pause', 'resume', 'cancel', 'load'].includes(error.action)) return null;
  return <ErrorAlert title="The step did not move on" error={error} />;
}

export function StepCard({ run, step, spec }: { run: RunView; step: StepRun; spec?: StepSpec | undefined }) {
  const now = useNow(1_000);
  const look = stepStateLook[step.state];
  const waits = stepWaits(step);
  const paused = run.state === 'Paused' || run.state === 'Interrupted';
  const took = stepDurationText(step, now);
  const needed = spec?.kind === 'approve' ? spec.approvers : 1;
  const ownAction = step.kind === 'restore' || step.state === 'WaitingForApproval';

  // The step's one action takes focus when the run reaches it (or it starts waiting).
  const focusKey = `${run.id}:${step.id}:${step.state}`;
  useEffect(() => {
    if (waits && !paused) focusSoon(['#run-step-primary:not([disabled])'], ['#run-step-heading']);
  }, [focusKey, waits, paused]);

  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="run-step-heading"
      data-step-id={step.id}
      data-step-kind={step.kind}
      data-step-state={step.state}
      className="lb-run-step"
    >
      <Stack gap="md">
        <Group gap="sm" justify="space-between">
          <Group gap="sm">
            <Text size="sm" c="dimmed" fw={600}>
              {stepPosition(run, step)}
            </Text>
            <Badge variant="light" color="gray" radius="sm" tt="none">
              {kindLabel[step.kind]}
            </Badge>
          </Group>
          <StatusText tone={look.tone}>
            {look.text}
            {took ? ` · ${took}` : ''}
          </StatusText>
        </Group>
        <Title order={2} size="h2" id="run-step-heading" tabIndex={-1} className="lb-break-words">
          {step.title}
        </Title>
        {paused && (
          <Alert color="gray" variant="light" title="The run is paused">
            Resume it (above) to act on this step.
          </Alert>
        )}
        <StepText step={step} spec={spec} />
        {step.estimate && (
          <Text size="sm" c="dimmed">
            Estimate:{' '}
            {step.estimate.seconds !== undefined ? formatDuration(step.estimate.seconds) : 'unknown'} (
            {step.estimate.basis})
          </Text>
        )}
        {step.kind === 'command' && <CommandText step={step} spec={spec} />}
        {step.kind === 'restore' && <StepRestore run={run} step={step} />}
        {step.kind === 'verify' && <StepChecks step={step} spec={spec} />}
        {step.kind === 'approve' && step.state !== 'WaitingForApproval' && <Approvals step={step} />}
        {step.state === 'WaitingForApproval' && !paused && (
          <StepApprove runId={run.id} step={step} needed={needed} />
        )}
        {step.error && (
          <Alert
            color="red"
            variant="light"
            icon={<ErrorIcon size={20} />}
            title="The step failed"
            role="alert"
          >
            <Text size="sm">{step.error.message}</Text>
            <Text size="xs" c="dimmed" mt={4}>
              Error code <Code>{step.error.code}</Code>
            </Text>
          </Alert>
        )}
        {step.state === 'Running' && step.kind !== 'restore' && (
          <Group gap="sm" role="status">
            <Loader size="sm" />
            <Text size="sm">{step.kind === 'verify' ? 'Running the checks…' : 'Working…'}</Text>
          </Group>
        )}
        <StepActionError runId={run.id} />
        {waits && !paused && (step.kind !== 'approve' || step.state === 'Failed') && (
          <Group gap="md" align="center">
            {(!ownAction || step.state === 'Failed') && <ConfirmButton run={run} step={step} />}
            {step.kind !== 'approve' && <StepSkip key={step.id} runId={run.id} step={step} />}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
