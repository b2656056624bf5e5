// The estate end to end through the contract (dispatch), against the real sshd, s3rver and
// the Kubernetes API emulator: servers with host keys, clusters, repositories, systems,
// export/import, and a scan that no secret ever comes back out.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Envelope, LifeboatEvent } from '../../core/api/contract';
import { createLifeboat } from '../../core/api/lifeboat';
import { requireService } from '../harness/services';
import { startSshd, type SshdService } from '../harness/sshd';

const services = inject('services');
const sshd = requireService(services, 'sshd');
const s3 = requireService(services, 's3');
const kube = requireService(services, 'kube');

const vaultPassphrase = 'estate test passphrase';
const tempDir = () => mkdtempSync(join(tmpdir(), 'lifeboat-estate-'));

/** A Lifeboat whose every answer and event is recorded, to scan for secrets afterwards. */
function recorded(dataDir = tempDir()) {
  const lifeboat = createLifeboat({ dataDir, mode: 'serve', actor: 'test' });
  const seen: unknown[] = [];
  lifeboat.subscribe((e: LifeboatEvent) => seen.push(e));
  const call = async (method: string, input: unknown): Promise<Envelope<unknown>> => {
    const env = await lifeboat.dispatch(method, input);
    seen.push(env);
    return env;
  };
  const ok = async <T>(method: string, input: unknown): Promise<T> => {
    const env = await call(method, input);
    if (!env.ok) throw new Error(`${method} failed: ${env.error.code}: ${env.error.message}`);
    return env.result as T;
  };
  const err = async (method: string, input: unknown) => {
    const env = await call(method, input);
    if (env.ok) throw new Error(`${method} unexpectedly succeeded`);
    return env.error;
  };
  return { lifeboat, dataDir, seen, call, ok, err };
}

type Recorded = ReturnType<typeof recorded>;

describe.skipIf(sshd.skip || s3.skip || kube.skip)('the estate', () => {
  let a: Recorded;
  let jump: SshdService;
  const secrets: string[] = [vaultPassphrase];

  beforeAll(async () => {
    a = recorded();
    jump = await startSshd();
    // s3rver's secret ("S3RVER") equals its access key id, which is not secret: scan for the key material instead.
    secrets.push(
      sshd.get().clientKey.split('\n')[1] ?? '',
      readFileSync(sshd.get().encryptedKeyPath, 'utf8').split('\n')[1] ?? '',
    );
  });
  afterAll(async () => {
    await a.lifeboat.close();
    await jump.stop();
  });

  it('needs the vault before storing a credential, and refuses a wrong passphrase', async () => {
    const s = sshd.get();
    const locked = await a.err('server.add', {
      name: 'web-1',
      host: s.host,
      port: s.port,
      user: s.user,
      auth: { kind: 'key', privateKey: s.clientKey },
    });
    expect(locked.code).toBe('vault.locked');
    expect(await a.ok('vault.init', { passphrase: vaultPassphrase })).toMatchObject({
      initialized: true,
      unlocked: true,
    });
    await a.ok('vault.lock', {});
    expect((await a.err('vault.unlock', { passphrase: 'not the passphrase' })).code).toBe(
      'vault.wrong_passphrase',
    );
    await a.ok('vault.unlock', { passphrase: vaultPassphrase });
  });

  it('adds a server whose host key is not accepted yet: test refuses, naming the fingerprint', async () => {
    const s = sshd.get();
    const { server } = await a.ok<{
      server: { auth: { secrets: Record<string, string> }; hostKey?: unknown };
    }>('server.add', {
      name: 'web-1',
      host: s.host,
      port: s.port,
      user: s.user,
      auth: { kind: 'key', privateKey: s.clientKey },
      timeoutSeconds: 10,
    });
    expect(server.auth.secrets).toEqual({ privateKey: 'set', passphrase: 'not set' });
    expect(server.hostKey).toBeUndefined();
    const e = await a.err('server.test', { name: 'web-1' });
    expect(e.code).toBe('ssh.host_key_unknown');
    expect(e.message).toContain(s.hostKeyFingerprint);
    expect(await a.ok('server.probeHostKey', { name: 'web-1' })).toMatchObject({
      fingerprint: s.hostKeyFingerprint,
    });
  });

  it('accepts only the fingerprint the server really presents, then tests the server', async () => {
    const s = sshd.get();
    const wrong = 'SHA256:' + 'A'.repeat(43);
    const mismatch = await a.err('server.acceptHostKey', { name: 'web-1', fingerprint: wrong });
    expect(mismatch.code).toBe('ssh.host_key_mismatch');
    expect(mismatch.message).toContain(s.hostKeyFingerprint);
    await a.ok('server.acceptHostKey', { name: 'web-1', fingerprint: s.hostKeyFingerprint });
    const { report } = await a.ok<{
      report: { ok: boolean; tools: { name: string; present: boolean }[]; os?: string };
    }>('server.test', { name: 'web-1' });
    expect(report.ok).toBe(true);
    expect(report.os).toBeTruthy();
    for (const tool of ['sh', 'tar', 'sha256sum', 'stat']) {
      expect(report.tools.find((t) => t.name === tool)?.present, tool).toBe(true);
    }
  });

  it('adds with --accept-host-key in one step, and refuses a wrong one without storing anything', async () => {
    const s = sshd.get();
    const input = {
      host: s.host,
      port: s.port,
      user: s.user,
      auth: {
        kind: 'key',
        privateKey: readFileSync(s.encryptedKeyPath, 'utf8'),
        passphrase: s.encryptedKeyPassphrase,
      },
    };
    const refused = await a.err('server.add', {
      name: 'web-2',
      ...input,
      acceptHostKey: 'SHA256:' + 'B'.repeat(43),
    });
    expect(refused.code).toBe('ssh.host_key_mismatch');
    expect((await a.err('server.get', { name: 'web-2' })).code).toBe('estate.not_found');
    await a.ok('server.add', { name: 'web-2', ...input, acceptHostKey: s.hostKeyFingerprint });
    expect((await a.ok<{ report: { ok: boolean } }>('server.test', { name: 'web-2' })).report.ok).toBe(true);
  });

  it('refuses a changed host key, naming both fingerprints, and never replaces it silently', async () => {
    const first = await startSshd();
    try {
      await a.ok('server.add', {
        name: 'moving',
        host: first.host,
        port: first.port,
        user: first.user,
        auth: { kind: 'key', privateKey: first.clientKey },
        acceptHostKey: first.hostKeyFingerprint,
      });
      await first.stop();
      const second = await startSshd({ port: first.port });
      try {
        expect(second.hostKeyFingerprint).not.toBe(first.hostKeyFingerprint);
        const changed = await a.err('server.test', { name: 'moving' });
        expect(changed.code).toBe('ssh.host_key_changed');
        expect(changed.message).toContain(first.hostKeyFingerprint);
        expect(changed.message).toContain(second.hostKeyFingerprint);
        const noReplace = await a.err('server.acceptHostKey', {
          name: 'moving',
          fingerprint: second.hostKeyFingerprint,
        });
        expect(noReplace.code).toBe('ssh.host_key_already_accepted');
        await a.ok('server.acceptHostKey', {
          name: 'moving',
          fingerprint: second.hostKeyFingerprint,
          replace: true,
        });
        // The reinstalled host has new authorized keys too.
        await a.ok('server.update', { name: 'moving', auth: { kind: 'key', privateKey: second.clientKey } });
        expect((await a.ok<{ report: { ok: boolean } }>('server.test', { name: 'moving' })).report.ok).toBe(
          true,
        );
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop().catch(() => {});
    }
  });

  it('reaches a server through a jump host (both host keys verified)', async () => {
    const s = sshd.get();
    await a.ok('server.add', {
      name: 'bastion',
      host: jump.host,
      port: jump.port,
      user: jump.user,
      auth: { kind: 'key', privateKey: jump.clientKey },
      acceptHostKey: jump.hostKeyFingerprint,
    });
    await a.ok('server.add', {
      name: 'behind',
      host: s.host,
      port: s.port,
      user: s.user,
      auth: { kind: 'key', privateKey: s.clientKey },
      jump: 'bastion',
      acceptHostKey: s.hostKeyFingerprint,
    });
    expect((await a.ok<{ report: { ok: boolean } }>('server.test', { name: 'behind' })).report.ok).toBe(true);
    expect((await a.err('server.update', { name: 'bastion', jump: 'behind' })).code).toBe(
      'estate.jump_cycle',
    );
    expect((await a.err('server.remove', { name: 'bastion' })).code).toBe('estate.in_use');
  });

  it('gives a clear error for a closed port and a wrong key', async () => {
    const s = sshd.get();
    const { freePort } = await import('../harness/free-port');
    await a.ok('server.add', {
      name: 'nobody-home',
      host: '127.0.0.1',
      port: await freePort(),
      user: s.user,
      auth: { kind: 'agent' },
      timeoutSeconds: 3,
    });
    const refused = await a.err('server.probeHostKey', { name: 'nobody-home' });
    expect(refused.code).toBe('ssh.connection_refused');
    const { execFileSync } = await import('node:child_process');
    const dir = tempDir();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'stranger')]);
    await a.ok('server.add', {
      name: 'wrong-key',
      host: s.host,
      port: s.port,
      user: s.user,
      auth: { kind: 'key', privateKey: readFileSync(join(dir, 'stranger'), 'utf8') },
      acceptHostKey: s.hostKeyFingerprint,
    });
    expect((await a.err('server.test', { name: 'wrong-key' })).code).toBe('ssh.auth_failed');
  });

  it('adds repositories: a local folder and an S3 prefix, tested with a probe; clear errors otherwise', async () => {
    const folder = tempDir();
    await a.ok('repo.add', { name: 'usb', location: { kind: 'local', path: folder } });
    expect((await a.ok<{ report: { ok: boolean } }>('repo.test', { name: 'usb' })).report.ok).toBe(true);
    const i = s3.get();
    const s3loc = (bucket: string, accessKeyId = i.accessKeyId) => ({
      kind: 's3',
      endpoint: i.endpoint,
      region: i.region,
      bucket,
      prefix: 'estate-test/repo',
      pathStyle: true,
      credentials: { kind: 'keys', accessKeyId, secretAccessKey: i.secretAccessKey },
    });
    await a.ok('repo.add', { name: 'bucket', location: s3loc('lifeboat-test') });
    const good = await a.ok<{ report: { ok: boolean; checks: { op: string; ok: boolean }[] } }>('repo.test', {
      name: 'bucket',
    });
    expect(good.report.checks.map((c) => [c.op, c.ok])).toEqual([
      ['list', true],
      ['write', true],
      ['read', true],
      ['delete', true],
    ]);
    await a.ok('repo.add', { name: 'no-bucket', location: s3loc('no-such-bucket') });
    const missing = await a.ok<{ report: { ok: boolean; checks: { error?: { code: string } }[] } }>(
      'repo.test',
      { name: 'no-bucket' },
    );
    expect(missing.report.ok).toBe(false);
    expect(missing.report.checks[0]?.error?.code).toBe('repo.bucket_not_found');
    await a.ok('repo.add', { name: 'bad-creds', location: s3loc('lifeboat-test', 'NOT-A-KEY') });
    const badCreds = await a.ok<{ report: { ok: boolean; checks: { error?: { code: string } }[] } }>(
      'repo.test',
      { name: 'bad-creds' },
    );
    expect(badCreds.report.checks[0]?.error?.code).toBe('repo.bad_credentials');
    const relative = await a.err('repo.add', { name: 'rel', location: { kind: 'local', path: 'backups' } });
    expect(relative.code).toBe('api.invalid_input');
    // A password in the endpoint would be stored, listed and journaled with it: refused, unsaid.
    const inUrl = await a.err('repo.add', {
      name: 'in-url',
      location: { ...s3loc('lifeboat-test'), endpoint: 'https://minio:S3CRETPW@minio.example:9000' },
    });
    expect(inUrl.code).toBe('api.invalid_input');
    expect(inUrl.message).toContain('must not contain a user name or password');
    expect(inUrl.message).not.toContain('S3CRETPW');
    const { repository } = await a.ok<{ repository: { location: { credentials: unknown } } }>('repo.get', {
      name: 'bucket',
    });
    expect(repository.location.credentials).toEqual({
      kind: 'keys',
      accessKeyId: i.accessKeyId,
      secretAccessKey: 'set',
      sessionToken: 'not set',
    });
  });

  it('imports clusters from a kubeconfig with two contexts and tests them; broken files give clear errors', async () => {
    const k = kube.get();
    const { startKubeEmulator } = await import('../harness/kube-emulator/index');
    const emulator = await startKubeEmulator();
    try {
      const kubeconfig = emulator.kubeconfig({ contexts: ['prod', 'staging'] });
      secrets.push(emulator.token);
      const { contexts, currentContext } = await a.ok<{
        contexts: { name: string; authKind: string }[];
        currentContext: string;
      }>('cluster.inspectKubeconfig', { kubeconfig });
      expect(contexts.map((c) => c.name)).toEqual(['prod', 'staging']);
      expect(contexts[0]?.authKind).toBe('token');
      expect(currentContext).toBe('prod');
      await a.ok('cluster.add', { name: 'prod', kubeconfig });
      await a.ok('cluster.add', { name: 'staging', kubeconfig, context: 'staging' });
      const { report } = await a.ok<{
        report: { ok: boolean; canListNamespaces: string; serverVersion?: string };
      }>('cluster.test', { name: 'prod' });
      expect(report.ok).toBe(true);
      expect(report.canListNamespaces).toBe('yes');
      expect(report.serverVersion).toBeTruthy();
      expect((await a.err('cluster.add', { name: 'x', kubeconfig, context: 'nope' })).code).toBe(
        'kube.context_not_found',
      );
      expect(
        (
          await a.err('cluster.inspectKubeconfig', {
            kubeconfig: 'apiVersion: v1\nkind: Config\ncontexts: [\n',
          })
        ).code,
      ).toBe('kube.bad_kubeconfig');
      expect(k.url).toBeTruthy();
    } finally {
      await emulator.stop();
    }
  });

  it('defines a system with two scopes, validating names, paths and durations', async () => {
    const base = {
      ownerTeam: 'payments',
      ownerContact: '#payments-oncall',
      rpo: '24h',
      rto: '1h',
      drillEvery: '30d',
      repository: 'bucket',
    };
    const { system } = await a.ok<{ system: { scopes: { kind: string }[]; rpo: { seconds: number } } }>(
      'system.add',
      {
        name: 'billing',
        ...base,
        criticality: 'high',
        scopes: ['server:web-1:/etc/nginx', 'cluster:prod:namespace/billing'],
      },
    );
    expect(system.scopes.map((s) => s.kind)).toEqual(['server-path', 'cluster-namespace']);
    expect(system.rpo.seconds).toBe(86_400);
    const unknown = await a.err('system.add', { name: 'x', ...base, scopes: ['server:ghost:/etc'] });
    expect(unknown).toMatchObject({ code: 'estate.not_found', message: expect.stringContaining('ghost') });
    const relative = await a.err('system.add', { name: 'x', ...base, scopes: ['server:web-1:etc/nginx'] });
    expect(relative).toMatchObject({
      code: 'estate.bad_scope',
      message: expect.stringContaining('absolute'),
    });
    const badDuration = await a.err('system.add', {
      name: 'x',
      ...base,
      rpo: 'a day',
      scopes: ['server:web-1:/etc'],
    });
    expect(badDuration.code).toBe('api.invalid_input');
    expect(badDuration.message).toContain('rpo');
    expect((await a.err('server.remove', { name: 'web-1' })).code).toBe('estate.in_use');
    expect((await a.err('repo.remove', { name: 'bucket' })).code).toBe('estate.in_use');
    expect((await a.err('cluster.remove', { name: 'prod' })).code).toBe('estate.in_use');
  });

  it('exports YAML without secrets and imports it elsewhere; conflicts are never overwritten silently', async () => {
    const { content, format } = await a.ok<{ content: string; format: string }>('estate.export', {});
    expect(format).toBe('yaml');
    expect(content).toContain('billing');
    const b = recorded();
    try {
      const r = await b.ok<{ applied: boolean; missingSecrets: string[]; entries: { action: string }[] }>(
        'estate.import',
        { content },
      );
      expect(r.applied).toBe(true);
      expect(r.entries.every((e) => e.action === 'create')).toBe(true);
      expect(r.missingSecrets).toContain('server web-1: private key');
      expect((await b.ok<{ system: { name: string } }>('system.get', { name: 'billing' })).system.name).toBe(
        'billing',
      );
      const { server } = await b.ok<{
        server: { auth: { secrets: Record<string, string> }; hostKey?: { fingerprint: string } };
      }>('server.get', { name: 'web-1' });
      expect(server.auth.secrets.privateKey).toBe('not set');
      expect(server.hostKey?.fingerprint).toBe(sshd.get().hostKeyFingerprint);
      // Same file again: everything unchanged. Edited: a conflict that refuses the import.
      const again = await b.ok<{ entries: { action: string }[] }>('estate.import', { content });
      expect(again.entries.every((e) => e.action === 'unchanged')).toBe(true);
      const edited = content.replace('ownerTeam: payments', 'ownerTeam: platform');
      const conflict = await b.err('estate.import', { content: edited });
      expect(conflict.code).toBe('estate.import_conflict');
      expect(conflict.message).toContain('system "billing"');
      expect(
        (await b.ok<{ system: { owner: { team: string } } }>('system.get', { name: 'billing' })).system.owner
          .team,
      ).toBe('payments');
      const dry = await b.ok<{ applied: boolean }>('estate.import', {
        content: edited,
        onConflict: 'replace',
        dryRun: true,
      });
      expect(dry.applied).toBe(false);
      await b.ok('estate.import', { content: edited, onConflict: 'replace' });
      expect(
        (await b.ok<{ system: { owner: { team: string } } }>('system.get', { name: 'billing' })).system.owner
          .team,
      ).toBe('platform');
      const broken = await b.err('estate.import', {
        content: 'apiVersion: lifeboat.io/v1\nkind: Estate\nservers:\n  - name: x\n    port: "22"\n',
      });
      expect(broken.code).toBe('estate.bad_file');
      expect(broken.message).toMatch(/line \d+/);
    } finally {
      await b.lifeboat.close();
    }
  });

  it('hands the estate over with its secrets as an encrypted bundle', async () => {
    const { content, format } = await a.ok<{ content: string; format: string }>('estate.export', {
      bundlePassphrase: 'handover passphrase',
    });
    expect(format).toBe('bundle');
    for (const s of secrets) expect(content).not.toContain(s);
    const c = recorded();
    try {
      expect((await c.err('estate.import', { content })).code).toBe('estate.bundle_passphrase_required');
      expect((await c.err('estate.import', { content, bundlePassphrase: 'wrong passphrase!' })).code).toBe(
        'estate.wrong_bundle_passphrase',
      );
      const locked = await c.err('estate.import', { content, bundlePassphrase: 'handover passphrase' });
      expect(locked.code).toBe('vault.locked');
      expect((await c.ok<{ servers: unknown[] }>('server.list', {})).servers).toEqual([]);
      await c.ok('vault.init', { passphrase: 'air-gapped site passphrase' });
      const r = await c.ok<{ missingSecrets: string[] }>('estate.import', {
        content,
        bundlePassphrase: 'handover passphrase',
      });
      expect(r.missingSecrets).toEqual([]);
      // The handed-over credentials work at the new site.
      expect((await c.ok<{ report: { ok: boolean } }>('server.test', { name: 'web-1' })).report.ok).toBe(
        true,
      );
      expect((await c.ok<{ report: { ok: boolean } }>('repo.test', { name: 'bucket' })).report.ok).toBe(true);
    } finally {
      await c.lifeboat.close();
    }
  });

  it('never lets a secret out: every method, every event, the journal and the catalog file', async () => {
    const { methodNames } = await import('../../core/api/contract');
    // Call every method once more, with plausible input, to widen the scan.
    for (const m of methodNames) await a.call(m, { name: 'web-1' });
    const { entries } = await a.ok<{ entries: unknown[] }>('journal.list', { limit: 1000 });
    const everything = JSON.stringify([a.seen, entries]);
    for (const s of secrets)
      expect(everything.includes(s), `a secret leaked: ${s.slice(0, 12)}…`).toBe(false);
    const raw = readFileSync(join(a.dataDir, 'catalog.sqlite')).toString('latin1') + readWal(a.dataDir);
    for (const s of secrets) expect(raw.includes(s)).toBe(false);
  });
});

function readWal(dir: string): string {
  try {
    return readFileSync(join(dir, 'catalog.sqlite-wal')).toString('latin1');
  } catch {
    return '';
  }
}
