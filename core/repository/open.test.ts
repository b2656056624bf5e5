import { describe, expect, it } from 'vitest';
import { createMemoryBackend } from './backend/memory';
import { initRepository, openRepository } from './repository';
import { cheapKdf, keysUnder, newRepository, passphrase } from './testing';

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
});
