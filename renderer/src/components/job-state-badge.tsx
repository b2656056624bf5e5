// A job's state as icon + words + colour, so it reads without colour too.
import { Badge } from '@mantine/core';
import type { ComponentType } from 'react';
import type { JobState } from '../../../core/api/contract';
import {
  CancelledIcon,
  ErrorIcon,
  InterruptedIcon,
  OkIcon,
  QueuedIcon,
  RunningIcon,
  WarningIcon,
  type IconProps,
} from './icons';

export const jobStateLook: Record<
  JobState,
  { label: string; color: string; Icon: ComponentType<IconProps> }
> = {
  Queued: { label: 'Queued', color: 'gray', Icon: QueuedIcon },
  Running: { label: 'Running', color: 'blue', Icon: RunningIcon },
  Succeeded: { label: 'Succeeded', color: 'green', Icon: OkIcon },
  PartiallyFailed: { label: 'Partially failed', color: 'orange', Icon: WarningIcon },
  Failed: { label: 'Failed', color: 'red', Icon: ErrorIcon },
  Cancelled: { label: 'Cancelled', color: 'gray', Icon: CancelledIcon },
  Interrupted: { label: 'Interrupted', color: 'yellow', Icon: InterruptedIcon },
};

export function JobStateBadge({ state }: { state: JobState }) {
  const { label, color, Icon } = jobStateLook[state];
  return (
    <Badge
      variant="light"
      color={color}
      radius="sm"
      size="md"
      leftSection={<Icon size={14} />}
      className="lb-state-badge"
      data-state={state}
    >
      {label}
    </Badge>
  );
}
