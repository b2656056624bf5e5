// What a real cluster does a moment after a write, that the next writes depend on: a new CRD
// must be Established before its objects can be created, and a new namespace gets its `default`
// ServiceAccount from a controller (a Pod naming a missing account is refused). Waited for
// between priority ranks, briefly; on time-out the writes go on and report what the server says.
import { isRec } from '../../providers/native/kube/clean/item';
import { KubeHttpError, type KubeReader } from '../../providers/native/kube/kube-reader';

const pollMs = 100;
const limitMs = 15_000;

async function waitUntil(check: () => Promise<boolean>, signal?: AbortSignal): Promise<boolean> {
  const end = Date.now() + limitMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function exists(reader: KubeReader, path: string): Promise<unknown> {
  try {
    return await reader.get(path);
  } catch (e) {
    if (e instanceof KubeHttpError && e.status === 404) return undefined;
    throw e;
  }
}

export function crdEstablished(reader: KubeReader, name: string, signal?: AbortSignal): Promise<boolean> {
  const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`;
  return waitUntil(async () => {
    const crd = await exists(reader, path);
    const conditions = isRec(crd) && isRec(crd.status) ? crd.status.conditions : undefined;
    return (
      Array.isArray(conditions) &&
      conditions.some((c) => isRec(c) && c.type === 'Established' && c.status === 'True')
    );
  }, signal);
}

export function defaultServiceAccount(
  reader: KubeReader,
  namespace: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/default`;
  return waitUntil(async () => (await exists(reader, path)) !== undefined, signal);
}
