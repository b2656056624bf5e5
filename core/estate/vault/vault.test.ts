import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../catalog/catalog';
import { createVault, type KeychainPort } from './vault';

const newCatalog = () => openCatalog(mkdtempSync(join(tmpdir(), 'lifeboat-vault-')));
const secret =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';

describe('vault', () => {
  it('round-trips secrets through the passphrase, across processes', () => {
    const catalog = newCatalog();
    const v = createVault(catalog.db);
    expect(v.status()).toEqual({ initialized: false, unlocked: false, protections: [] });
    expect(() => v.put('x', 'y')).toThrow(/no vault yet/);
    v.init('correct horse battery');
    const ref = v.put('server web-1: private key', secret);
    expect(v.get(ref)).toBe(secret);
    // Nothing in the file holds the plaintext.
    const raw = catalog.db.prepare('SELECT * FROM secrets').all();
    expect(JSON.stringify(raw)).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    expect(JSON.stringify(raw)).toContain('server web-1: private key');

    const later = createVault(catalog.db);
    expect(later.status()).toEqual({ initialized: true, unlocked: false, protections: ['passphrase'] });
    expect(() => later.get(ref)).toThrow(/locked/);
    later.unlock('correct horse battery');
    expect(later.get(ref)).toBe(secret);
    catalog.close();
  });

  it('refuses a wrong passphrase with a clear error and changes nothing', () => {
    const catalog = newCatalog();
    const v = createVault(catalog.db);
    v.init('correct horse battery');
    const ref = v.put('p', 'hunter2hunter2');
    const before = JSON.stringify(catalog.db.prepare('SELECT * FROM vault_wrappings').all());
    const other = createVault(catalog.db);
    expect(() => other.unlock('wrong horse battery')).toThrow(
      expect.objectContaining({ code: 'vault.wrong_passphrase' }),
    );
    expect(other.status().unlocked).toBe(false);
    expect(JSON.stringify(catalog.db.prepare('SELECT * FROM vault_wrappings').all())).toBe(before);
    other.unlock('correct horse battery');
    expect(other.get(ref)).toBe('hunter2hunter2');
    catalog.close();
  });

  it('refuses short passphrases and a second init', () => {
    const catalog = newCatalog();
    const v = createVault(catalog.db);
    expect(() => v.init('short')).toThrow(expect.objectContaining({ code: 'vault.weak_passphrase' }));
    v.init('long enough passphrase');
    expect(() => v.init('another passphrase')).toThrow(
      expect.objectContaining({ code: 'vault.already_initialized' }),
    );
    catalog.close();
  });

  it('detects a tampered secret', () => {
    const catalog = newCatalog();
    const v = createVault(catalog.db);
    v.init('correct horse battery');
    const ref = v.put('p', 'the value');
    const row = catalog.db.prepare('SELECT sealed FROM secrets WHERE ref = ?').get(ref) as { sealed: Buffer };
    row.sealed[20] = (row.sealed[20] ?? 0) ^ 0xff;
    catalog.db.prepare('UPDATE secrets SET sealed = ? WHERE ref = ?').run(row.sealed, ref);
    expect(() => v.get(ref)).toThrow(expect.objectContaining({ code: 'vault.secret_damaged' }));
    catalog.close();
  });

  it('adds an OS-keychain protection that unlocks without the passphrase', () => {
    const catalog = newCatalog();
    // A fake keychain with its own key stands in for Electron's safeStorage in this unit test.
    const keychain: KeychainPort = {
      isAvailable: () => true,
      encrypt: (b) => Buffer.from(b.map((x) => x ^ 0x5a)),
      decrypt: (b) => Buffer.from(b.map((x) => x ^ 0x5a)),
    };
    const v = createVault(catalog.db);
    v.init('correct horse battery');
    const ref = v.put('p', 'keychain value');
    v.protectWithKeychain(keychain);
    const desktop = createVault(catalog.db);
    expect(desktop.unlockWithKeychain(keychain)).toBe(true);
    expect(desktop.get(ref)).toBe('keychain value');
    expect(desktop.status().protections).toEqual(['os-keychain', 'passphrase']);
    catalog.close();
  });

  it('redacts every secret value it has seen', () => {
    const catalog = newCatalog();
    const v = createVault(catalog.db);
    v.init('correct horse battery');
    v.put('p', 's3cr3t-value');
    expect(v.redact('auth failed for s3cr3t-value twice: s3cr3t-value')).toBe(
      'auth failed for •••• twice: ••••',
    );
    catalog.close();
  });
});
