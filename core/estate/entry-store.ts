// One store for every kind of estate entry: rows of (kind, name, spec_json) validated by the
// kind's schema on the way in and on the way out (a hand-edited catalog gives a clear error).
import { LifeboatError } from '../api/errors';
import type { Db } from '../catalog/catalog';
import { specs, type EstateKind, type SpecOf } from './specs';

export interface Stored<S> {
  spec: S;
  createdAt: string;
  updatedAt: string;
}

export interface EntryStore<K extends EstateKind> {
  list(): Stored<SpecOf<K>>[];
  find(name: string): Stored<SpecOf<K>> | undefined;
  /** Throws estate.not_found naming the kind and the name. */
  get(name: string): Stored<SpecOf<K>>;
  insert(spec: SpecOf<K>): Stored<SpecOf<K>>;
  update(spec: SpecOf<K>): Stored<SpecOf<K>>;
  remove(name: string): void;
}

const label: Record<EstateKind, string> = {
  server: 'server',
  cluster: 'cluster',
  repository: 'repository',
  system: 'system',
};

interface Row {
  name: string;
  spec_json: string;
  created_at: string;
  updated_at: string;
}

export function createEntryStore<K extends EstateKind>(db: Db, kind: K): EntryStore<K> {
  const schema = specs[kind];
  const parse = (r: Row): Stored<SpecOf<K>> => {
    const parsed = schema.safeParse(JSON.parse(r.spec_json));
    if (!parsed.success) {
      throw new LifeboatError(
        'catalog.damaged_entry',
        `The catalog's ${label[kind]} "${r.name}" is damaged (${parsed.error.issues[0]?.message ?? 'invalid'}); remove it and add it again.`,
      );
    }
    return { spec: parsed.data as SpecOf<K>, createdAt: r.created_at, updatedAt: r.updated_at };
  };
  const find = (name: string) => {
    const r = db.prepare('SELECT * FROM estate WHERE kind = ? AND name = ?').get(kind, name) as
      Row | undefined;
    return r && parse(r);
  };
  const get = (name: string) => {
    const s = find(name);
    if (!s) throw new LifeboatError('estate.not_found', `There is no ${label[kind]} named "${name}".`);
    return s;
  };
  return {
    list: () =>
      (db.prepare('SELECT * FROM estate WHERE kind = ? ORDER BY name').all(kind) as Row[]).map(parse),
    find,
    get,
    insert(spec) {
      if (find(spec.name)) {
        throw new LifeboatError('estate.exists', `A ${label[kind]} named "${spec.name}" already exists.`);
      }
      const now = new Date().toISOString();
      db.prepare(
        'INSERT INTO estate (kind, name, spec_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).run(kind, spec.name, JSON.stringify(schema.parse(spec)), now, now);
      return get(spec.name);
    },
    update(spec) {
      const r = db
        .prepare('UPDATE estate SET spec_json = ?, updated_at = ? WHERE kind = ? AND name = ?')
        .run(JSON.stringify(schema.parse(spec)), new Date().toISOString(), kind, spec.name);
      if (r.changes === 0)
        throw new LifeboatError('estate.not_found', `There is no ${label[kind]} named "${spec.name}".`);
      return get(spec.name);
    },
    remove(name) {
      get(name);
      db.prepare('DELETE FROM estate WHERE kind = ? AND name = ?').run(kind, name);
    },
  };
}
