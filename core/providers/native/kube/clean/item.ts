// The shapes cleaning works on: a Kubernetes object as plain JSON, and an item action (Velero's
// restore item actions: `{ name, appliesTo, execute(item) -> { item, additionalItems } }`).

export type Rec = Record<string, unknown>;

export interface KubeItem extends Rec {
  apiVersion: string;
  kind: string;
  metadata: Rec & { name: string; namespace?: string };
}

/** A cluster-scoped object an item needs (a PVC's PV), to be stored under `cluster/`. */
export interface ItemRef {
  group: string;
  version: string;
  plural: string;
  kind: string;
  name: string;
  /** Why it is needed, for notes ("bound to PersistentVolumeClaim shop/data"). */
  why: string;
}

export interface ItemActionResult {
  item: KubeItem;
  additionalItems?: ItemRef[];
  /** Facts worth telling the person who restores (shown as backup notes). */
  notes?: string[];
}

export interface ItemAction {
  name: string;
  /** Resources it changes: `<plural>` (core group) or `<plural>.<group>`, as in `skip-list.ts`. */
  appliesTo: readonly string[];
  /** Gets a private copy of the item: may change it in place. */
  execute(item: KubeItem): ItemActionResult;
}

export function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The object at `path`, or undefined when any step is missing or not an object. */
export function recAt(root: Rec, path: readonly string[]): Rec | undefined {
  let cur: unknown = root;
  for (const key of path) {
    if (!isRec(cur)) return undefined;
    cur = cur[key];
  }
  return isRec(cur) ? cur : undefined;
}

/** Deletes `path` (no-op when absent); drops `path`'s parent objects that end up empty if asked. */
export function deletePath(root: Rec, path: readonly string[]): void {
  const parent = recAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent && last !== undefined) delete parent[last];
}

/** Removes `keys` from the string map at `path`; deletes the map when it ends up empty. */
export function deleteKeys(root: Rec, path: readonly string[], keys: readonly string[]): void {
  const map = recAt(root, path);
  if (!map) return;
  for (const k of keys) delete map[k];
  if (Object.keys(map).length === 0) deletePath(root, path);
}
