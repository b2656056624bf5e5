// Fields an existing object cannot change (the API server answers 422 "field is immutable"):
// an update whose differences touch one is not sent; the object is skipped with the reason, so
// the preview says up front what a restore cannot do in place (delete the object, then restore).
// As data, each rule with its reason; paths may use `[*]` for any array index.
import type { KubeItem } from '../../providers/native/kube/clean/item';
import { isInside, parsePath, renderPath, type Change, type PathSeg } from './field-diff';

export interface ImmutableRule {
  /** `<plural>` (core group) or `<plural>.<group>`. */
  resource: string;
  /** Immutable fields (a change inside one, or one that replaces a parent of one). */
  paths: readonly string[];
  /** Inside `paths`, fields that may change after all. */
  except?: readonly string[];
  /** The rule holds only for such live objects. */
  when?: (live: KubeItem) => boolean;
  why: string;
}

const isImmutable = (live: KubeItem) => live.immutable === true;

export const immutableRules: readonly ImmutableRule[] = [
  ...['deployments.apps', 'replicasets.apps', 'daemonsets.apps'].map((resource) => ({
    resource,
    paths: ['spec.selector'],
    why: 'a workload selects its Pods with a selector fixed at creation',
  })),
  {
    resource: 'statefulsets.apps',
    paths: ['spec'],
    except: [
      'spec.replicas',
      'spec.template',
      'spec.updateStrategy',
      'spec.persistentVolumeClaimRetentionPolicy',
      'spec.minReadySeconds',
      'spec.ordinals',
      'spec.revisionHistoryLimit',
    ],
    why: 'a StatefulSet allows updates only to replicas, template, updateStrategy and a few others',
  },
  {
    resource: 'jobs.batch',
    paths: ['spec.selector', 'spec.template', 'spec.completions'],
    why: "a Job's selector, Pod template and completions are fixed at creation",
  },
  {
    resource: 'persistentvolumeclaims',
    paths: ['spec'],
    except: ['spec.resources.requests'],
    why: "a PersistentVolumeClaim's spec is fixed after creation except its storage request",
  },
  ...['secrets', 'configmaps'].map((resource) => ({
    resource,
    paths: ['data', 'binaryData', 'stringData', 'immutable'],
    when: isImmutable,
    why: 'the live object is marked immutable',
  })),
  { resource: 'secrets', paths: ['type'], why: "a Secret's type is fixed at creation" },
  ...['rolebindings.rbac.authorization.k8s.io', 'clusterrolebindings.rbac.authorization.k8s.io'].map(
    (resource) => ({ resource, paths: ['roleRef'], why: 'a binding cannot change the role it refers to' }),
  ),
  {
    resource: 'pods',
    paths: ['spec'],
    except: [
      'spec.containers[*].image',
      'spec.initContainers[*].image',
      'spec.activeDeadlineSeconds',
      'spec.tolerations',
      'spec.terminationGracePeriodSeconds',
      'spec.schedulingGates',
    ],
    why: "a running Pod's spec allows changes only to images, tolerations and deadlines",
  },
];

const parsed = immutableRules.map((r) => ({
  rule: r,
  paths: r.paths.map(parsePath),
  except: (r.except ?? []).map(parsePath),
}));

/** Whether a change at `path` touches the immutable field `field` (inside it, or replacing a parent). */
function touches(path: readonly PathSeg[], field: readonly PathSeg[]): boolean {
  return isInside(path, field) || isInside(field, path);
}

/** The first change an existing object cannot take, with its reason; undefined when all can be patched. */
export function immutableChange(
  resource: string,
  live: KubeItem,
  changes: readonly Change[],
): { path: string; why: string } | undefined {
  for (const p of parsed) {
    if (p.rule.resource !== resource || (p.rule.when && !p.rule.when(live))) continue;
    for (const c of changes) {
      if (!p.paths.some((f) => touches(c.path, f))) continue;
      if (p.except.some((e) => isInside(c.path, e))) continue;
      return { path: renderPath(c.path), why: p.rule.why };
    }
  }
  return undefined;
}

const suffixes: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity ("10Gi", "500M", "1.5e3") as a number; undefined when it is not one. */
export function quantity(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(
    String(v).trim(),
  );
  return m ? Number(m[1]) * (suffixes[m[2] ?? ''] ?? 1) : undefined;
}

/**
 * A claim's storage request can grow but never shrink (the API server refuses it): a claim that
 * was expanded after the point cannot be brought back to its old size in place.
 */
export function storageShrink(resource: string, changes: readonly Change[]): string | undefined {
  if (resource !== 'persistentvolumeclaims') return undefined;
  const c = changes.find((x) => renderPath(x.path) === 'spec.resources.requests.storage');
  const [live, point] = [quantity(c?.old), quantity(c?.new)];
  if (live === undefined || point === undefined || point >= live) return undefined;
  return `exists with ${String(c!.old)} of storage, more than the point's ${String(c!.new)}; a claim's storage can grow but never shrink, so it is left as it is`;
}
