// The built-in resource type table: what discovery advertises and what the server stores.

/** How metadata.name is validated (apimachinery's NameIsDNSSubdomain, NameIsDNSLabel, ...). */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

export type Subresource = 'status' | 'scale';

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  nameRule: NameRule;
  /** metadata.generation is set to 1 on create and bumped when anything but metadata/status changes. */
  generation: boolean;
  /** PUT without metadata.resourceVersion is allowed (false for custom resources and CRDs). */
  unconditionalUpdate: boolean;
  /** DELETE answers with the deleted object instead of a Success Status. */
  deleteReturnsObject: boolean;
  /** Review-style resources (SelfSubjectAccessReview): create answers, nothing is stored. */
  createOnly: boolean;
  /** Field selector labels accepted besides metadata.name and metadata.namespace. */
  fieldLabels: string[];
  /** Set for custom resources: the name of the CustomResourceDefinition that serves them. */
  crd?: string;
}

export const STANDARD_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Objects of one resource share storage across versions: keyed by group and plural. */
export function storageKey(t: { group: string; plural: string }): string {
  return `${t.group}/${t.plural}`;
}

type Extra = Partial<Omit<ResourceType, 'group' | 'version' | 'kind' | 'plural'>>;

function def(groupVersion: string, kind: string, plural: string, extra: Extra = {}): ResourceType {
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  return {
    group: group ?? '',
    version: version ?? 'v1',
    kind,
    plural,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced: true,
    verbs: STANDARD_VERBS,
    shortNames: [],
    categories: [],
    subresources: [],
    nameRule: 'subdomain',
    generation: false,
    unconditionalUpdate: true,
    deleteReturnsObject: false,
    createOnly: false,
    fieldLabels: [],
    ...extra,
  };
}

const ALL = ['all'];
const workload: Extra = { categories: ALL, generation: true };
const rbac: Extra = { nameRule: 'path' };
const review: Extra = { namespaced: false, verbs: ['create'], createOnly: true };
const eventFields = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** Built-in types, in the order discovery lists them within each group version. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  def('v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  def('v1', 'Endpoints', 'endpoints', { shortNames: ['ep'], singular: 'endpoints' }),
  def('v1', 'Event', 'events', { shortNames: ['ev'], fieldLabels: eventFields }),
  def('v1', 'LimitRange', 'limitranges', { shortNames: ['limits'] }),
  def('v1', 'Namespace', 'namespaces', {
    namespaced: false,
    verbs: NO_COLLECTION_DELETE,
    shortNames: ['ns'],
    subresources: ['status'],
    nameRule: 'label',
    deleteReturnsObject: true,
    fieldLabels: ['status.phase'],
  }),
  def('v1', 'Node', 'nodes', {
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
    fieldLabels: ['spec.unschedulable'],
  }),
  def('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', {
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  def('v1', 'PersistentVolume', 'persistentvolumes', {
    namespaced: false,
    shortNames: ['pv'],
    subresources: ['status'],
  }),
  def('v1', 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ALL,
    subresources: ['status'],
    deleteReturnsObject: true,
    fieldLabels: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  }),
  def('v1', 'ResourceQuota', 'resourcequotas', { shortNames: ['quota'], subresources: ['status'] }),
  def('v1', 'Secret', 'secrets', { fieldLabels: ['type'] }),
  def('v1', 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'] }),
  def('v1', 'Service', 'services', {
    shortNames: ['svc'],
    categories: ALL,
    subresources: ['status'],
    nameRule: 'dns1035',
    deleteReturnsObject: true,
    verbs: NO_COLLECTION_DELETE,
  }),
  def('apps/v1', 'DaemonSet', 'daemonsets', { ...workload, shortNames: ['ds'], subresources: ['status'] }),
  def('apps/v1', 'Deployment', 'deployments', {
    ...workload,
    shortNames: ['deploy'],
    subresources: ['scale', 'status'],
  }),
  def('apps/v1', 'ReplicaSet', 'replicasets', {
    ...workload,
    shortNames: ['rs'],
    subresources: ['scale', 'status'],
    fieldLabels: ['status.replicas'],
  }),
  def('apps/v1', 'StatefulSet', 'statefulsets', {
    ...workload,
    shortNames: ['sts'],
    subresources: ['scale', 'status'],
  }),
  def('batch/v1', 'CronJob', 'cronjobs', { ...workload, shortNames: ['cj'], subresources: ['status'] }),
  def('batch/v1', 'Job', 'jobs', {
    ...workload,
    subresources: ['status'],
    fieldLabels: ['status.successful'],
  }),
  def('networking.k8s.io/v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    subresources: ['status'],
    generation: true,
  }),
  def('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies', {
    shortNames: ['netpol'],
    generation: true,
  }),
  def('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', {
    shortNames: ['pdb'],
    subresources: ['status'],
    generation: true,
  }),
  def('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', {
    ...rbac,
    namespaced: false,
  }),
  def('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', { ...rbac, namespaced: false }),
  def('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', rbac),
  def('rbac.authorization.k8s.io/v1', 'Role', 'roles', rbac),
  def('storage.k8s.io/v1', 'StorageClass', 'storageclasses', { namespaced: false, shortNames: ['sc'] }),
  def('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', {
    namespaced: false,
    shortNames: ['crd', 'crds'],
    subresources: ['status'],
    generation: true,
    unconditionalUpdate: false,
    deleteReturnsObject: true,
  }),
  def('events.k8s.io/v1', 'Event', 'events', { shortNames: ['ev'] }),
  def('authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', review),
  def('authorization.k8s.io/v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', review),
];

/** Group order in `/apis`, like a real server's (groups of CRDs follow, sorted). */
export const BUILTIN_GROUP_ORDER = [
  'apps',
  'events.k8s.io',
  'authorization.k8s.io',
  'batch',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
];
