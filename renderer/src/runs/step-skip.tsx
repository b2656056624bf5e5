// Skipping a step is a decision that goes on the record: it takes a reason, and is never the
// step's main action (a small button that opens the reason field).
import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { StepRun } from '../../../core/api/contract';
import { useAppStore } from '../store';

export function StepSkip({ runId, step }: { runId: string; step: StepRun }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const advance = useAppStore((s) => s.advanceRun);
  const busy = useAppStore((s) => s.runBusy[runId] === 'skip');
  if (!open)
    return (
      <Button variant="subtle" color="gray" size="xs" onClick={() => setOpen(true)}>
        Skip this step…
      </Button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say why the step is skipped: it goes on the record.');
      return;
    }
    void advance({ id: runId, stepId: step.id, action: 'skip', reason: reason.trim() });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Skip this step">
      <Stack gap="xs" maw={560}>
        <Textarea
          label="Why is this step skipped?"
          description="Written to the run's record and the journal."
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(undefined);
          }}
          error={error}
          autosize
          minRows={2}
          data-autofocus
          autoFocus
        />
        <Group gap="sm">
          <Button type="submit" variant="default" color="orange" loading={busy}>
            Skip the step
          </Button>
          <Button variant="subtle" color="gray" onClick={() => setOpen(false)}>
            Keep the step
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
