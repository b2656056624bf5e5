// estate.import with "replace" on a real catalog: stored credentials stay only for the same
// account at the same address (or the same S3 endpoint and bucket) — a file that moves a server
// or a bucket elsewhere must not have the stored secret sent there.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifeboat, type Lifeboat } from '../api/lifeboat';

const ok = async <T>(lb: Lifeboat, method: string, input: unknown): Promise<T> => {
  const env = await lb.dispatch(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.code}: ${env.error.message}`);
  return env.result as T;
};

describe('estate import, replace', () => {
  let lb: Lifeboat;
  beforeAll(async () => {
    lb = createLifeboat({
      dataDir: join(mkdtempSync(join(tmpdir(), 'lifeboat-import-')), 'data'),
      mode: 'cli',
    });
    await ok(lb, 'vault.init', { passphrase: 'laptop vault passphrase' });
    await ok(lb, 'server.add', {
      name: 'db1',
      host: '10.0.0.5',
      user: 'deploy',
      auth: { kind: 'password', password: 'Pw-Orig-123' },
    });
  });
  afterAll(() => lb?.close());

  const file = (host: string) =>
    [
      'apiVersion: lifeboat.io/v1',
      'kind: Estate',
      'servers:',
      '  - name: db1',
      `    host: ${host}`,
      '    port: 22',
      '    user: deploy',
      '    auth: password',
      '',
    ].join('\n');
  const password = async () =>
    (await ok<{ server: { auth: { secrets: Record<string, string> } } }>(lb, 'server.get', { name: 'db1' }))
      .server.auth.secrets.password;

  it('keeps the password for the same address, drops it for another and says so', async () => {
    const same = await ok<{ missingSecrets: string[] }>(lb, 'estate.import', {
      content: file('10.0.0.5'),
      onConflict: 'replace',
    });
    expect(same.missingSecrets).toEqual([]);
    expect(await password()).toBe('set');

    const moved = await ok<{ missingSecrets: string[] }>(lb, 'estate.import', {
      content: file('127.0.0.1'),
      onConflict: 'replace',
    });
    expect(moved.missingSecrets).toEqual(['server db1: password']);
    expect(await password()).toBe('not set');
  });

  it('seals a bundle of every credential only with a passphrase of 8 characters or more', async () => {
    const env = await lb.dispatch('estate.export', { bundlePassphrase: 'a' });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('api.invalid_input');
      expect(env.error.message).toContain('at least 8 characters');
    }
  });
});
