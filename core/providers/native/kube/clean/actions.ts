// The item actions, in the order they run (each one file; `clean-item.ts` runs them after the
// server-set fields are gone). Add a kind by adding a file and a line here.
import type { ItemAction } from './item';
import { jobAction } from './job';
import { podAction } from './pod';
import { pvAction } from './pv';
import { pvcAction } from './pvc';
import { serviceAction } from './service';
import { serviceAccountAction } from './service-account';

export const itemActions: readonly ItemAction[] = [
  serviceAction,
  podAction,
  jobAction,
  pvcAction,
  pvAction,
  serviceAccountAction,
];
