import { describe, expect, it } from 'vitest';
import { cleanItem } from './clean-item';
import type { KubeItem } from './item';

const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'shop',
  uid: 'u-1',
  resourceVersion: '42',
  generation: 3,
  creationTimestamp: '2024-05-01T12:00:00Z',
  managedFields: [{ manager: 'kubectl' }],
  selfLink: '/x',
  ownerReferences: [
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid', controller: true },
  ],
  annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  ...extra,
});

describe('cleanItem', () => {
  it('drops server-set fields and status, keeps owner references and last-applied', () => {
    const item: KubeItem = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('c'),
      data: { a: 'b' },
      status: {},
    };
    const { item: out } = cleanItem(item, 'configmaps', '');
    expect(out.metadata).toEqual({
      name: 'c',
      namespace: 'shop',
      ownerReferences: item.metadata.ownerReferences,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    });
    expect(out.status).toBeUndefined();
    expect(item.metadata.uid).toBe('u-1'); // the input is not changed
  });

  it('Pod: nodeName, debug containers, derived priority and the injected token volume go', () => {
    const pod: KubeItem = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('p'),
      spec: {
        nodeName: 'node-1',
        ephemeralContainers: [{ name: 'debugger-x', image: 'busybox' }],
        priorityClassName: 'high',
        priority: 1000,
        volumes: [
          { name: 'kube-api-access-abcde', projected: {} },
          { name: 'data', emptyDir: {} },
        ],
        containers: [
          {
            name: 'c',
            volumeMounts: [
              { name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
              { name: 'data', mountPath: '/data' },
            ],
          },
        ],
      },
    };
    expect(cleanItem(pod, 'pods', '').item.spec).toEqual({
      priorityClassName: 'high',
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [{ name: 'c', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    });
  });

  it('Service: cluster IPs go unless headless; node ports stay only when asked for explicitly', () => {
    const applied = JSON.stringify({ spec: { ports: [{ port: 443, nodePort: 30443 }] } });
    const svc: KubeItem = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('s', { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': applied } }),
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.3.4',
        clusterIPs: ['10.96.3.4'],
        healthCheckNodePort: 31000,
        ports: [
          { port: 80, nodePort: 30080 },
          { port: 443, nodePort: 30443 },
        ],
      },
    };
    expect(cleanItem(svc, 'services', '').item.spec).toEqual({
      type: 'LoadBalancer',
      ports: [{ port: 80 }, { port: 443, nodePort: 30443 }],
    });
    const headless: KubeItem = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('h'),
      spec: { clusterIP: 'None', clusterIPs: ['None'] },
    };
    expect(cleanItem(headless, 'services', '').item.spec).toEqual({
      clusterIP: 'None',
      clusterIPs: ['None'],
    });
  });

  it('Job: the controller-uid selector and labels go; a manual selector stays', () => {
    const labels = { 'batch.kubernetes.io/controller-uid': 'u', 'controller-uid': 'u', 'job-name': 'j' };
    const job = (manualSelector?: boolean): KubeItem => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('j', { labels: { ...labels } }),
      spec: {
        ...(manualSelector ? { manualSelector } : {}),
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } },
        template: { metadata: { labels: { ...labels } } },
      },
    });
    const out = cleanItem(job(), 'jobs', 'batch').item;
    expect(out.spec).toEqual({ template: { metadata: { labels: { 'job-name': 'j' } } } });
    expect(out.metadata.labels).toEqual({ 'job-name': 'j' });
    expect(cleanItem(job(true), 'jobs', 'batch').item.spec).toEqual(job(true).spec);
  });

  it('PVC keeps its volume and asks for the PV; the PV forgets the old claim uid', () => {
    const pvc: KubeItem = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('data', { annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } }),
      spec: { volumeName: 'pv-1' },
    };
    const r = cleanItem(pvc, 'persistentvolumeclaims', '');
    expect(r.item.spec).toEqual({ volumeName: 'pv-1' });
    expect(r.item.metadata.annotations).toBeUndefined();
    expect(r.additionalItems).toEqual([
      expect.objectContaining({ plural: 'persistentvolumes', name: 'pv-1' }),
    ]);
    const pv: KubeItem = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-1' },
      spec: {
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace: 'shop',
          name: 'data',
          uid: 'x',
          resourceVersion: '9',
        },
      },
    };
    expect(cleanItem(pv, 'persistentvolumes', '').item.spec).toEqual({
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data' },
    });
  });

  it('ServiceAccount: references to legacy token Secrets go', () => {
    const sa: KubeItem = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta('builder'),
      secrets: [{ name: 'builder-token-x7k2p' }, { name: 'registry' }],
    };
    expect(cleanItem(sa, 'serviceaccounts', '').item.secrets).toEqual([{ name: 'registry' }]);
  });
});
