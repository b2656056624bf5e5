// What the estate services share: the catalog, the vault, the journal, and one store per kind.
import type { Db } from '../catalog/catalog';
import type { Journal } from '../journal/journal';
import { createEntryStore, type EntryStore } from './entry-store';
import type { Vault } from './vault/vault';

export interface EstateContext {
  db: Db;
  vault: Vault;
  journal: Journal;
  actor: string;
  servers: EntryStore<'server'>;
  clusters: EntryStore<'cluster'>;
  repositories: EntryStore<'repository'>;
  systems: EntryStore<'system'>;
}

export function createEstateContext(db: Db, vault: Vault, journal: Journal, actor: string): EstateContext {
  return {
    db,
    vault,
    journal,
    actor,
    servers: createEntryStore(db, 'server'),
    clusters: createEntryStore(db, 'cluster'),
    repositories: createEntryStore(db, 'repository'),
    systems: createEntryStore(db, 'system'),
  };
}

/** Records an estate change in the journal. Never pass secret values in `details`. */
export function journalChange(
  ctx: EstateContext,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
): void {
  ctx.journal.append({ actor: ctx.actor, action, subject, details });
}

/** "set" / "not set" for a vault ref. */
export function secretState(ctx: EstateContext, ref: string | undefined): 'set' | 'not set' {
  return ref && ctx.vault.has(ref) ? 'set' : 'not set';
}
