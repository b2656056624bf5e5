// The point's objects as the restore writes them: loaded and validated, run through the restore
// item actions for this destination. Plan and apply both derive them this way, so apply writes
// exactly what the plan compared (the preview carries references, never whole objects).
import type { ObjectChange } from '../../api/contract';
import type { KubeItem } from '../../providers/native/kube/clean/item';
import { runRestoreActions, type RestoreItemContext } from './actions/index';
import { mapLimit } from './pool';
import type { PointObjects, StoredEntry } from './point-objects';
import { resourceOf } from './priority';
import type { Skip } from './subset';

export type ObjectRef = ObjectChange['ref'];

export interface Desired {
  entry: StoredEntry;
  /** `<plural>` or `<plural>.<group>`. */
  resource: string;
  /** The object to write (namespace rewritten, item actions applied). */
  item: KubeItem;
  ref: ObjectRef;
  /** `Kind/name` (messages, restore records). */
  label: string;
  notes: string[];
  clusterMade: boolean;
  ctx: RestoreItemContext;
}

export interface Namespaces {
  sourceNamespace: string;
  destNamespace: string;
}

export const itemLabel = (ref: Pick<ObjectRef, 'kind' | 'name'>) => `${ref.kind}/${ref.name}`;

const loadConcurrency = 16;

export async function deriveDesired(
  point: PointObjects,
  entries: readonly StoredEntry[],
  ns: Namespaces,
): Promise<{ desired: Desired[]; skipped: Skip[] }> {
  const loaded = await mapLimit(entries, loadConcurrency, (e) => point.load(e));
  // Stored Services the Endpoints among the entries are named after (the endpoints action asks).
  const services = new Map<string, KubeItem>();
  for (const e of entries) {
    if (!e.namespaced || e.group !== '' || e.plural !== 'endpoints') continue;
    for (const s of point.find(true, '', undefined, 'services', e.name)) {
      const r = await point.load(s);
      if ('item' in r) services.set(e.name, r.item);
    }
  }
  const desired: Desired[] = [];
  const skipped: Skip[] = [];
  entries.forEach((entry, i) => {
    const r = loaded[i]!;
    if ('problem' in r) {
      skipped.push({ item: entry.path, reason: r.problem });
      return;
    }
    const ctx: RestoreItemContext = {
      resource: resourceOf(entry.plural, entry.group),
      namespaced: entry.namespaced,
      ...ns,
      pointService: (name) => services.get(name),
    };
    const label = itemLabel({ kind: r.item.kind, name: entry.name });
    const out = runRestoreActions(r.item, ctx);
    if (out.skip !== undefined) {
      skipped.push({ item: label, reason: out.skip });
      return;
    }
    desired.push({
      entry,
      resource: ctx.resource,
      item: out.item,
      ref: {
        apiVersion: r.item.apiVersion,
        kind: r.item.kind,
        name: entry.name,
        ...(entry.namespaced ? { namespace: ns.destNamespace } : {}),
      },
      label,
      notes: out.notes,
      clusterMade: out.clusterMade,
      ctx,
    });
  });
  return { desired, skipped };
}
