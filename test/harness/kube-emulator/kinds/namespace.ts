// Namespaces: the metadata.name label, the `kubernetes` finalizer, phase Active, and what the
// controllers create in every new namespace (the `default` ServiceAccount, `kube-root-ca.crt`).

import { forResources, type KindBehaviour, type WriteContext } from '../behaviour';
import { createObject } from '../create';
import { child, setDefault, type KubeObject } from '../json';
import { BUILTIN_RESOURCES, type ResourceType } from '../resources';

export const CLUSTER_CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBlifeboatEmulatorNotARealCertificateAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END CERTIFICATE-----\n';

function builtin(plural: string): ResourceType {
  const t = BUILTIN_RESOURCES.find((r) => r.group === '' && r.plural === plural);
  if (!t) throw new Error(`no built-in resource ${plural}`);
  return t;
}

const CONTROLLER = { manager: 'kube-controller-manager', operation: 'Update' as const };

/** What the serviceaccount and root-ca-cert-publisher controllers add to a new namespace. */
function seedNamespace(ctx: WriteContext, namespace: string): void {
  const opts = { dryRun: false, origin: CONTROLLER };
  createObject(ctx.state, builtin('serviceaccounts'), namespace, { metadata: { name: 'default' } }, opts);
  createObject(
    ctx.state,
    builtin('configmaps'),
    namespace,
    {
      metadata: {
        name: 'kube-root-ca.crt',
        annotations: {
          'kubernetes.io/description':
            'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
        },
      },
      data: { 'ca.crt': CLUSTER_CA_PEM },
    },
    opts,
  );
}

function enforceNameLabel(obj: KubeObject): void {
  obj.metadata.labels = {
    ...(obj.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': obj.metadata.name ?? '',
  };
}

export const namespaceBehaviour: KindBehaviour = {
  appliesTo: forResources('/namespaces'),
  defaults(obj) {
    setDefault(child(obj, 'spec'), 'finalizers', ['kubernetes']);
    enforceNameLabel(obj);
  },
  prepareCreate(obj) {
    obj.status = { phase: 'Active' };
  },
  afterCreate(obj, ctx) {
    seedNamespace(ctx, obj.metadata.name ?? '');
  },
};
