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
