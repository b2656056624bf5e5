// What the run engine keeps about a run: the contract's view (steps, states, timings), the
// runbook exactly as it was resolved when the run started, and a drill's sandboxes.
import type { z } from 'zod';
import type {
  RunMode as RunModeSchema,
  RunState as RunStateSchema,
  RunView,
  StepRun,
} from '../../api/schemas/runs';
import type { RunbookView } from '../../api/schemas/runbooks';

export type { RunView, StepRun };
export type RunState = z.infer<typeof RunStateSchema>;
export type RunMode = z.infer<typeof RunModeSchema>;

/** Where a drill sends a restore instead of the live target. */
export type Sandbox = (
  { kind: 'path'; server: string; path: string } | { kind: 'namespace'; cluster: string; namespace: string }
) & {
  /** The sandbox as a scope (the restore's `to`). */
  scope: string;
  /** The destination it stands in for. */
  of: string;
  removed?: boolean;
  /** Why removing it failed, when it did. */
  error?: string;
};

export interface RunRecord {
  view: RunView;
  runbook: RunbookView;
  sandboxes: Sandbox[];
}
