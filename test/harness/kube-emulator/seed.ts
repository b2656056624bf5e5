// What a fresh cluster holds: the default namespaces (each with its `default` ServiceAccount and
// `kube-root-ca.crt`), the `kubernetes` Service and Endpoints, one Node, and the Widget CRD.

import { createObject } from './create';
import type { WriteOrigin } from './managed-fields';
import { NODE_IP, NODE_NAME } from './kinds/pod';
import { BUILTIN_RESOURCES, type ResourceType } from './resources';
import type { EmulatorState } from './state';

export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The CRD every emulator starts with: widgets.example.com, namespaced, v1, status subresource. */
export const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        subresources: { status: {} },
      },
    ],
  },
};

function builtin(group: string, plural: string): ResourceType {
  const t = BUILTIN_RESOURCES.find((r) => r.group === group && r.plural === plural);
  if (!t) throw new Error(`no built-in resource ${group}/${plural}`);
  return t;
}

const SYSTEM: WriteOrigin = { manager: 'kube-apiserver', operation: 'Update' };

export function seedCluster(state: EmulatorState): void {
  const opts = { dryRun: false, origin: SYSTEM };
  for (const name of DEFAULT_NAMESPACES)
    createObject(state, builtin('', 'namespaces'), undefined, { metadata: { name } }, opts);
  createObject(
    state,
    builtin('', 'services'),
    'default',
    {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: '10.96.0.1',
        ports: [{ name: 'https', port: 443, targetPort: 6443, protocol: 'TCP' }],
      },
    },
    opts,
  );
  createObject(
    state,
    builtin('', 'endpoints'),
    'default',
    {
      metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: NODE_IP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    },
    opts,
  );
  // The kubelet reports node status through the status subresource: written here directly.
  const nodes = builtin('', 'nodes');
  const node = createObject(
    state,
    nodes,
    undefined,
    {
      metadata: {
        name: NODE_NAME,
        labels: {
          'kubernetes.io/hostname': NODE_NAME,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
        },
      },
      spec: {},
    },
    opts,
  );
  state.store.put(nodes, {
    ...node,
    metadata: { ...node.metadata, resourceVersion: state.store.nextRevision() },
    status: {
      addresses: [
        { type: 'InternalIP', address: NODE_IP },
        { type: 'Hostname', address: NODE_NAME },
      ],
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      nodeInfo: {
        kubeletVersion: 'v1.30.0-lifeboat-emulator',
        operatingSystem: 'linux',
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.0',
      },
    },
  });
  createObject(
    state,
    builtin('apiextensions.k8s.io', 'customresourcedefinitions'),
    undefined,
    structuredClone(WIDGET_CRD),
    opts,
  );
}
