// Object storage with one global resourceVersion counter, like etcd's revision.

import { clone, type KubeObject } from './json';
import { storageKey } from './resources';

type StoredRef = { group: string; plural: string };

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private data = new Map<string, Map<string, KubeObject>>();
  private revision = 0;

  /** The resourceVersion of the last write, as the string lists report. */
  currentRevision(): string {
    return String(this.revision);
  }

  /** Advances the global counter and returns the new resourceVersion. */
  nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }

  get(t: StoredRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.data.get(storageKey(t))?.get(objectKey(namespace, name));
    return o ? clone(o) : undefined;
  }

  /** Objects of a resource, in one namespace or all, sorted by namespace then name (etcd key order). */
  list(t: StoredRef, namespace?: string): KubeObject[] {
    const bucket = this.data.get(storageKey(t));
    if (!bucket) return [];
    return [...bucket.entries()]
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => clone(o));
  }

  /**
   * The stored objects of a resource, all namespaces, unsorted and NOT copied: for read-only
   * scans on the write path (allocators), where cloning every object per write made creating
   * many objects quadratic. Callers must not change what they get.
   */
  *peek(t: StoredRef): Iterable<Readonly<KubeObject>> {
    yield* this.data.get(storageKey(t))?.values() ?? [];
  }

  /** Writes an object as given: the caller has set its resourceVersion. */
  put(t: StoredRef, obj: KubeObject): void {
    const key = storageKey(t);
    let bucket = this.data.get(key);
    if (!bucket) {
      bucket = new Map();
      this.data.set(key, bucket);
    }
    bucket.set(objectKey(obj.metadata.namespace, obj.metadata.name ?? ''), clone(obj));
  }

  remove(t: StoredRef, namespace: string | undefined, name: string): boolean {
    const removed = this.data.get(storageKey(t))?.delete(objectKey(namespace, name)) ?? false;
    if (removed) this.nextRevision();
    return removed;
  }

  /** Drops every object of a resource (a CRD was deleted). */
  drop(t: StoredRef): void {
    if (this.data.delete(storageKey(t))) this.nextRevision();
  }

  /** Drops everything; the revision counter keeps counting (resourceVersions never go back). */
  clear(): void {
    this.data.clear();
  }
}
