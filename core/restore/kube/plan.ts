// plan(): the exact preview of a restore of objects into a namespace, nothing written.
//   point → the chosen objects (subset.ts) → as the restore writes them (desired.ts) → the types
//   the destination serves → the live objects (live.ts) → create / update (with the field
//   differences) / unchanged / skipped (compare.ts) → an undo's deletes → write order.
import type { ObjectChange, ObjectsPreview } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { kubeConfigFrom } from '../../connect/kube';
import { isRec, recAt, type KubeItem } from '../../providers/native/kube/clean/item';
import { discoverTypes } from '../../providers/native/kube/discovery';
import { KubeHttpError, type KubeReader } from '../../providers/native/kube/kube-reader';
import { kubeWriter } from '../../providers/native/kube/kube-writer';
import { objectJson } from '../../providers/native/kube/object-json';
import { sha256Hex } from '../../repository/ids';
import type { ObjectsPlanInput } from '../engine';
import { namespaceType, objectPath, ServedTypes } from './api-paths';
import { compareWithLive } from './compare';
import { deriveDesired, itemLabel, type Desired } from './desired';
import { asRestoreError, httpMessage } from './errors';
import { readLive, type LiveState } from './live';
import { PointObjects } from './point-objects';
import { previewDiff } from './preview-diff';
import { inDeleteOrder, inWriteOrder } from './priority';
import { selectEntries, type Skip } from './subset';

export function namespaceRef(name: string): ObjectChange['ref'] {
  return { apiVersion: 'v1', kind: 'Namespace', name };
}

/** The JSON bytes of a request body, as counted in `bytes`. */
export const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/** Whether the destination namespace exists; a namespace being deleted cannot take a restore. */
export async function namespaceExists(reader: KubeReader, name: string, cluster: string): Promise<boolean> {
  let ns: unknown;
  try {
    ns = await reader.get(objectPath(namespaceType, undefined, name));
  } catch (e) {
    if (e instanceof KubeHttpError && e.status === 404) return false;
    // 403: credentials limited to the namespace may not read the Namespace object itself.
    if (e instanceof KubeHttpError && e.status === 403) return true;
    throw e;
  }
  if (isRec(ns) && isRec(ns.status) && ns.status.phase === 'Terminating') {
    throw new LifeboatError(
      'restore.namespace_terminating',
      `Namespace "${name}" in cluster "${cluster}" is being deleted: nothing can be restored into it until it is gone.`,
    );
  }
  return true;
}

interface Planned {
  order: { plural: string; group: string; name: string };
  change: ObjectChange;
}

const byOrder = (items: Planned[], del = false) =>
  (del ? inDeleteOrder : inWriteOrder)(items.map((p) => ({ ...p.order, p }))).map((x) => x.p.change);

/** Served by the destination, or to be served once a CRD this restore creates is there. */
function unservedReason(d: Desired, served: ServedTypes, crdsCreated: Set<string>): string | undefined {
  const t = served.get(d.entry);
  if (t)
    return t.namespaced === d.entry.namespaced
      ? undefined
      : `the cluster serves ${d.resource} with another scope`;
  // Any group a CRD defines, *.k8s.io ones included (Gateway API, volume snapshots).
  if (crdsCreated.has(`${d.entry.plural}.${d.entry.group}`)) return undefined;
  return `the cluster does not serve ${d.ref.apiVersion} ${d.entry.plural}`;
}

export async function planObjects(input: ObjectsPlanInput): Promise<ObjectsPreview> {
  try {
    return await plan(input);
  } catch (e) {
    throw asRestoreError(e, input.cluster);
  }
}

async function plan(input: ObjectsPlanInput): Promise<ObjectsPreview> {
  const { signal } = input;
  const ns = { sourceNamespace: input.sourceNamespace, destNamespace: input.destNamespace };
  const point = await PointObjects.open(input.repo, input.snapshot, input.sourceNamespace, signal);
  const subset = {
    ...(input.resources ? { resources: input.resources } : {}),
    ...(input.selector ? { selector: input.selector } : {}),
  };
  const chosen = await selectEntries(point, subset);
  const { desired, skipped: notRestored } = await deriveDesired(point, chosen.entries, ns);
  const skipped: Skip[] = [...chosen.skipped, ...notRestored];

  const client = kubeWriter(kubeConfigFrom(input.kubeconfig), signal ? { signal } : {});
  const served = new ServedTypes((await discoverTypes(client)).types);
  const exists = await namespaceExists(client, input.destNamespace, input.cluster);

  const crdsCreatedHere = new Set(
    desired.filter((d) => d.entry.plural === 'customresourcedefinitions').map((d) => d.ref.name),
  );
  const wanted: Desired[] = [];
  for (const d of desired) {
    const reason = unservedReason(d, served, crdsCreatedHere);
    if (reason) skipped.push({ item: d.label, reason });
    else wanted.push(d);
  }
  const live = await readLive(client, wanted, exists, signal);

  const creates: Planned[] = [];
  const updates: Planned[] = [];
  let unchanged = 0;
  let bytes = 0;
  const note = (notes: string[]) => (notes.length ? { note: notes.join('; ') } : {});
  if (!exists) {
    const body = await point.namespaceBody(input.destNamespace);
    bytes += jsonBytes(body);
    const meta = body.metadata as { labels?: object; annotations?: object };
    const carried = [
      ...(meta.labels ? [`labels ${Object.keys(meta.labels).join(', ')}`] : []),
      ...(meta.annotations ? [`annotations ${Object.keys(meta.annotations).join(', ')}`] : []),
    ];
    creates.push({
      order: { plural: 'namespaces', group: '', name: input.destNamespace },
      change: {
        ref: namespaceRef(input.destNamespace),
        note: `the destination namespace does not exist${carried.length ? `: created with the point's ${carried.join('; ')}` : ''}`,
      },
    });
  }
  const claims = claimsCreated(wanted, live, input.destNamespace);
  for (const d of wanted) {
    const state = live.get(d) ?? {};
    const order = { plural: d.entry.plural, group: d.entry.group, name: d.ref.name };
    const release = 'live' in state && state.live ? releaseOf(d, state.live, claims) : undefined;
    if (release) {
      updates.push({ order, change: release.change });
      bytes += jsonBytes(release.patch);
    } else if ('problem' in state) {
      skipped.push({ item: d.label, reason: state.problem });
    } else if (!state.live) {
      bytes += jsonBytes(d.item);
      const notes =
        d.clusterMade && !exists
          ? [...d.notes, 'the cluster creates it with the namespace: brought to the point']
          : d.notes;
      creates.push({ order, change: { ref: d.ref, ...note(notes) } });
    } else {
      const outcome = compareWithLive(d, state.live, input.conflict);
      if (outcome.kind === 'unchanged') unchanged++;
      else if (outcome.kind === 'skip') skipped.push({ item: d.label, reason: outcome.reason });
      else {
        const shown = previewDiff(d.ref.kind, outcome.changes);
        bytes += jsonBytes(outcome.patch);
        const notes = shown.note ? [...d.notes, shown.note] : d.notes;
        updates.push({
          order,
          change: { ref: d.ref, diff: shown.diff, liveSha256: outcome.liveSha256, ...note(notes) },
        });
      }
    }
  }

  const deletes = await planDeletes(
    client,
    input,
    served,
    new Set(wanted.map((d) => refKey(d.ref))),
    skipped,
    signal,
  );
  return {
    kind: 'objects',
    create: byOrder(creates),
    update: byOrder(updates),
    delete: byOrder(deletes, true),
    unchanged,
    skipped,
    bytes,
  };
}

/** A Namespace object other than the destination: never written or deleted by this restore. */
export const isOtherNamespace = (ref: ObjectChange['ref'], dest: string) =>
  ref.apiVersion === 'v1' && ref.kind === 'Namespace' && ref.name !== dest;

export const refKey = (r: ObjectChange['ref']) => `${r.apiVersion}|${r.kind}|${r.namespace ?? ''}|${r.name}`;

const deleteNotes: Record<string, string> = {
  namespaces: 'deleting the namespace deletes everything in it',
  'customresourcedefinitions.apiextensions.k8s.io':
    'deleting the definition deletes every object of its type, in every namespace',
};

/** Undo: what the undone restore created and still exists (a point object that is restored wins). */
async function planDeletes(
  client: KubeReader,
  input: ObjectsPlanInput,
  served: ServedTypes,
  restored: Set<string>,
  skipped: Skip[],
  signal?: AbortSignal,
): Promise<Planned[]> {
  const out: Planned[] = [];
  for (const c of input.alsoDelete ?? []) {
    signal?.throwIfAborted();
    const label = itemLabel(c.ref);
    if (restored.has(refKey(c.ref))) continue;
    const t = served.ofRef(c.ref.apiVersion, c.ref.kind);
    if (!t) {
      skipped.push({
        item: label,
        reason: `not deleted: the cluster does not serve ${c.ref.apiVersion} ${c.ref.kind}`,
      });
      continue;
    }
    if (
      isOtherNamespace(c.ref, input.destNamespace) ||
      (t.namespaced ? c.ref.namespace !== input.destNamespace : c.ref.namespace !== undefined)
    ) {
      skipped.push({ item: label, reason: `not deleted: it is not in namespace ${input.destNamespace}` });
      continue;
    }
    try {
      await client.get(objectPath(t, c.ref.namespace, c.ref.name));
    } catch (e) {
      if (!(e instanceof KubeHttpError)) throw e;
      skipped.push({
        item: label,
        reason: e.status === 404 ? 'already deleted' : `not deleted: ${httpMessage(e)}`,
      });
      continue;
    }
    const why = deleteNotes[t.group ? `${t.plural}.${t.group}` : t.plural];
    out.push({
      order: { plural: t.plural, group: t.group, name: c.ref.name },
      change: { ref: c.ref, ...(why ? { note: why } : {}) },
    });
  }
  return out;
}

/** `<namespace>/<name>` of each claim this plan creates, with the PersistentVolume it names. */
function claimsCreated(wanted: readonly Desired[], live: Map<Desired, LiveState>, dest: string) {
  const out = new Map<string, string>();
  for (const d of wanted) {
    if (d.entry.group !== '' || d.entry.plural !== 'persistentvolumeclaims') continue;
    const state = live.get(d);
    const volume = recAt(d.item, ['spec'])?.volumeName;
    if (state && !('problem' in state) && !state.live && typeof volume === 'string')
      out.set(`${dest}/${d.ref.name}`, volume);
  }
  return out;
}

/**
 * A PersistentVolume that outlived its claim (reclaim policy Retain) still names the deleted claim
 * by uid, so a claim restored under the same name never binds to it (it stays Pending). When this
 * plan creates that claim naming this volume, the volume's claimRef uid (and resourceVersion) are
 * cleared — the one change a restore makes to a cluster-scoped object, listed as an update.
 */
function releaseOf(d: Desired, live: KubeItem, claims: Map<string, string>) {
  if (d.entry.group !== '' || d.entry.plural !== 'persistentvolumes') return undefined;
  const ref = recAt(live, ['spec', 'claimRef']);
  const uid = ref?.uid;
  if (typeof uid !== 'string' || !uid) return undefined;
  const claim = `${String(ref?.namespace)}/${String(ref?.name)}`;
  if (claims.get(claim) !== d.ref.name) return undefined;
  const patch = { spec: { claimRef: { uid: null, resourceVersion: null } } };
  return {
    patch,
    change: {
      ref: d.ref,
      diff: [{ path: 'spec.claimRef.uid', old: uid, new: '(cleared)' }],
      liveSha256: sha256Hex(objectJson(ref)),
      note: `still names the deleted claim ${claim} (uid ${uid}): cleared so that the restored claim binds to it`,
    } satisfies ObjectChange,
  };
}
