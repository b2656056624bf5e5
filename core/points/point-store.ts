// The catalog's restore points: rows of `restore_points`, mapped to the contract's PointView.
import type { PointView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { Db } from '../catalog/catalog';
import type { Snapshot } from '../repository/snapshot';

interface Row {
  id: string;
  repository: string;
  repository_id: string;
  system: string | null;
  scope: string;
  time: string;
  provider: PointView['provider'];
  kind: PointView['kind'];
  host: string | null;
  cluster: string | null;
  files: number;
  dirs: number;
  bytes: number;
  bytes_new: number;
  duration_ms: number;
  parent: string | null;
  added: number | null;
  changed: number | null;
  removed: number | null;
  verified_at: string | null;
  verify_json: string | null;
  unreadable: number;
  unreadable_json: string | null;
}

export interface StoredVerification {
  at: string;
  mode: string;
  ok: boolean;
  damage: number;
  checkedBlobs: number;
  bytesRead: number;
}

function view(r: Row): PointView {
  const v = r.verify_json ? (JSON.parse(r.verify_json) as StoredVerification) : undefined;
  return {
    id: r.id,
    shortId: r.id.slice(0, 8),
    repository: r.repository,
    ...(r.system ? { system: r.system } : {}),
    scope: r.scope,
    time: r.time,
    provider: r.provider,
    kind: r.kind,
    ...(r.host ? { host: r.host } : {}),
    ...(r.cluster ? { cluster: r.cluster } : {}),
    files: r.files,
    dirs: r.dirs,
    bytes: r.bytes,
    bytesNew: r.bytes_new,
    durationMs: r.duration_ms,
    bytesPerSecond: r.duration_ms > 0 ? Math.round((r.bytes * 1000) / r.duration_ms) : 0,
    ...(r.added !== null
      ? { changes: { added: r.added, changed: r.changed ?? 0, removed: r.removed ?? 0 } }
      : {}),
    ...(r.verified_at ? { verifiedAt: r.verified_at } : {}),
    ...(v ? { verification: v } : {}),
    ...(r.unreadable > 0
      ? {
          unreadable: {
            count: r.unreadable,
            items: r.unreadable_json ? (JSON.parse(r.unreadable_json) as Unreadable['items']) : [],
          },
        }
      : {}),
  };
}

type Unreadable = NonNullable<PointView['unreadable']>;

export interface PointRecord {
  id: string;
  repository: string;
  repositoryId: string;
  snapshot: Snapshot;
  changes?: { added: number; changed: number; removed: number };
}

export function createPointStore(db: Db) {
  return {
    /** Inserts or refreshes a point (rebuild keeps verification results already known). */
    record(p: PointRecord): void {
      const s = p.snapshot.stats;
      db.prepare(
        `INSERT INTO restore_points (id, repository, repository_id, system, scope, time, provider, host, cluster,
           files, dirs, bytes, bytes_new, duration_ms, parent, added, changed, removed, recorded_at, kind,
           unreadable, unreadable_json)
         VALUES (@id, @repository, @repository_id, @system, @scope, @time, 'native', @host, @cluster,
           @files, @dirs, @bytes, @bytes_new, @duration_ms, @parent, @added, @changed, @removed, @recorded_at, @kind,
           @unreadable, @unreadable_json)
         ON CONFLICT (id) DO UPDATE SET repository = excluded.repository, system = excluded.system,
           unreadable = excluded.unreadable, unreadable_json = excluded.unreadable_json,
           added = COALESCE(excluded.added, restore_points.added),
           changed = COALESCE(excluded.changed, restore_points.changed),
           removed = COALESCE(excluded.removed, restore_points.removed)`,
      ).run({
        id: p.id,
        repository: p.repository,
        repository_id: p.repositoryId,
        system: p.snapshot.system ?? null,
        scope: p.snapshot.scope,
        time: p.snapshot.time,
        host: p.snapshot.host ?? null,
        cluster: p.snapshot.cluster ?? null,
        files: s.files,
        dirs: s.dirs,
        bytes: s.bytes,
        bytes_new: s.bytesNew,
        duration_ms: s.durationMs,
        parent: p.snapshot.parent ?? null,
        added: p.changes?.added ?? null,
        changed: p.changes?.changed ?? null,
        removed: p.changes?.removed ?? null,
        recorded_at: new Date().toISOString(),
        kind: p.snapshot.tags?.includes('safety') ? 'safety' : 'backup',
        unreadable: p.snapshot.unreadable?.count ?? 0,
        unreadable_json: p.snapshot.unreadable ? JSON.stringify(p.snapshot.unreadable.items) : null,
      });
    },
    list(opts: {
      system?: string;
      scope?: string;
      repository?: string;
      kind?: PointView['kind'];
      /** Only points a full read verified (and no later check found damaged). */
      verified?: true;
      limit: number;
    }): PointView[] {
      const where: string[] = [];
      const args: Record<string, unknown> = { limit: opts.limit };
      for (const key of ['system', 'scope', 'repository', 'kind'] as const) {
        if (opts[key] === undefined) continue;
        where.push(`${key} = @${key}`);
        args[key] = opts[key];
      }
      if (opts.verified) where.push('verified_at IS NOT NULL');
      const rows = db
        .prepare(
          `SELECT * FROM restore_points ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, id LIMIT @limit`,
        )
        .all(args) as Row[];
      return rows.map(view);
    },
    /** The repository entries whose points come from the repository with this id. */
    entriesOf(repositoryId: string): string[] {
      return (
        db
          .prepare(
            'SELECT DISTINCT repository FROM restore_points WHERE repository_id = ? ORDER BY repository',
          )
          .all(repositoryId) as { repository: string }[]
      ).map((r) => r.repository);
    },
    /** By id or a unique prefix of at least 6 hex digits. */
    resolve(idOrPrefix: string): PointView {
      if (!/^[0-9a-f]{6,64}$/.test(idOrPrefix)) {
        throw new LifeboatError(
          'points.bad_id',
          `"${idOrPrefix.slice(0, 80)}" is not a restore point id (6–64 hex digits).`,
        );
      }
      const rows = db
        .prepare('SELECT * FROM restore_points WHERE id LIKE ? LIMIT 3')
        .all(`${idOrPrefix}%`) as Row[];
      if (rows.length === 0)
        throw new LifeboatError('points.not_found', `No restore point ${idOrPrefix} in the catalog.`);
      if (rows.length > 1) {
        throw new LifeboatError(
          'points.ambiguous',
          `${idOrPrefix} matches several restore points; give more digits.`,
        );
      }
      return view(rows[0] as Row);
    },
    /** The newest point of a scope before this one (for "what changed"). */
    previous(scope: string, before: string): PointView | undefined {
      const r = db
        .prepare(
          "SELECT * FROM restore_points WHERE scope = ? AND time < ? AND kind = 'backup' ORDER BY time DESC LIMIT 1",
        )
        .get(scope, before) as Row | undefined;
      return r && view(r);
    },
    /**
     * Records a verification. `verifiedAt` is set only by a read-data verification that found no
     * damage (every blob read and hashed); any damage clears it.
     */
    recordVerification(id: string, v: StoredVerification): void {
      db.prepare(
        `UPDATE restore_points SET verify_json = @json,
           verified_at = CASE WHEN NOT @ok THEN NULL WHEN @full THEN @at ELSE verified_at END
         WHERE id = @id`,
      ).run({
        id,
        json: JSON.stringify(v),
        ok: v.ok ? 1 : 0,
        full: v.mode === 'read-data' ? 1 : 0,
        at: v.at,
      });
    },
    /** Forgets a point (rebuild: its snapshot is no longer in the repository). */
    remove(id: string): void {
      db.prepare('DELETE FROM restore_points WHERE id = ?').run(id);
    },
  };
}

export type PointStore = ReturnType<typeof createPointStore>;
