// What the restore and run tests set up alike: calls through the contract that throw on an
// error envelope, the harness sshd as a server entry, and a small "shop" namespace (a Deployment
// and a ConfigMap) in the Kubernetes emulator.
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import type { Lifeboat } from '../../core/api/lifeboat';
import type { SshdInfo } from '../harness/sshd';

export async function ok<T>(l: Lifeboat, method: string, input: unknown): Promise<T> {
  const env = await l.dispatch(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.code}: ${env.error.message}`);
  return env.result as T;
}

export async function err(l: Lifeboat, method: string, input: unknown) {
  const env = await l.dispatch(method, input);
  if (env.ok) throw new Error(`${method} unexpectedly succeeded`);
  return env.error;
}

/** The harness sshd as server `name`, its host key accepted. */
export function addServer(l: Lifeboat, name: string, s: SshdInfo) {
  return ok(l, 'server.add', {
    name,
    host: s.host,
    port: s.port,
    user: s.user,
    auth: { kind: 'key', privateKey: s.clientKey },
    acceptHostKey: s.hostKeyFingerprint,
  });
}

/** Creates namespace `ns` with Deployment/web (2 replicas) and ConfigMap/settings (mode: production). */
export async function shopNamespace(kubeconfig: string, ns: string): Promise<KubernetesObjectApi> {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const api = KubernetesObjectApi.makeApiClient(kc);
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  } as KubernetesObject);
  await api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: ns },
    data: { mode: 'production' },
  } as KubernetesObject);
  return api;
}
