import { describe, expect, it } from 'vitest';
import type { KubeItem } from '../../../providers/native/kube/clean/item';
import { normalizeLive, restoreActions, runRestoreActions } from './index';
import type { RestoreItemContext } from './types';

const ctx = (resource: string, extra: Partial<RestoreItemContext> = {}): RestoreItemContext => ({
  resource,
  namespaced: true,
  sourceNamespace: 'shop',
  destNamespace: 'shop',
  pointService: () => undefined,
  ...extra,
});
const moved = (resource: string, extra: Partial<RestoreItemContext> = {}) =>
  ctx(resource, { destNamespace: 'shop-copy', ...extra });

const obj = (kind: string, name: string, extra: Record<string, unknown> = {}): KubeItem => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace: 'shop' },
  ...extra,
});

describe('restore item actions', () => {
  it('leaves out controller-owned objects, naming the controller', () => {
    const pod = obj('Pod', 'web-1', {});
    pod.metadata.ownerReferences = [{ kind: 'ReplicaSet', name: 'web-7d9', uid: 'u', controller: true }];
    expect(runRestoreActions(pod, ctx('pods')).skip).toBe('recreated by its controller (ReplicaSet/web-7d9)');
  });

  it('drops other owner references, on the point and the live side alike', () => {
    const cm = obj('ConfigMap', 'c');
    cm.metadata.ownerReferences = [{ kind: 'Widget', name: 'w', uid: 'old-uid' }];
    const out = runRestoreActions(cm, ctx('configmaps'));
    expect(out.skip).toBeUndefined();
    expect(out.item.metadata.ownerReferences).toBeUndefined();
    expect(cm.metadata.ownerReferences).toHaveLength(1); // the input is not changed
    expect(normalizeLive(cm, ctx('configmaps')).metadata.ownerReferences).toBeUndefined();
  });

  it('never restores kube-root-ca.crt; the default ServiceAccount is expected to exist', () => {
    expect(runRestoreActions(obj('ConfigMap', 'kube-root-ca.crt'), ctx('configmaps')).skip).toMatch(
      /published by the cluster/,
    );
    expect(runRestoreActions(obj('ServiceAccount', 'default'), ctx('serviceaccounts')).clusterMade).toBe(
      true,
    );
    expect(runRestoreActions(obj('ServiceAccount', 'builder'), ctx('serviceaccounts')).clusterMade).toBe(
      false,
    );
  });

  it('leaves Endpoints of a selector Service to the endpoints controller', () => {
    const svc = obj('Service', 'web', { spec: { selector: { app: 'web' } } });
    const manual = obj('Service', 'db', { spec: { ports: [{ port: 5432 }] } });
    const lookup = (name: string) => ({ web: svc, db: manual })[name];
    expect(
      runRestoreActions(obj('Endpoints', 'web'), ctx('endpoints', { pointService: lookup })).skip,
    ).toMatch(/endpoints controller/);
    expect(
      runRestoreActions(obj('Endpoints', 'db'), ctx('endpoints', { pointService: lookup })).skip,
    ).toBeUndefined();
  });

  it('does not write the Deployment controller’s revision annotation', () => {
    const dep = obj('Deployment', 'web');
    dep.metadata.annotations = { 'deployment.kubernetes.io/revision': '3', team: 'a' };
    expect(runRestoreActions(dep, ctx('deployments.apps')).item.metadata.annotations).toEqual({ team: 'a' });
  });

  it('into another namespace: rewrites the namespace and same-namespace ServiceAccount subjects', () => {
    const rb = obj('RoleBinding', 'read', {
      subjects: [
        { kind: 'ServiceAccount', name: 'app', namespace: 'shop' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
        { kind: 'User', name: 'ann' },
      ],
    });
    const out = runRestoreActions(rb, moved('rolebindings.rbac.authorization.k8s.io'));
    expect(out.item.metadata.namespace).toBe('shop-copy');
    expect(out.item.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'app', namespace: 'shop-copy' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
      { kind: 'User', name: 'ann' },
    ]);
    expect(out.notes).toEqual(['1 ServiceAccount subject(s) moved to namespace shop-copy']);
    // In place, nothing moves.
    expect(runRestoreActions(rb, ctx('rolebindings.rbac.authorization.k8s.io')).item.subjects).toEqual(
      rb.subjects,
    );
  });

  it('into another namespace: volumes stay with the source namespace’s claims', () => {
    const pv: KubeItem = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-1' },
      spec: { claimRef: { namespace: 'shop', name: 'data' } },
    };
    expect(runRestoreActions(pv, moved('persistentvolumes', { namespaced: false })).skip).toMatch(
      /bound to PersistentVolumeClaim shop\/data/,
    );
    const inPlace = runRestoreActions(pv, ctx('persistentvolumes', { namespaced: false }));
    expect(inPlace.skip).toBeUndefined();
    expect(inPlace.item.metadata.namespace).toBeUndefined();
    const pvc = obj('PersistentVolumeClaim', 'data', {
      spec: { volumeName: 'pv-1', accessModes: ['ReadWriteOnce'] },
    });
    const out = runRestoreActions(pvc, moved('persistentvolumeclaims'));
    expect(out.item.spec).toEqual({ accessModes: ['ReadWriteOnce'] });
    expect(out.notes[0]).toMatch(/not bound to PersistentVolume pv-1/);
  });

  it('every action has a name and says what it applies to', () => {
    const names = restoreActions.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lets the token controller fill a service-account token Secret, on both sides', () => {
    const token = obj('Secret', 'ci-token', {
      type: 'kubernetes.io/service-account-token',
      data: { token: 'b2xk', 'ca.crt': 'Y2E=', namespace: 'c2hvcA==', extra: 'eA==' },
    });
    token.metadata.annotations = {
      'kubernetes.io/service-account.name': 'ci',
      'kubernetes.io/service-account.uid': 'old-uid',
    };
    const out = runRestoreActions(token, moved('secrets'));
    expect(out.item.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'ci' });
    expect(out.item.data).toEqual({ extra: 'eA==' });
    expect(normalizeLive(token, ctx('secrets')).data).toEqual({ extra: 'eA==' });
    // Any other Secret is written whole.
    const plain = obj('Secret', 'creds', { data: { token: 'dA==' } });
    expect(runRestoreActions(plain, ctx('secrets')).item.data).toEqual({ token: 'dA==' });
  });

  it("ignores a live claim's volume when the point's claim has none; drops data sources elsewhere", () => {
    const pending = obj('PersistentVolumeClaim', 'data', { spec: { storageClassName: 'fast' } });
    const bound = obj('PersistentVolumeClaim', 'data', {
      spec: { storageClassName: 'fast', volumeName: 'pv-9' },
    });
    expect(normalizeLive(bound, ctx('persistentvolumeclaims'), pending).spec).toEqual({
      storageClassName: 'fast',
    });
    // The point names a volume: a different live one is a real difference.
    const other = obj('PersistentVolumeClaim', 'data', { spec: { volumeName: 'pv-1' } });
    expect(normalizeLive(bound, ctx('persistentvolumeclaims'), other).spec).toMatchObject({
      volumeName: 'pv-9',
    });

    const fromSnapshot = obj('PersistentVolumeClaim', 'data', {
      spec: { volumeName: 'pv-1', dataSource: { kind: 'VolumeSnapshot', name: 'snap-1' } },
    });
    const out = runRestoreActions(fromSnapshot, moved('persistentvolumeclaims'));
    expect(out.item.spec).toEqual({});
    expect(out.notes).toEqual([
      'not bound to PersistentVolume pv-1 (it stays with namespace shop): gets a new volume',
      'without its data source VolumeSnapshot/snap-1 (of namespace shop): starts empty',
    ]);
    expect(runRestoreActions(fromSnapshot, ctx('persistentvolumeclaims')).item.spec).toMatchObject({
      dataSource: { name: 'snap-1' },
    });
  });

  it('leaves EndpointSlices of the built-in controllers to them, restores hand-written ones', () => {
    const slice = (by?: string) =>
      obj('EndpointSlice', 'db-1', {
        metadata: {
          name: 'db-1',
          namespace: 'shop',
          ...(by ? { labels: { 'endpointslice.kubernetes.io/managed-by': by } } : {}),
        },
      });
    const r = 'endpointslices.discovery.k8s.io';
    expect(runRestoreActions(slice('endpointslice-controller.k8s.io'), ctx(r)).skip).toBe(
      'rebuilt by endpointslice-controller.k8s.io from its Service',
    );
    expect(runRestoreActions(slice('endpointslicemirroring-controller.k8s.io'), ctx(r)).skip).toBeDefined();
    expect(runRestoreActions(slice('ops-team'), ctx(r)).skip).toBeUndefined();
    expect(runRestoreActions(slice(), ctx(r)).skip).toBeUndefined();
  });
});
