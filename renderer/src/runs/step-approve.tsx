// An approval: who approves (a name) and why (a reason), both on the record. A step that asks
// for two approvers takes a second, different person after the first.
import { Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { StepRun } from '../../../core/api/contract';
import { StatusText } from '../components/status-text';
import { formatDateTime } from '../format';
import { useAppStore } from '../store';
import { approvalsLeft, sameApprover } from './run-text';

export function Approvals({ step }: { step: StepRun }) {
  if (!step.approvals?.length) return null;
  return (
    <Stack gap={4} component="ul" className="lb-plain-list" m={0} p={0} data-testid="approvals">
      {step.approvals.map((a, i) => (
        <li key={`${a.name}-${i}`}>
          <StatusText tone="ok">
            Approved by <strong>{a.name}</strong> at {formatDateTime(a.at)}: {a.reason}
          </StatusText>
        </li>
      ))}
    </Stack>
  );
}

export function StepApprove({ runId, step, needed }: { runId: string; step: StepRun; needed: number }) {
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ name?: string; reason?: string }>({});
  const advance = useAppStore((s) => s.advanceRun);
  const busy = useAppStore((s) => s.runBusy[runId] === 'approve');
  const left = approvalsLeft(step, needed);
  const second = (step.approvals?.length ?? 0) > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = 'Who approves? Your name goes on the record.';
    else if (sameApprover(step, name)) next.name = 'The second approver must be a different person.';
    if (!reason.trim()) next.reason = 'Why is this approved? It goes on the record.';
    setErrors(next);
    if (next.name || next.reason) return;
    const ok = await advance({
      id: runId,
      stepId: step.id,
      action: 'approve',
      name: name.trim(),
      reason: reason.trim(),
    });
    if (ok) {
      setName('');
      setReason('');
    }
  };
  return (
    <Stack gap="sm">
      <Approvals step={step} />
      <Text size="sm" fw={600}>
        {needed === 2
          ? second
            ? 'Second approver: a different person confirms too.'
            : 'This step needs two approvers: first approver.'
          : 'Your approval, on the record.'}
        {left > 0 && needed === 2 ? ` (${left} of 2 still needed)` : ''}
      </Text>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Approve">
        <Stack gap="sm" maw={560}>
          <TextInput
            label={second ? 'Second approver’s name' : 'Approver’s name'}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            autoComplete="name"
            id="run-step-primary"
            required
          />
          <Textarea
            label="Reason"
            description="Why this may go ahead (for example: the incident ticket and what was confirmed)."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            autosize
            minRows={2}
            required
          />
          <Group>
            <Button type="submit" loading={busy} id="run-approve">
              Approve
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
