// Reads the objects of a scope: every listable type of the namespace (paginated), or the named
// KIND/NAME objects. Per-type and per-object failures are reported through `fail` and skipped;
// only an unreachable cluster or a cancel stops the read.
import type { ResourceType } from './discovery';
import { resourcePath } from './discovery';
import type { KubeItem } from './clean/item';
import { isRec } from './clean/item';
import { KubeHttpError, type KubeReader } from './kube-reader';
import { isSkipped, resourceName } from './skip-list';

export interface CollectedItem {
  type: ResourceType;
  item: KubeItem;
}

export type Fail = (item: string, message: string) => void;

const pageSize = 500;

function httpMessage(e: KubeHttpError): string {
  return `${e.message} (HTTP ${e.status})`;
}

/** Items of built-in types come back without apiVersion/kind, like a real server: take them from the type. */
function asItem(raw: unknown, t: ResourceType): KubeItem | undefined {
  if (!isRec(raw) || !isRec(raw.metadata) || typeof raw.metadata.name !== 'string') return undefined;
  return { ...raw, apiVersion: t.apiVersion, kind: t.kind } as KubeItem;
}

export async function listNamespace(
  reader: KubeReader,
  types: readonly ResourceType[],
  namespace: string,
  fail: Fail,
  signal?: AbortSignal,
): Promise<CollectedItem[]> {
  const out: CollectedItem[] = [];
  for (const t of types) {
    if (!t.namespaced || isSkipped(t.plural, t.group)) continue;
    let token: string | undefined;
    // A server that hands out a continuation token again would have us list forever.
    const seen = new Set<string>();
    try {
      do {
        signal?.throwIfAborted();
        const page = await reader.get(resourcePath(t, namespace), { limit: pageSize, continue: token });
        const items = isRec(page) && Array.isArray(page.items) ? page.items : [];
        for (const raw of items) {
          const item = asItem(raw, t);
          if (item) out.push({ type: t, item });
        }
        const meta = isRec(page) && isRec(page.metadata) ? page.metadata : {};
        token = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
        if (token !== undefined && seen.has(token)) {
          fail(
            resourceName(t.plural, t.group),
            'the server gave the same continuation token twice; listing stopped',
          );
          break;
        }
        if (token !== undefined) seen.add(token);
      } while (token);
    } catch (e) {
      if (!(e instanceof KubeHttpError)) throw e;
      fail(resourceName(t.plural, t.group), `cannot list: ${httpMessage(e)}`);
    }
  }
  return out;
}

/**
 * The namespaced type of a kind: exact match first, then case-insensitive; core group first. With
 * an apiVersion, only that group's type (its version preferred): a kind can exist in two groups
 * (Istio's and the Gateway API's Gateway, Knative's and the core Service).
 */
export function typeOfKind(
  types: readonly ResourceType[],
  kind: string,
  apiVersion?: string,
): ResourceType | undefined {
  const group =
    apiVersion === undefined ? undefined : apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const namespaced = types.filter((t) => t.namespaced && (group === undefined || t.group === group));
  return (
    namespaced.find((t) => t.kind === kind && t.apiVersion === apiVersion) ??
    namespaced.find((t) => t.kind === kind) ??
    namespaced.find((t) => t.kind.toLowerCase() === kind.toLowerCase())
  );
}

export async function getSelected(
  reader: KubeReader,
  types: readonly ResourceType[],
  namespace: string,
  selectors: readonly { kind: string; name: string; apiVersion?: string }[],
  fail: Fail,
): Promise<CollectedItem[]> {
  const out: CollectedItem[] = [];
  for (const s of selectors) {
    const label = `${s.kind}/${s.name}`;
    const t = typeOfKind(types, s.kind, s.apiVersion);
    if (!t) {
      fail(
        label,
        `the cluster serves no namespaced resource of kind ${s.kind}${s.apiVersion ? ` in ${s.apiVersion}` : ''}`,
      );
      continue;
    }
    try {
      const item = asItem(await reader.get(resourcePath(t, namespace, s.name)), t);
      if (item) out.push({ type: t, item });
      else fail(label, 'the server answered something that is not an object');
    } catch (e) {
      if (!(e instanceof KubeHttpError)) throw e;
      fail(label, e.status === 404 ? 'not found' : httpMessage(e));
    }
  }
  return out;
}
