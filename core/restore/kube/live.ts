// The live state of the objects a plan restores, in the destination: one GET per object, or one
// LIST (500 a page) per type when many objects of it are wanted — a whole namespace is then read
// in a few requests. 404 means "to be created"; another HTTP error makes that object unplannable
// (skipped with the reason); an unreachable cluster or a 401 stops the plan.
import { isRec, type KubeItem } from '../../providers/native/kube/clean/item';
import { KubeHttpError, type KubeReader } from '../../providers/native/kube/kube-reader';
import { collectionPath, objectPath, typeKey } from './api-paths';
import type { Desired } from './desired';
import { httpMessage } from './errors';
import { mapLimit } from './pool';

export type LiveState = { live?: KubeItem } | { problem: string };

/** More wanted objects of one namespaced type than this: LIST the type instead of GETs. */
const listAbove = 10;
const getConcurrency = 8;
const pageSize = 500;

async function getOne(reader: KubeReader, d: Desired): Promise<LiveState> {
  try {
    const raw = await reader.get(objectPath(d.entry, d.ref.namespace, d.ref.name));
    if (!isRec(raw) || !isRec(raw.metadata))
      return { problem: 'the server answered something that is not an object' };
    return { live: { ...raw, apiVersion: d.ref.apiVersion, kind: d.ref.kind } as KubeItem };
  } catch (e) {
    if (!(e instanceof KubeHttpError)) throw e;
    if (e.status === 404) return {};
    return { problem: `cannot read the live object: ${httpMessage(e)}` };
  }
}

async function listType(
  reader: KubeReader,
  group: Desired[],
  signal?: AbortSignal,
): Promise<Map<Desired, LiveState>> {
  const first = group[0]!;
  const out = new Map<Desired, LiveState>();
  const byName = new Map<string, KubeItem>();
  let token: string | undefined;
  try {
    do {
      signal?.throwIfAborted();
      const page = await reader.get(collectionPath(first.entry, first.ref.namespace), {
        limit: pageSize,
        continue: token,
      });
      const items = isRec(page) && Array.isArray(page.items) ? page.items : [];
      for (const raw of items) {
        if (isRec(raw) && isRec(raw.metadata) && typeof raw.metadata.name === 'string')
          byName.set(raw.metadata.name, {
            ...raw,
            apiVersion: first.ref.apiVersion,
            kind: first.ref.kind,
          } as KubeItem);
      }
      const meta = isRec(page) && isRec(page.metadata) ? page.metadata : {};
      token = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
    } while (token);
  } catch (e) {
    if (!(e instanceof KubeHttpError)) throw e;
    // 404: the type is not served (yet: a CRD this restore creates) — nothing of it exists.
    const state: LiveState =
      e.status === 404 ? {} : { problem: `cannot list the live objects: ${httpMessage(e)}` };
    for (const d of group) out.set(d, state);
    return out;
  }
  for (const d of group) {
    const live = byName.get(d.ref.name);
    out.set(d, live ? { live } : {});
  }
  return out;
}

/**
 * The live object of each wanted object (absent when it does not exist). `namespaceExists` false:
 * namespaced objects cannot exist yet, and are not asked for.
 */
export async function readLive(
  reader: KubeReader,
  desired: readonly Desired[],
  namespaceExists: boolean,
  signal?: AbortSignal,
): Promise<Map<Desired, LiveState>> {
  const out = new Map<Desired, LiveState>();
  const byType = new Map<string, Desired[]>();
  const singles: Desired[] = [];
  for (const d of desired) {
    if (d.entry.namespaced && !namespaceExists) out.set(d, {});
    else if (d.entry.namespaced) {
      const k = typeKey(d.entry);
      let group = byType.get(k);
      if (!group) byType.set(k, (group = []));
      group.push(d);
    } else singles.push(d);
  }
  for (const group of byType.values()) {
    if (group.length > listAbove) for (const [d, s] of await listType(reader, group, signal)) out.set(d, s);
    else singles.push(...group);
  }
  const states = await mapLimit(singles, getConcurrency, (d) => {
    signal?.throwIfAborted();
    return getOne(reader, d);
  });
  singles.forEach((d, i) => out.set(d, states[i]!));
  return out;
}
