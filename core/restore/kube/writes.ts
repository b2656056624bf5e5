// One object's write at apply time. Create = POST of the object as the restore writes it;
// update = JSON merge patch from the live object (cleaned) to it, with the live resourceVersion
// as a precondition (a 409 Conflict re-reads and retries); delete = DELETE. AlreadyExists on a
// create follows the conflict policy. HTTP errors are thrown to the caller (a failed item).
import { isRec, type KubeItem } from '../../providers/native/kube/clean/item';
import { KubeHttpError } from '../../providers/native/kube/kube-reader';
import type { KubeWriter } from '../../providers/native/kube/kube-writer';
import { collectionPath, objectPath, type TypePlace } from './api-paths';
import { patchFor, withPrecondition } from './compare';
import type { Desired } from './desired';

export interface WriteResult {
  result: 'done' | 'not done';
  message?: string;
  bytes: number;
  /** A create found the object there already (it was updated instead, or left alone). */
  existed?: true;
}

const tries = 3;
const isStatus = (e: unknown, status: number) => e instanceof KubeHttpError && e.status === status;
const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

export class ObjectWrites {
  constructor(
    private readonly client: KubeWriter,
    private readonly conflict: 'update' | 'skip',
  ) {}

  async create(d: Desired): Promise<WriteResult> {
    try {
      await this.client.create(collectionPath(d.entry, d.ref.namespace), d.item);
      return { result: 'done', bytes: size(d.item) };
    } catch (e) {
      if (!isStatus(e, 409)) throw e;
    }
    // AlreadyExists: it appeared after the plan (or the cluster made it with the namespace).
    // Not ours, whatever happens next: an undo must not delete it.
    const existed = (r: WriteResult): WriteResult => ({ ...r, existed: true });
    if (d.clusterMade) return existed(await this.update(d, 'created by the cluster with the namespace'));
    if (!d.entry.namespaced)
      return existed({
        result: 'not done',
        message: 'exists now; a restore never changes cluster-scoped objects',
        bytes: 0,
      });
    if (this.conflict === 'skip')
      return existed({ result: 'not done', message: 'exists now (conflict policy skip)', bytes: 0 });
    return existed(await this.update(d, 'created after the plan'));
  }

  async update(d: Desired, why?: string): Promise<WriteResult> {
    const path = objectPath(d.entry, d.ref.namespace, d.ref.name);
    const say = (m: string) => (why ? `${why}; ${m}` : m);
    for (let i = 0; i < tries; i++) {
      let live: unknown;
      try {
        live = await this.client.get(path);
      } catch (e) {
        if (!isStatus(e, 404) || why) throw e;
        const created = await this.create(d);
        return { ...created, message: created.message ?? 'deleted after the plan: created' };
      }
      if (!isRec(live) || !isRec(live.metadata))
        throw new KubeHttpError(200, path, 'the live object is not an object');
      const current = { ...live, apiVersion: d.ref.apiVersion, kind: d.ref.kind } as KubeItem;
      const changes = patchFor(d, current);
      if (Object.keys(changes).length === 0)
        return { result: 'done', message: say('already as in the point'), bytes: 0 };
      const patch = withPrecondition(changes, current);
      try {
        await this.client.mergePatch(path, patch);
        return {
          result: 'done',
          ...(why ? { message: say('updated to the point') } : {}),
          bytes: size(patch),
        };
      } catch (e) {
        if (!isStatus(e, 409)) throw e; // 409 Conflict: changed between our read and write
      }
    }
    throw new KubeHttpError(
      409,
      path,
      `changed by someone else while being restored (${tries} attempts)`,
      'Conflict',
    );
  }

  /**
   * Clears a PersistentVolume's claimRef uid (and resourceVersion) so that the claim this restore
   * creates under the old name binds to it — only while it still names that deleted claim's uid.
   */
  async releaseVolume(d: Desired, uid: string): Promise<WriteResult> {
    const path = objectPath(d.entry, undefined, d.ref.name);
    const live = await this.client.get(path);
    const ref = isRec(live) && isRec(live.spec) && isRec(live.spec.claimRef) ? live.spec.claimRef : undefined;
    if (ref?.uid !== uid)
      return { result: 'not done', message: 'its claim reference changed since the preview', bytes: 0 };
    const meta = isRec(live) && isRec(live.metadata) ? live.metadata : {};
    const patch = {
      metadata: { resourceVersion: meta.resourceVersion },
      spec: { claimRef: { uid: null, resourceVersion: null } },
    };
    await this.client.mergePatch(path, patch);
    return { result: 'done', message: 'claim uid cleared', bytes: size(patch) };
  }

  async createNamespace(body: KubeItem): Promise<WriteResult> {
    try {
      await this.client.create('/api/v1/namespaces', body);
      return { result: 'done', bytes: size(body) };
    } catch (e) {
      if (!isStatus(e, 409)) throw e;
      return { result: 'done', message: 'already exists', bytes: 0, existed: true };
    }
  }

  async remove(t: TypePlace, namespace: string | undefined, name: string): Promise<WriteResult> {
    try {
      await this.client.remove(objectPath(t, namespace, name));
      return { result: 'done', bytes: 0 };
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
      return { result: 'done', message: 'already deleted', bytes: 0 };
    }
  }
}
