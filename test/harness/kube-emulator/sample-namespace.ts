// A small namespace with one object of each kind a restore treats specially, created through
// client-node like a user would (tests of backup and restore share it): a labelled Deployment
// with a ReplicaSet it controls, a Service, two ConfigMaps (one immutable), a Secret, a
// ServiceAccount with a Role and a RoleBinding naming it, a bare Pod, and a custom Widget.
import type * as k8s from '@kubernetes/client-node';

export type Obj = k8s.KubernetesObject & Record<string, unknown>;
type Rec = Record<string, unknown>;

const rbac = 'rbac.authorization.k8s.io/v1';

/** apiVersion and plural of the kinds the sample uses. */
export const sampleKinds: Record<string, [apiVersion: string, plural: string]> = {
  Deployment: ['apps/v1', 'deployments'],
  ReplicaSet: ['apps/v1', 'replicasets'],
  Service: ['v1', 'services'],
  ConfigMap: ['v1', 'configmaps'],
  Secret: ['v1', 'secrets'],
  ServiceAccount: ['v1', 'serviceaccounts'],
  Pod: ['v1', 'pods'],
  Role: [rbac, 'roles'],
  RoleBinding: [rbac, 'rolebindings'],
  Widget: ['example.com/v1', 'widgets'],
};

/** An object of one of `sampleKinds`. */
export function sampleObject(
  kind: string,
  name: string,
  namespace: string,
  body: Rec = {},
  meta: Rec = {},
): Obj {
  const known = sampleKinds[kind];
  if (!known) throw new Error(`not a sample kind: ${kind}`);
  return { apiVersion: known[0], kind, metadata: { name, namespace, ...meta }, ...body };
}

export const sampleLabels = { app: 'web' };
export const samplePassword = 'hunter2';

/** The sample Namespace's own labels and annotations (a restore creating a namespace carries them). */
export const sampleNamespaceMeta = {
  labels: { 'istio-injection': 'enabled', team: 'shop' },
  annotations: { 'example.com/owner': 'shop-team' },
};

/** Creates namespace `ns` and the sample objects in it. */
export async function createSampleNamespace(api: k8s.KubernetesObjectApi, ns: string): Promise<void> {
  const labels = sampleLabels;
  const obj = (kind: string, name: string, body: Rec = {}, meta: Rec = {}) =>
    api.create(sampleObject(kind, name, ns, body, meta));
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, ...sampleNamespaceMeta } });
  const template = { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
  const spec = { selector: { matchLabels: labels }, template };
  const dep = await obj('Deployment', 'web', { spec: { replicas: 2, ...spec } }, { labels });
  const uid = dep.metadata?.uid ?? '';
  const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid, controller: true };
  await obj('ReplicaSet', 'web-5d4', { spec }, { ownerReferences: [owner] });
  await obj(
    'Service',
    'web',
    { spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } },
    { labels },
  );
  await obj('ConfigMap', 'settings', { data: { mode: 'production', 'app.conf': 'port=80' } }, { labels });
  await obj('ConfigMap', 'frozen', { data: { k: 'v1' }, immutable: true });
  await obj('Secret', 'creds', { data: { password: Buffer.from(samplePassword).toString('base64') } });
  await obj('ServiceAccount', 'builder');
  await obj('Role', 'read', { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] });
  await obj('RoleBinding', 'read', {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read' },
    subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: ns }],
  });
  await obj('Pod', 'debug', { spec: { containers: [{ name: 'sh', image: 'busybox' }] } });
  await obj('Widget', 'w1', { spec: { size: 3 } });
}
