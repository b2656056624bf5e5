// apps/v1 workloads: Deployment, StatefulSet, DaemonSet, ReplicaSet. Defaults, selector rules
// (required, matches the template, immutable), and a status that reports the rollout done.

import { forResources, type KindBehaviour } from '../behaviour';
import {
  child,
  clone,
  deepEqual,
  getPath,
  isRec,
  nowIso,
  setDefault,
  stringMap,
  type KubeObject,
  type Rec,
} from '../json';
import { isEmptySelector, matches, selectorObjectRequirements } from '../selectors';
import type { FieldError } from '../status';
import { immutable } from '../validation';
import { defaultPodTemplate, validatePodTemplate } from './pod-spec';

function spec(obj: KubeObject): Rec {
  return child(obj, 'spec');
}

function replicas(obj: KubeObject): number {
  const r = getPath(obj, ['spec', 'replicas']);
  return typeof r === 'number' ? r : 1;
}

/** Selector required, non-empty, and matching the template's labels (ValidateDeploymentSpec etc.). */
export function validateSelectorAndTemplate(
  obj: KubeObject,
  kindLabel: string,
  restartPolicies?: string[],
): FieldError[] {
  const s = spec(obj);
  const errors: FieldError[] = [];
  if (!isRec(s.selector)) errors.push({ type: 'Required', field: 'spec.selector' });
  else if (isEmptySelector(s.selector)) {
    errors.push({
      type: 'Invalid',
      field: 'spec.selector',
      value: s.selector,
      detail: `empty selector is invalid for ${kindLabel}`,
    });
  } else {
    const labels = stringMap(getPath(s, ['template', 'metadata', 'labels']));
    if (!matches(selectorObjectRequirements(s.selector), labels)) {
      errors.push({
        type: 'Invalid',
        field: 'spec.template.metadata.labels',
        value: labels,
        detail: '`selector` does not match template `labels`',
      });
    }
  }
  errors.push(...validatePodTemplate(s.template, 'spec.template', restartPolicies));
  const r = s.replicas;
  if (r !== undefined && (typeof r !== 'number' || r < 0)) {
    errors.push({
      type: 'Invalid',
      field: 'spec.replicas',
      value: r,
      detail: 'must be greater than or equal to 0',
    });
  }
  return errors;
}

function positive(n: number): Rec {
  return n > 0 ? { readyReplicas: n, availableReplicas: n, updatedReplicas: n } : {};
}

/** A True condition; keeps the times of an identical condition already in `previous` (no churn on no-op writes). */
function condition(type: string, reason: string, message: string, previous: unknown): Rec {
  const now = nowIso();
  const prior = (
    Array.isArray(getPath(previous, ['conditions'])) ? (getPath(previous, ['conditions']) as unknown[]) : []
  )
    .filter(isRec)
    .find((c) => c.type === type && c.reason === reason && c.message === message && c.status === 'True');
  return {
    type,
    status: 'True',
    lastUpdateTime: prior?.lastUpdateTime ?? now,
    lastTransitionTime: prior?.lastTransitionTime ?? now,
    reason,
    message,
  };
}

const shared: Pick<KindBehaviour, 'validateUpdate'> = {
  validateUpdate(obj, old) {
    return immutable('spec.selector', getPath(obj, ['spec', 'selector']), getPath(old, ['spec', 'selector']));
  },
};

export const deploymentBehaviour: KindBehaviour = {
  ...shared,
  appliesTo: forResources('apps/deployments'),
  defaults(obj) {
    const s = spec(obj);
    setDefault(s, 'replicas', 1);
    setDefault(s, 'revisionHistoryLimit', 10);
    setDefault(s, 'progressDeadlineSeconds', 600);
    setDefault(s, 'strategy', { type: 'RollingUpdate' });
    const strategy = child(s, 'strategy');
    if (strategy.type === 'RollingUpdate')
      setDefault(strategy, 'rollingUpdate', { maxUnavailable: '25%', maxSurge: '25%' });
    defaultPodTemplate(s.template);
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'deployment', ['Always']),
  status(obj) {
    const n = replicas(obj);
    const name = obj.metadata.name ?? '';
    const annotations = { ...(obj.metadata.annotations ?? {}) };
    annotations['deployment.kubernetes.io/revision'] ??= '1';
    obj.metadata.annotations = annotations;
    obj.status = {
      observedGeneration: obj.metadata.generation,
      ...(n > 0 ? { replicas: n } : {}),
      ...positive(n),
      conditions: [
        condition(
          'Available',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          obj.status,
        ),
        condition(
          'Progressing',
          'NewReplicaSetAvailable',
          `ReplicaSet "${name}-${hashOf(obj)}" has successfully progressed.`,
          obj.status,
        ),
      ],
    };
  },
};

function hashOf(obj: KubeObject): string {
  const text = JSON.stringify(getPath(obj, ['spec', 'template']) ?? {});
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(36).slice(0, 10);
}

const STS_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

export const statefulSetBehaviour: KindBehaviour = {
  appliesTo: forResources('apps/statefulsets'),
  defaults(obj) {
    const s = spec(obj);
    setDefault(s, 'replicas', 1);
    setDefault(s, 'podManagementPolicy', 'OrderedReady');
    setDefault(s, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    setDefault(s, 'revisionHistoryLimit', 10);
    setDefault(s, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
    for (const claim of Array.isArray(s.volumeClaimTemplates) ? s.volumeClaimTemplates : []) {
      if (isRec(claim)) {
        setDefault(claim, 'apiVersion', 'v1');
        setDefault(claim, 'kind', 'PersistentVolumeClaim');
        setDefault(child(claim, 'spec'), 'volumeMode', 'Filesystem');
        setDefault(claim, 'status', { phase: 'Pending' });
      }
    }
    defaultPodTemplate(s.template);
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'statefulset', ['Always']),
  validateUpdate(obj, old) {
    const a = clone(spec(obj));
    const b = clone(isRec(old.spec) ? old.spec : {});
    for (const key of STS_MUTABLE) {
      delete a[key];
      delete b[key];
    }
    if (deepEqual(a, b)) return [];
    return [
      {
        type: 'Forbidden',
        field: 'spec',
        detail:
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      },
    ];
  },
  status(obj) {
    const n = replicas(obj);
    const revision = `${obj.metadata.name ?? ''}-${hashOf(obj)}`;
    obj.status = {
      observedGeneration: obj.metadata.generation,
      replicas: n,
      ...(n > 0 ? { readyReplicas: n, currentReplicas: n, updatedReplicas: n } : {}),
      availableReplicas: n,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
  },
};

export const daemonSetBehaviour: KindBehaviour = {
  ...shared,
  appliesTo: forResources('apps/daemonsets'),
  defaults(obj) {
    const s = spec(obj);
    setDefault(s, 'updateStrategy', {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    setDefault(s, 'revisionHistoryLimit', 10);
    defaultPodTemplate(s.template);
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'daemonset', ['Always']),
  status(obj) {
    // One emulated node: one pod, ready.
    obj.status = {
      observedGeneration: obj.metadata.generation,
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberAvailable: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      updatedNumberScheduled: 1,
    };
  },
};

export const replicaSetBehaviour: KindBehaviour = {
  ...shared,
  appliesTo: forResources('apps/replicasets'),
  defaults(obj) {
    const s = spec(obj);
    setDefault(s, 'replicas', 1);
    defaultPodTemplate(s.template);
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'replicaset', ['Always']),
  status(obj) {
    const n = replicas(obj);
    obj.status = {
      replicas: n,
      ...(n > 0 ? { fullyLabeledReplicas: n, readyReplicas: n, availableReplicas: n } : {}),
      observedGeneration: obj.metadata.generation,
    };
  },
};
