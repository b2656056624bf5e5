// A system's criticality as icon + word + colour.
import type { SystemView } from '../../../core/api/contract';
import { StatusText, type Tone } from '../components/status-text';

type Criticality = SystemView['criticality'];

export const criticalityLook: Record<Criticality, { tone: Tone; label: string }> = {
  low: { tone: 'none', label: 'Low' },
  medium: { tone: 'info', label: 'Medium' },
  high: { tone: 'warning', label: 'High' },
  critical: { tone: 'error', label: 'Critical' },
};

export function CriticalityText({ value }: { value: Criticality }) {
  const { tone, label } = criticalityLook[value];
  return <StatusText tone={tone}>{label}</StatusText>;
}
