// A runbook's steps as they will be followed, before the run starts: each step's kind, title and
// what it will do (the check to make, who approves, what is restored to where and from when,
// the health checks, the exact command and its server).
import { Badge, Code, Group, Stack, Text } from '@mantine/core';
import type { StepSpec } from '../../../core/api/contract';
import { describeScope } from '../systems/scope-text';
import { kindLabel } from './run-text';
import { checkSpecText } from './step-checks';

function StepWhat({ step }: { step: StepSpec }) {
  switch (step.kind) {
    case 'check':
    case 'note':
      return (
        <Text size="sm" c="dimmed">
          {step.text}
        </Text>
      );
    case 'approve':
      return (
        <Text size="sm" c="dimmed">
          {step.approvers === 2
            ? 'Two different people approve, each with a name and a reason. '
            : 'One person approves, with a name and a reason. '}
          {step.text}
        </Text>
      );
    case 'restore':
      return (
        <Stack gap={2}>
          <Text size="sm" c="dimmed" className="lb-break-words">
            {step.paths?.length
              ? `${step.paths.join(', ')} (inside ${describeScope(step.scope)})`
              : `Everything in ${describeScope(step.scope)}`}
            {step.to ? `, alongside into ${describeScope(step.to)}` : ', in place'}
            {step.deleteExtra ? ', deleting extra items' : ''}
          </Text>
          <Text size="xs" c="dimmed">
            From{' '}
            {step.before === 'incident'
              ? 'the newest usable point before the incident started'
              : 'the newest point'}
            ; previewed, with a safety point, and confirmed before anything is written.
          </Text>
        </Stack>
      );
    case 'verify':
      return (
        <Stack gap={2} component="ul" className="lb-plain-list" m={0} p={0}>
          {step.checks.map((c, i) => (
            <Text key={i} size="sm" c="dimmed" component="li" className="lb-break-words">
              {checkSpecText(c)}
            </Text>
          ))}
          {step.skipped.map((s, i) => (
            <Text key={`s${i}`} size="xs" c="dimmed" component="li">
              Left out ({s.type}): {s.reason}
            </Text>
          ))}
        </Stack>
      );
    case 'command':
      return (
        <Text size="sm" c="dimmed" className="lb-break-words">
          On {step.server}: <Code>{step.command}</Code> (shown and confirmed first)
        </Text>
      );
  }
}

export function RunbookSteps({ steps }: { steps: readonly StepSpec[] }) {
  return (
    <Stack component="ol" gap="sm" m={0} pl={0} className="lb-plain-list" aria-label="Steps of the runbook">
      {steps.map((step, i) => (
        <li key={step.id} data-runbook-step={step.id}>
          <Stack gap={2}>
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" fw={700} className="lb-num" w={22}>
                {i + 1}.
              </Text>
              <Text size="sm" fw={600} className="lb-break-words">
                {step.title}
              </Text>
              <Badge variant="light" color="gray" radius="sm" tt="none" size="sm">
                {kindLabel[step.kind]}
              </Badge>
            </Group>
            <div style={{ paddingLeft: 30 }}>
              <StepWhat step={step} />
            </div>
          </Stack>
        </li>
      ))}
    </Stack>
  );
}
