// The vault: every secret Lifeboat holds (SSH keys and passphrases, passwords, S3 secret keys,
// kubeconfig credentials, repository passphrases) sealed at rest in the catalog.
//
// Envelope encryption: one random data key seals every secret; the data key is stored only
// wrapped — by a key derived from the vault passphrase (CLI, serve) and/or by the OS keychain
// through Electron's safeStorage (desktop). So the CLI and the desktop app share one vault.
// Unlocking only reads; a wrong passphrase changes nothing.
import { randomBytes, randomUUID } from 'node:crypto';
import { LifeboatError } from '../../api/errors';
import type { Db } from '../../catalog/catalog';
import { deriveKey, keyBytes, newScryptParams, open, seal, type ScryptParams } from './crypto';

/** The OS keychain, as Electron's safeStorage offers it. Implemented in electron/. */
export interface KeychainPort {
  isAvailable(): boolean;
  encrypt(data: Buffer): Buffer;
  decrypt(data: Buffer): Buffer;
}

export type VaultProtection = 'passphrase' | 'os-keychain';

export interface VaultStatus {
  initialized: boolean;
  unlocked: boolean;
  protections: VaultProtection[];
}

export interface Vault {
  status(): VaultStatus;
  /** Creates the vault, protected by `passphrase`, and leaves it unlocked. */
  init(passphrase: string): void;
  unlock(passphrase: string): void;
  /** Desktop: unlocks through the OS keychain when the vault has that protection. */
  unlockWithKeychain(keychain: KeychainPort): boolean;
  /** Desktop: adds (or renews) the OS-keychain protection of an unlocked vault. */
  protectWithKeychain(keychain: KeychainPort): void;
  lock(): void;
  /** Throws `vault.locked` unless the vault is open: call before work that must end by storing a secret. */
  requireUnlocked(): void;
  /** Seals a new secret and returns its ref. `purpose` is a label, never the value. */
  put(purpose: string, value: string): string;
  get(ref: string): string;
  has(ref: string): boolean;
  remove(ref: string): void;
  /** Replaces every secret value this process has seen with •••• (defence in depth). */
  redact(text: string): string;
}

const wrapAad = 'lifeboat-vault-data-key';
export const minPassphraseLength = 8;

interface WrappingRow {
  kind: VaultProtection;
  params_json: string;
  wrapped: Buffer;
}

export function createVault(db: Db): Vault {
  let dataKey: Buffer | undefined;
  const seen = new Set<string>();
  const remember = (v: string) => {
    if (v.length >= 4) seen.add(v);
    return v;
  };

  const wrappings = () =>
    db.prepare('SELECT kind, params_json, wrapped FROM vault_wrappings').all() as WrappingRow[];
  const wrapping = (kind: VaultProtection) =>
    db.prepare('SELECT kind, params_json, wrapped FROM vault_wrappings WHERE kind = ?').get(kind) as
      WrappingRow | undefined;
  const storeWrapping = db.prepare(
    `INSERT INTO vault_wrappings (kind, params_json, wrapped, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (kind) DO UPDATE SET params_json = excluded.params_json, wrapped = excluded.wrapped,
       created_at = excluded.created_at`,
  );

  const key = (): Buffer => {
    if (!dataKey) {
      throw new LifeboatError(
        'vault.locked',
        wrappings().length
          ? 'The vault is locked. Unlock it with the vault passphrase (set LIFEBOAT_PASSPHRASE, or enter it when asked).'
          : 'There is no vault yet. Create one by choosing a vault passphrase (set LIFEBOAT_PASSPHRASE, or enter it when asked).',
      );
    }
    return dataKey;
  };

  const checkPassphrase = (p: string) => {
    if (typeof p !== 'string' || p.length < minPassphraseLength) {
      throw new LifeboatError(
        'vault.weak_passphrase',
        `The vault passphrase must have at least ${minPassphraseLength} characters.`,
      );
    }
  };

  return {
    status() {
      const kinds = wrappings().map((w) => w.kind);
      return { initialized: kinds.length > 0, unlocked: dataKey !== undefined, protections: kinds.sort() };
    },
    init(passphrase) {
      checkPassphrase(passphrase);
      if (wrappings().length) {
        throw new LifeboatError('vault.already_initialized', 'The vault already exists; unlock it instead.');
      }
      const fresh = randomBytes(keyBytes);
      const params = newScryptParams();
      storeWrapping.run(
        'passphrase',
        JSON.stringify(params),
        seal(deriveKey(passphrase, params), fresh, wrapAad),
        new Date().toISOString(),
      );
      dataKey = fresh;
    },
    unlock(passphrase) {
      const w = wrapping('passphrase');
      if (!w) {
        throw new LifeboatError(
          wrappings().length ? 'vault.no_passphrase' : 'vault.not_initialized',
          wrappings().length
            ? 'This vault is protected by the OS keychain only; open the desktop app to unlock it or to set a passphrase.'
            : 'There is no vault yet; create one with a passphrase first.',
        );
      }
      const opened = open(
        deriveKey(passphrase, JSON.parse(w.params_json) as ScryptParams),
        w.wrapped,
        wrapAad,
      );
      if (!opened) {
        throw new LifeboatError('vault.wrong_passphrase', 'Wrong vault passphrase. Nothing was changed.');
      }
      dataKey = opened;
    },
    unlockWithKeychain(keychain) {
      const w = wrapping('os-keychain');
      if (!w || !keychain.isAvailable()) return false;
      try {
        const opened = keychain.decrypt(w.wrapped);
        if (opened.length !== keyBytes) return false;
        dataKey = opened;
        return true;
      } catch {
        return false;
      }
    },
    protectWithKeychain(keychain) {
      const k = key();
      if (!keychain.isAvailable()) {
        throw new LifeboatError(
          'vault.keychain_unavailable',
          'The OS keychain is not available on this machine.',
        );
      }
      storeWrapping.run('os-keychain', '{}', keychain.encrypt(k), new Date().toISOString());
    },
    lock() {
      dataKey = undefined;
    },
    requireUnlocked() {
      key();
    },
    put(purpose, value) {
      const ref = `secret:${randomUUID()}`;
      db.prepare('INSERT INTO secrets (ref, purpose, sealed, created_at) VALUES (?, ?, ?, ?)').run(
        ref,
        purpose,
        seal(key(), Buffer.from(remember(value), 'utf8'), ref),
        new Date().toISOString(),
      );
      return ref;
    },
    get(ref) {
      const row = db.prepare('SELECT sealed FROM secrets WHERE ref = ?').get(ref) as
        { sealed: Buffer } | undefined;
      if (!row) throw new LifeboatError('vault.secret_missing', `The vault has no secret ${ref}.`);
      const plain = open(key(), row.sealed, ref);
      if (!plain) {
        throw new LifeboatError(
          'vault.secret_damaged',
          `The secret ${ref} cannot be decrypted: it was altered.`,
        );
      }
      return remember(plain.toString('utf8'));
    },
    has(ref) {
      return db.prepare('SELECT 1 FROM secrets WHERE ref = ?').get(ref) !== undefined;
    },
    remove(ref) {
      db.prepare('DELETE FROM secrets WHERE ref = ?').run(ref);
    },
    redact(text) {
      let out = text;
      for (const v of seen) if (out.includes(v)) out = out.split(v).join('••••');
      return out;
    },
  };
}
