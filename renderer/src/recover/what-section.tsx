// Step 1 of Recover as a section: the form while you choose; once a plan is on screen, one line
// saying what it was planned from (the preview below says the rest), with "Change" to open the
// form again — so the page's weight sits on the step at hand.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useAppStore } from '../store';
import { flowPlan } from './flow-select';
import { draftLine } from './recover-draft';
import { RestoreForm } from './restore-form';

function Summary({ onChange }: { onChange: () => void }) {
  const planned = useAppStore((s) => s.recoverFlow.plannedDraft);
  if (!planned) return null;
  return (
    <Group gap="sm" justify="space-between" wrap="nowrap">
      <Text size="sm" className="lb-break-words" data-testid="what-summary">
        {draftLine(planned)}
      </Text>
      <Button variant="default" size="xs" onClick={onChange} style={{ flexShrink: 0 }}>
        Change
      </Button>
    </Group>
  );
}

export function WhatSection() {
  const planId = useAppStore((s) => flowPlan(s)?.id);
  // Reopened by hand until the next plan arrives.
  const [openFor, setOpenFor] = useState<string | undefined>();
  const collapsed = planId !== undefined && openFor !== planId;
  const open = () => {
    setOpenFor(planId);
    requestAnimationFrame(() => document.getElementById('recover-scope')?.focus());
  };
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="what-heading" data-step="what">
      <Stack gap={collapsed ? 'xs' : 'md'}>
        <Title order={2} size="h4" id="what-heading">
          1. What to restore
        </Title>
        {collapsed ? <Summary onChange={open} /> : <RestoreForm />}
      </Stack>
    </Paper>
  );
}
