// Pods: ServiceAccount admission (token volume, 403 when the account is missing), scheduling
// onto the one emulated node, a Running status at once, and the pod-update restrictions.

import { createHash, randomBytes } from 'node:crypto';
import { forResources, type KindBehaviour } from '../behaviour';
import {
  child,
  clone,
  deepEqual,
  isRec,
  nowIso,
  recList,
  setDefault,
  type KubeObject,
  type Rec,
} from '../json';
import { forbidden, type FieldError } from '../status';
import { defaultPodSpec, validatePodSpec } from './pod-spec';

export const NODE_NAME = 'lifeboat-emulator-node';
export const NODE_IP = '10.0.0.10';
const TOKEN_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const SERVICE_ACCOUNTS = { group: '', plural: 'serviceaccounts', kind: 'ServiceAccount' };

function suffix(n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}

function podIp(uid: string): string {
  const h = createHash('sha256').update(uid).digest();
  return `10.244.${h[0]! % 255}.${(h[1]! % 253) + 2}`;
}

/** What the ServiceAccount, DefaultTolerationSeconds and Priority admission plugins add. */
function admissionDefaults(spec: Rec): void {
  setDefault(spec, 'serviceAccountName', 'default');
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  setDefault(spec, 'enableServiceLinks', true);
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  const tolerations = recList(spec.tolerations);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key)) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  spec.tolerations = tolerations;
}

function mountServiceAccountToken(spec: Rec): void {
  if (spec.automountServiceAccountToken === false) return;
  const containers = [...recList(spec.containers), ...recList(spec.initContainers)];
  if (containers.some((c) => recList(c.volumeMounts).some((m) => m.mountPath === TOKEN_MOUNT))) return;
  const volumeName = `kube-api-access-${suffix(5)}`;
  const volumes = recList(spec.volumes);
  volumes.push({
    name: volumeName,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  });
  spec.volumes = volumes;
  for (const c of containers) {
    c.volumeMounts = [
      ...recList(c.volumeMounts),
      { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT },
    ];
  }
}

function runningStatus(obj: KubeObject): Rec {
  const spec = isRec(obj.spec) ? obj.spec : {};
  const now = nowIso();
  const ip = podIp(obj.metadata.uid ?? '');
  const containers = recList(spec.containers);
  const hasResources = containers.some((c) => isRec(c.resources) && Object.keys(c.resources).length > 0);
  const condition = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
      condition,
    ),
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: now,
    qosClass: hasResources ? 'Burstable' : 'BestEffort',
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `${String(c.image)}@sha256:${createHash('sha256').update(String(c.image)).digest('hex')}`,
      containerID: `containerd://${createHash('sha256')
        .update(`${obj.metadata.uid ?? ''}/${String(c.name)}`)
        .digest('hex')}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
      lastState: {},
    })),
  };
}

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** The spec with the mutable fields taken from `from`, to compare the rest. */
function withMutableFieldsOf(spec: Rec, from: Rec): Rec {
  const c = clone(spec);
  for (const list of ['containers', 'initContainers']) {
    const mine = recList(c[list]);
    const theirs = recList(from[list]);
    mine.forEach((container, i) => {
      if (theirs[i]) container.image = theirs[i].image;
    });
  }
  for (const key of ['activeDeadlineSeconds', 'tolerations', 'terminationGracePeriodSeconds']) {
    if (from[key] === undefined) delete c[key];
    else c[key] = from[key];
  }
  return c;
}

export const podBehaviour: KindBehaviour = {
  appliesTo: forResources('/pods'),
  defaults(obj) {
    defaultPodSpec(child(obj, 'spec'));
  },
  prepareCreate(obj) {
    const spec = child(obj, 'spec');
    admissionDefaults(spec);
    mountServiceAccountToken(spec);
    setDefault(spec, 'nodeName', NODE_NAME);
  },
  admit(obj, ctx) {
    const spec = child(obj, 'spec');
    const sa = String(spec.serviceAccountName);
    const ns = obj.metadata.namespace ?? '';
    if (!ctx.state.store.get(SERVICE_ACCOUNTS, ns, sa)) {
      throw forbidden(
        ctx.type,
        obj.metadata.name ?? '',
        `error looking up service account ${ns}/${sa}: serviceaccount "${sa}" not found`,
      );
    }
  },
  validate(obj) {
    return validatePodSpec(obj.spec, 'spec');
  },
  validateUpdate(obj, old): FieldError[] {
    const spec = isRec(obj.spec) ? obj.spec : {};
    const oldSpec = isRec(old.spec) ? old.spec : {};
    if (deepEqual(withMutableFieldsOf(spec, oldSpec), oldSpec)) return [];
    return [{ type: 'Forbidden', field: 'spec', detail: POD_UPDATE_FORBIDDEN }];
  },
  status(obj) {
    if (!isRec(obj.status) || !obj.status.phase) obj.status = runningStatus(obj);
  },
};
