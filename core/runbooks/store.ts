// The catalog's runbooks (migration 0005): every version's text exactly as imported, plus what a
// listing shows without parsing. A removed runbook is hidden, its versions kept.
import { LifeboatError } from '../api/errors';
import type { Db } from '../catalog/catalog';
import type { AppliesTo, Owner } from './model';

export interface StoredRunbook {
  name: string;
  version: number;
  /** How many versions the runbook has (the newest is `latest`). */
  latest: number;
  system?: string;
  appliesTo?: AppliesTo;
  owner?: Owner;
  description?: string;
  steps: number;
  yaml: string;
  sha256: string;
  filename?: string;
  importedAt: string;
  actor: string;
}

export type NewVersion = Omit<StoredRunbook, 'version' | 'latest' | 'importedAt'>;

interface Row {
  name: string;
  version: number;
  latest_version: number;
  system: string | null;
  applies_to: string | null;
  owner_json: string | null;
  description: string | null;
  steps: number;
  yaml: string;
  sha256: string;
  filename: string | null;
  imported_at: string;
  actor: string;
}

function fromRow(r: Row): StoredRunbook {
  return {
    name: r.name,
    version: r.version,
    latest: r.latest_version,
    ...(r.system ? { system: r.system } : {}),
    ...(r.applies_to ? { appliesTo: r.applies_to as AppliesTo } : {}),
    ...(r.owner_json ? { owner: JSON.parse(r.owner_json) as Owner } : {}),
    ...(r.description ? { description: r.description } : {}),
    steps: r.steps,
    yaml: r.yaml,
    sha256: r.sha256,
    ...(r.filename ? { filename: r.filename } : {}),
    importedAt: r.imported_at,
    actor: r.actor,
  };
}

const select = `SELECT v.*, r.latest_version FROM runbook_versions v JOIN runbooks r ON r.name = v.name`;

export function createRunbookStore(db: Db) {
  const current = (name: string): StoredRunbook | undefined => {
    const r = db
      .prepare(`${select} WHERE v.name = ? AND v.version = r.latest_version AND r.removed_at IS NULL`)
      .get(name) as Row | undefined;
    return r && fromRow(r);
  };

  return {
    /** The newest version, unless the runbook was removed. */
    current,

    /** One version (the newest when absent); throws runbook.not_found. */
    get(name: string, version?: number): StoredRunbook {
      const head = current(name);
      if (!head) throw new LifeboatError('runbook.not_found', `There is no runbook named "${name}".`);
      if (version === undefined || version === head.version) return head;
      const r = db.prepare(`${select} WHERE v.name = ? AND v.version = ?`).get(name, version) as
        Row | undefined;
      if (!r)
        throw new LifeboatError(
          'runbook.not_found',
          `Runbook "${name}" has no version ${version} (versions 1–${head.latest}).`,
        );
      return fromRow(r);
    },

    /** The newest version of every runbook that was not removed, by name. */
    list(): StoredRunbook[] {
      const rows = db
        .prepare(`${select} WHERE v.version = r.latest_version AND r.removed_at IS NULL ORDER BY v.name`)
        .all() as Row[];
      return rows.map(fromRow);
    },

    versions(name: string): { version: number; importedAt: string; actor: string; sha256: string }[] {
      const rows = db
        .prepare(
          'SELECT version, imported_at, actor, sha256 FROM runbook_versions WHERE name = ? ORDER BY version DESC',
        )
        .all(name) as { version: number; imported_at: string; actor: string; sha256: string }[];
      return rows.map((r) => ({
        version: r.version,
        importedAt: r.imported_at,
        actor: r.actor,
        sha256: r.sha256,
      }));
    },

    /** Stores a new version (the next number, also after a removal); call inside a transaction. */
    add(v: NewVersion, now = new Date().toISOString()): StoredRunbook {
      const head = db.prepare('SELECT latest_version FROM runbooks WHERE name = ?').get(v.name) as
        { latest_version: number } | undefined;
      const version = (head?.latest_version ?? 0) + 1;
      if (head)
        db.prepare('UPDATE runbooks SET latest_version = ?, removed_at = NULL WHERE name = ?').run(
          version,
          v.name,
        );
      else
        db.prepare('INSERT INTO runbooks (name, latest_version, created_at) VALUES (?, ?, ?)').run(
          v.name,
          version,
          now,
        );
      db.prepare(
        `INSERT INTO runbook_versions (name, version, system, applies_to, owner_json, description, steps,
           yaml, sha256, filename, imported_at, actor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        v.name,
        version,
        v.system ?? null,
        v.appliesTo ?? null,
        v.owner ? JSON.stringify(v.owner) : null,
        v.description ?? null,
        v.steps,
        v.yaml,
        v.sha256,
        v.filename ?? null,
        now,
        v.actor,
      );
      return { ...v, version, latest: version, importedAt: now };
    },

    /** Hides the runbook; returns how many versions it had. Throws runbook.not_found. */
    remove(name: string, now = new Date().toISOString()): number {
      const head = current(name);
      if (!head) throw new LifeboatError('runbook.not_found', `There is no runbook named "${name}".`);
      db.prepare('UPDATE runbooks SET removed_at = ? WHERE name = ?').run(now, name);
      return head.latest;
    },
  };
}

export type RunbookStore = ReturnType<typeof createRunbookStore>;
