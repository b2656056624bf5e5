// A verify step's checks, each as icon + words: what was checked, passed or failed, what was
// seen, and how long it took; plus the checks the runbook left out (a parameter was empty).
import { Stack, Text } from '@mantine/core';
import type { StepRun, StepSpec } from '../../../core/api/contract';
import { StatusText } from '../components/status-text';
import { checksSummary } from './run-text';

export function StepChecks({ step, spec }: { step: StepRun; spec?: StepSpec | undefined }) {
  const checks = step.checks ?? [];
  const skipped = spec?.kind === 'verify' ? spec.skipped : [];
  const summary = checksSummary(checks);
  return (
    <Stack gap="xs" data-testid="step-checks">
      {checks.length > 0 && (
        <StatusText tone={summary.tone}>
          <strong>{summary.text}</strong>
        </StatusText>
      )}
      <Stack gap={6} component="ul" className="lb-plain-list" m={0} p={0}>
        {checks.map((c, i) => (
          <li key={`${c.label}-${i}`} data-check={c.ok ? 'passed' : 'failed'}>
            <StatusText tone={c.ok ? 'ok' : 'error'}>
              <span className="lb-break-words">
                {c.ok ? 'Passed' : 'Failed'}: {c.label}
              </span>
            </StatusText>
            <Text size="xs" c="dimmed" pl={22} className="lb-break-words">
              {c.message} · {Math.max(0, Math.round(c.durationMs))} ms
            </Text>
          </li>
        ))}
        {checks.length === 0 &&
          spec?.kind === 'verify' &&
          spec.checks.map((c, i) => (
            <li key={`${c.type}-${i}`} data-check="pending">
              <StatusText tone="none">
                <span className="lb-break-words">{checkSpecText(c)}</span>
              </StatusText>
            </li>
          ))}
        {skipped.map((s, i) => (
          <li key={`skipped-${s.type}-${i}`} data-check="skipped">
            <StatusText tone="unknown">
              <span className="lb-break-words">
                Not checked ({s.type}): {s.reason}
              </span>
            </StatusText>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

/** A check as the runbook wrote it, before it ran. */
export function checkSpecText(c: Extract<StepSpec, { kind: 'verify' }>['checks'][number]): string {
  switch (c.type) {
    case 'http':
      return `HTTP GET ${c.url} answers ${c.expectStatus}${c.bodyRegex ? ` with a body matching /${c.bodyRegex}/` : ''}`;
    case 'ssh':
      return `On ${c.server}: ${c.command} exits ${c.expectExit}`;
    case 'rollout':
      return `Rollout of ${c.kind}${c.name ? `/${c.name}` : 's'} in ${c.cluster} / ${c.namespace} is ready`;
    case 'fileHash':
      return `Files of ${c.path ?? c.scope} match the restore point (SHA-256)`;
  }
}
