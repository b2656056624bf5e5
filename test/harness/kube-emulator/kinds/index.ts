// The per-kind behaviours, as data: each entry says which resources it applies to.

import type { KindBehaviour } from '../behaviour';
import type { ResourceType } from '../resources';
import { configMapBehaviour, secretBehaviour } from './config-data';
import { crdBehaviour } from './crd';
import { cronJobBehaviour, jobBehaviour } from './jobs';
import { namespaceBehaviour } from './namespace';
import { podBehaviour } from './pod';
import { bindingBehaviour } from './rbac';
import { serviceBehaviour } from './service';
import { pvBehaviour, pvcBehaviour } from './volumes';
import {
  daemonSetBehaviour,
  deploymentBehaviour,
  replicaSetBehaviour,
  statefulSetBehaviour,
} from './workloads';

const BEHAVIOURS: readonly KindBehaviour[] = [
  namespaceBehaviour,
  podBehaviour,
  serviceBehaviour,
  secretBehaviour,
  configMapBehaviour,
  pvcBehaviour,
  pvBehaviour,
  deploymentBehaviour,
  statefulSetBehaviour,
  daemonSetBehaviour,
  replicaSetBehaviour,
  jobBehaviour,
  cronJobBehaviour,
  bindingBehaviour,
  crdBehaviour,
];

export function behavioursFor(type: ResourceType): KindBehaviour[] {
  return BEHAVIOURS.filter((b) => b.appliesTo(type));
}
