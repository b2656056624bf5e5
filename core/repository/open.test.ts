import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalBackend } from './backend/local';
import { createMemoryBackend, type MemoryBackend } from './backend/memory';
import { maxConfigBytes } from './config';
import { sha256Hex } from './ids';
import { maxKeyFileBytes, maxKeyFilesTried, scryptParamsSchema, storeKeyFile } from './keys';
import { initRepository, openRepository } from './repository';
import { cheapKdf, keysUnder, newRepository, passphrase } from './testing';

/** Stores `file` (a key file's JSON) under its hash, as a writer without the passphrase could. */
function plantKeyFile(backend: MemoryBackend, file: unknown): string {
  const bytes = Buffer.from(JSON.stringify(file));
  const key = `keys/${sha256Hex(bytes)}`;
  backend.objects.set(key, bytes);
  return key;
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('init and open', () => {
  it('init writes a key file and the config; open finds the same repository', async () => {
    const { backend, repo } = await newRepository();
    expect(keysUnder(backend, 'keys/')).toHaveLength(1);
    expect(backend.objects.has('config')).toBe(true);
    expect(repo.id).toMatch(/^[0-9a-f]{32}$/);
    const again = await openRepository(backend, passphrase);
    expect(again.id).toBe(repo.id);
    expect(again.config.chunker.gearSeed).toBe(repo.config.chunker.gearSeed);
    expect(again.config.compression).toEqual({ algorithm: 'brotli', level: 1, minSaving: 0.03 });
    // The config is encrypted: neither its id nor the gear seed appear in clear.
    const raw = backend.objects.get('config')!.toString('latin1');
    expect(raw).not.toContain(repo.id);
    expect(raw).not.toContain(repo.config.chunker.gearSeed);
  });

  it('a wrong passphrase is repo.wrong_passphrase with a clear message (default scrypt cost)', async () => {
    const backend = createMemoryBackend();
    await initRepository(backend, passphrase);
    const err = await openRepository(backend, 'not the passphrase').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'repo.wrong_passphrase' });
    expect((err as Error).message).toMatch(/passphrase does not open memory \(tried 1 key file/);
    expect((err as Error).message).not.toContain('not the passphrase');
  });

  it('refuses bad chunker settings before writing anything', async () => {
    const backend = createMemoryBackend();
    const err = await initRepository(backend, passphrase, {
      kdf: cheapKdf(),
      chunker: { avgSize: 1000 },
    }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.invalid_config' });
    expect(backend.objects.size).toBe(0);
  });

  it('refuses to initialise twice and leaves the first repository intact', async () => {
    const { backend, repo } = await newRepository();
    const before = new Map(backend.objects);
    expect(await code(initRepository(backend, 'other', { kdf: cheapKdf() }))).toBe(
      'repo.already_initialized',
    );
    expect(new Map(backend.objects)).toEqual(before);
    expect((await openRepository(backend, passphrase)).id).toBe(repo.id);
  });

  it('an empty location is repo.not_initialized; so is a config without key files', async () => {
    const backend = createMemoryBackend();
    expect(await code(openRepository(backend, passphrase))).toBe('repo.not_initialized');
    const { backend: b2 } = await newRepository();
    for (const k of keysUnder(b2, 'keys/')) b2.objects.delete(k);
    const err = await openRepository(b2, passphrase).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.not_initialized' });
    expect((err as Error).message).toMatch(/no key file/);
  });

  it('several passphrases open the same repository (addKey)', async () => {
    const { backend, repo } = await newRepository();
    await repo.addKey('second passphrase', { kdf: cheapKdf() });
    expect(keysUnder(backend, 'keys/')).toHaveLength(2);
    expect((await openRepository(backend, 'second passphrase')).id).toBe(repo.id);
    expect((await openRepository(backend, passphrase)).id).toBe(repo.id);
    expect(await code(openRepository(backend, 'third'))).toBe('repo.wrong_passphrase');
  });

  it('a stray key file from an interrupted init is skipped', async () => {
    const { backend, repo } = await newRepository();
    // Another init that crashed after its key file: same passphrase, another master key.
    const other = createMemoryBackend();
    await initRepository(other, passphrase, { kdf: cheapKdf() });
    for (const k of keysUnder(other, 'keys/')) backend.objects.set(k, other.objects.get(k)!);
    expect((await openRepository(backend, passphrase)).id).toBe(repo.id);
  });

  it('a damaged key file is named; hostile scrypt parameters are refused before deriving', async () => {
    const { backend } = await newRepository();
    const [key] = keysUnder(backend, 'keys/');
    const file = JSON.parse(backend.objects.get(key!)!.toString()) as { kdf: { N: number } };
    file.kdf.N = 2 ** 30;
    const bytes = Buffer.from(JSON.stringify(file));
    const { sha256Hex } = await import('./ids');
    backend.objects.delete(key!);
    backend.objects.set(`keys/${sha256Hex(bytes)}`, bytes);
    const err = await openRepository(backend, passphrase).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.wrong_passphrase' });
    expect((err as Error).message).toMatch(/could not be read: keys\/[0-9a-f]{64}: kdf/);
  });

  it('a damaged config with the right passphrase is repo.damaged_config, not a wrong passphrase', async () => {
    const { backend } = await newRepository();
    backend.corrupt('config', 20);
    const err = await openRepository(backend, passphrase).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.damaged_config' });
  });

  it('a huge junk key file (sparse 3 GiB) is skipped and named; the passphrase still opens', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-open-'));
    try {
      const backend = createLocalBackend(dir);
      const repo = await initRepository(backend, passphrase, { kdf: cheapKdf() });
      // Written behind the backend's back: only write access to the storage is needed.
      const junk = `keys/${'0'.repeat(64)}`;
      await writeFile(path.join(dir, 'keys', '0'.repeat(64)), '');
      await truncate(path.join(dir, 'keys', '0'.repeat(64)), 3 * 1024 ** 3);
      const started = Date.now();
      expect((await openRepository(backend, passphrase)).id).toBe(repo.id);
      const err = await openRepository(backend, 'not the passphrase').catch((e: Error) => e);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(err).toMatchObject({ code: 'repo.wrong_passphrase' });
      expect((err as Error).message).toContain(`${junk}: larger than the ${maxKeyFileBytes} bytes`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a key file just over 64 KiB is damaged even when the listing is not believed; a config over it too', async () => {
    const { backend, repo } = await newRepository();
    const big = Buffer.alloc(maxKeyFileBytes + 1, 0x20);
    const key = `keys/${sha256Hex(big)}`;
    backend.objects.set(key, big);
    expect((await openRepository(backend, passphrase)).id).toBe(repo.id);
    const err = await openRepository(backend, 'wrong').catch((e: Error) => e);
    expect((err as Error).message).toContain(`${key}: larger than`);

    backend.objects.set('config', Buffer.alloc(maxConfigBytes + 1));
    const configErr = await openRepository(backend, passphrase).catch((e: Error) => e);
    expect(configErr).toMatchObject({ code: 'repo.damaged_config', details: { key: 'config' } });
    expect((configErr as Error).message).toContain(`larger than the ${maxConfigBytes} bytes`);
  });

  it('a key file asking for too much scrypt work (N·r·p) is skipped and named, without deriving', async () => {
    const { backend, repo } = await newRepository();
    const [real] = keysUnder(backend, 'keys/');
    const file = JSON.parse(backend.objects.get(real!)!.toString()) as { kdf: Record<string, unknown> };
    // N = 2^20, r = 8, p = 16: within every other bound, about a minute of derivation.
    const hostile = plantKeyFile(backend, { ...file, kdf: { ...file.kdf, N: 2 ** 20, r: 8, p: 16 } });
    const started = Date.now();
    expect((await openRepository(backend, passphrase)).id).toBe(repo.id);
    const err = await openRepository(backend, 'wrong').catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((err as Error).message).toContain(`${hostile}: kdf: scrypt would need more work`);
    // The written default (2^15·8·1) and twice the work of N = 2^20, r = 8 stay allowed.
    const kdf = { kdf: 'scrypt', salt: file.kdf['salt'] };
    expect(scryptParamsSchema.safeParse({ ...kdf, N: 2 ** 15, r: 8, p: 1 }).success).toBe(true);
    expect(scryptParamsSchema.safeParse({ ...kdf, N: 2 ** 20, r: 8, p: 2 }).success).toBe(true);
    expect(scryptParamsSchema.safeParse({ ...kdf, N: 2 ** 20, r: 8, p: 3 }).success).toBe(false);
  });

  it('writers refuse scrypt parameters readers would refuse, before writing anything', async () => {
    const backend = createMemoryBackend();
    const kdf = { ...cheapKdf(), N: 2 ** 20, r: 8, p: 4 };
    expect(await code(initRepository(backend, passphrase, { kdf }))).toBe('repo.invalid_config');
    expect(backend.objects.size).toBe(0);
  });

  it('key derivation does not block the event loop', async () => {
    const backend = createMemoryBackend();
    // About 0.2 s of scrypt per derivation (init and open).
    await initRepository(backend, passphrase, { kdf: { ...cheapKdf(), N: 2 ** 16 } });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await openRepository(backend, passphrase);
      // scryptSync would have held the loop for the whole derivation: no tick at all.
      expect(ticks).toBeGreaterThanOrEqual(3);
    } finally {
      clearInterval(timer);
    }
  });

  it(`tries at most ${maxKeyFilesTried} key files with the passphrase; damaged ones don't count`, async () => {
    const { backend } = await newRepository();
    for (let i = 1; i < maxKeyFilesTried; i++)
      await storeKeyFile(backend, randomBytes(32), `other ${i}`, { kdf: cheapKdf() });
    for (let i = 0; i < 30; i++) plantKeyFile(backend, { junk: i });
    const err = await openRepository(backend, 'wrong').catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.wrong_passphrase' });
    expect((err as Error).message).toContain(`tried ${maxKeyFilesTried + 30} key files`);

    await storeKeyFile(backend, randomBytes(32), 'one too many', { kdf: cheapKdf() });
    const tooMany = await openRepository(backend, 'wrong').catch((e: Error) => e);
    expect(tooMany).toMatchObject({
      code: 'repo.too_many_keys',
      details: { keyFiles: maxKeyFilesTried + 31, tried: maxKeyFilesTried },
    });
    expect((tooMany as Error).message).toMatch(/opens none of the first 20 key files of memory/);
  });
});
