// The only keys a repository holds (see backend.ts and FORMAT.md), and the prefixes a listing may
// ask for. Every backend checks a key here before it touches storage, so nothing outside the
// repository root can be named.

import { LifeboatError } from '../../api/errors';

const KEY = /^(?:config|(?:keys|index|snapshots)\/[0-9a-f]{64}|packs\/([0-9a-f]{2})\/([0-9a-f]{64}))$/;
const PREFIX = /^(?:|keys\/|index\/|snapshots\/|packs\/|packs\/[0-9a-f]{2}\/)$/;

/** The key as messages show it: quoted with escapes, cut at 100 characters. */
export function describeKey(key: unknown): string {
  if (typeof key !== 'string') return `a ${typeof key}`;
  const shown = key.length > 100 ? `${key.slice(0, 100)}…` : key;
  return JSON.stringify(shown);
}

/** True when `key` is a repository key: `packs/<2 hex>/` must be the first two of its 64 hex. */
export function isValidKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const m = KEY.exec(key);
  if (!m) return false;
  return m[1] === undefined || m[2]?.startsWith(m[1]) === true;
}

/**
 * Accepts exactly `config`, `keys/<64 hex>`, `index/<64 hex>`, `snapshots/<64 hex>` and
 * `packs/<first 2 of the hex>/<64 hex>` (lowercase hex). Throws `repo.bad_key` otherwise.
 */
export function validateKey(key: unknown): string {
  if (!isValidKey(key)) {
    throw new LifeboatError(
      'repo.bad_key',
      `${describeKey(key)} is not a repository object key; keys are config, keys/<64 hex>, index/<64 hex>, snapshots/<64 hex> or packs/<2 hex>/<64 hex>.`,
    );
  }
  return key;
}

/**
 * Accepts the prefixes a listing may use: '' (everything), `keys/`, `index/`, `snapshots/`,
 * `packs/` and `packs/<2 hex>/`. Throws `repo.bad_key` otherwise.
 */
export function validatePrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new LifeboatError(
      'repo.bad_key',
      `${describeKey(prefix)} is not a prefix that can be listed; use '', keys/, index/, snapshots/, packs/ or packs/<2 hex>/.`,
    );
  }
  return prefix;
}
