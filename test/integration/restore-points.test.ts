// Restore points end to end through the contract: a repository created in a local folder and
// in S3, backups of a server path as jobs, the catalog's points with what changed, browsing a
// point, and rebuilding the catalog on a "new laptop" from the repositories alone.
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobView, PointView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';
import { makeTree } from '../../core/providers/native/testing';
import { requireService } from '../harness/services';
import { err, newLaptop, ok } from './restore-seed';

const services = inject('services');
const sshd = requireService(services, 'sshd');
const s3 = requireService(services, 's3');
const kube = requireService(services, 'kube');

async function backup(l: Lifeboat, system: string): Promise<JobView[]> {
  const { jobs } = await ok<{ jobs: JobView[] }>(l, 'backup.start', { system });
  return Promise.all(jobs.map((j) => l.jobs.wait(j.id)));
}

/** Another laptop: an empty data directory with a new vault. */
async function emptyLaptop(): Promise<Lifeboat> {
  const l = createLifeboat({
    dataDir: mkdtempSync(join(tmpdir(), 'lifeboat-other-')),
    mode: 'cli',
    actor: 'test',
  });
  await ok(l, 'vault.init', { passphrase: 'other laptop vault passphrase' });
  return l;
}

describe.skipIf(sshd.skip || s3.skip || kube.skip)('restore points', () => {
  let a: Lifeboat;
  let tree: { root: string };
  const folder = mkdtempSync(join(tmpdir(), 'lifeboat-points-repo-'));
  const prefix = `points-${randomUUID()}`;
  const offsiteLocation = () => {
    const i = s3.get();
    return {
      kind: 's3',
      endpoint: i.endpoint,
      bucket: 'lifeboat-test',
      prefix,
      pathStyle: true,
      credentials: { kind: 'keys', accessKeyId: i.accessKeyId, secretAccessKey: i.secretAccessKey },
    };
  };

  beforeAll(async () => {
    a = createLifeboat({
      dataDir: mkdtempSync(join(tmpdir(), 'lifeboat-points-')),
      mode: 'cli',
      actor: 'test',
    });
    tree = makeTree();
    const s = sshd.get();
    await ok(a, 'vault.init', { passphrase: 'laptop vault passphrase' });
    await ok(a, 'server.add', {
      name: 'web-1',
      host: s.host,
      port: s.port,
      user: s.user,
      auth: { kind: 'key', privateKey: s.clientKey },
      acceptHostKey: s.hostKeyFingerprint,
    });
    await ok(a, 'repo.add', { name: 'usb', location: { kind: 'local', path: folder } });
    await ok(a, 'repo.add', { name: 'offsite', location: offsiteLocation() });
    for (const [name, repo] of [
      ['files', 'usb'],
      ['files-offsite', 'offsite'],
    ]) {
      await ok(a, 'system.add', {
        name,
        ownerTeam: 'ops',
        rpo: '24h',
        rto: '1h',
        repository: repo,
        scopes: [`server:web-1:${join(tree.root, 'data')}`],
      });
    }
  });
  afterAll(() => a?.close());

  it('refuses a backup before the repository exists, saying how to create it', async () => {
    const [job] = await backup(a, 'files');
    expect(job?.state).toBe('Failed');
    expect(job?.error?.code).toBe('repo.no_passphrase');
    expect(job?.error?.message).toContain('lifeboat repo init usb');
  });

  it('creates repositories (local and S3) and takes restore points as jobs with progress', async () => {
    await ok(a, 'repo.init', { name: 'usb', passphrase: 'usb repository passphrase' });
    await ok(a, 'repo.init', { name: 'offsite', passphrase: 'offsite repository passphrase' });
    expect((await err(a, 'repo.init', { name: 'usb', passphrase: 'again passphrase' })).code).toBe(
      'repo.already_initialized',
    );
    for (const system of ['files', 'files-offsite']) {
      const [job] = await backup(a, system);
      expect(job?.state, JSON.stringify(job?.error)).toBe('Succeeded');
      expect(job?.progress.itemsDone).toBeGreaterThan(10);
      expect(job?.progress.bytesDone).toBeGreaterThan(3 * 1024 * 1024);
    }
    const { points } = await ok<{ points: PointView[] }>(a, 'points.list', {});
    expect(points).toHaveLength(2);
    expect(points.map((p) => p.repository).sort()).toEqual(['offsite', 'usb']);
    expect(points[0]?.changes).toBeUndefined();
    expect(points[0]?.verifiedAt).toBeUndefined(); // never "verified" without evidence
  });

  it('records what changed since the previous point', async () => {
    const data = join(tree.root, 'data');
    writeFileSync(join(data, 'new-file.txt'), 'new\n');
    writeFileSync(join(data, 'with space.txt'), 'changed\n');
    unlinkSync(join(data, 'empty.txt'));
    const [job] = await backup(a, 'files');
    expect(job?.state).toBe('Succeeded');
    const { points } = await ok<{ points: PointView[] }>(a, 'points.list', { system: 'files' });
    expect(points).toHaveLength(2);
    expect(points[0]?.changes).toEqual({ added: 1, changed: 1, removed: 1 });
    // Uploaded: the two small files' chunks and the changed trees, compressed and sealed.
    expect(points[0]?.bytesNew).toBeGreaterThan(0);
    expect(points[0]?.bytesNew).toBeLessThan(16 * 1024);
  });

  it('browses a restore point', async () => {
    const { points } = await ok<{ points: PointView[] }>(a, 'points.list', { system: 'files' });
    const id = points[0]?.shortId as string;
    const top = await ok<{ entries: { name: string; type: string }[] }>(a, 'points.browse', { id });
    expect(top.entries.map((e) => [e.name, e.type])).toEqual([['data', 'dir']]);
    const inside = await ok<{ entries: { name: string; type: string; size: number }[] }>(a, 'points.browse', {
      id,
      path: 'data',
    });
    expect(inside.entries.find((e) => e.name === 'new-file.txt')).toMatchObject({ type: 'file', size: 4 });
    expect(inside.entries.find((e) => e.name.startsWith('latin1-'))?.name).toBe('latin1-\\xe9\\xff');
    expect((await err(a, 'points.browse', { id, path: 'data/nope' })).code).toBe('points.no_such_directory');
    expect((await err(a, 'points.get', { id: 'zzzzzz' })).code).toBe('points.bad_id');
    expect((await err(a, 'points.get', { id: 'ffffff' })).code).toBe('points.not_found');
  });

  it('verifies a point: evidence when whole, the damaged files when not', async () => {
    const { points } = await ok<{ points: PointView[] }>(a, 'points.list', { system: 'files' });
    const point = points[0] as PointView;
    const verify = async (mode: string) => {
      const { job } = await ok<{ job: JobView }>(a, 'points.verify', { id: point.id, mode });
      return a.jobs.wait(job.id);
    };
    expect((await verify('structure')).state).toBe('Succeeded');
    // Structure alone is not evidence that the data reads back.
    expect(
      (await ok<{ point: PointView }>(a, 'points.get', { id: point.id })).point.verifiedAt,
    ).toBeUndefined();
    const full = await verify('read-data');
    expect(full.state).toBe('Succeeded');
    expect(full.summary).toMatchObject({ ok: true, dataBlobsRead: expect.any(Number) });
    const verified = (await ok<{ point: PointView }>(a, 'points.get', { id: point.id })).point;
    expect(verified.verifiedAt).toBeDefined();
    expect(verified.verification).toMatchObject({ mode: 'read-data', ok: true, damage: 0 });

    // Damage one pack on disk (the repository is append-only; only an attacker or a failing disk does this).
    const { readdirSync, readFileSync, chmodSync, statSync } = await import('node:fs');
    const packsDir = join(folder, 'packs');
    const packs = readdirSync(packsDir).flatMap((d) =>
      readdirSync(join(packsDir, d)).map((f) => join(packsDir, d, f)),
    );
    const biggest = packs.sort((x, y) => statSync(y).size - statSync(x).size)[0] as string;
    const bytes = readFileSync(biggest);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    chmodSync(biggest, 0o644);
    writeFileSync(biggest, bytes);
    const damaged = await verify('read-data');
    expect(damaged.state).toBe('PartiallyFailed');
    // The damaged blob's file is named (which file depends on how blobs were packed).
    expect(damaged.failures.length).toBeGreaterThan(0);
    for (const f of damaged.failures) {
      expect(f.item).toMatch(/^data\//);
      expect(f.message).toContain('repo.damaged_blob');
    }
    const after = (await ok<{ point: PointView }>(a, 'points.get', { id: point.id })).point;
    expect(after.verifiedAt).toBeUndefined();
    expect(after.verification).toMatchObject({ ok: false });
    const { entries } = await ok<{ entries: { action: string }[] }>(a, 'journal.list', { limit: 5 });
    expect(entries.map((e) => e.action)).toContain('point.damaged');
    // Put the byte back so later tests read a whole repository.
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(biggest, bytes);
  });

  it('rebuilds the same restore points on a new laptop from the repositories alone', async () => {
    const before = (await ok<{ points: PointView[] }>(a, 'points.list', {})).points;
    const b = await newLaptop(a);
    try {
      expect((await ok<{ points: PointView[] }>(b, 'points.list', {})).points).toEqual([]);
      const { job } = await ok<{ job: JobView }>(b, 'catalog.rebuild', {});
      const done = await b.jobs.wait(job.id);
      expect(done.state, JSON.stringify(done.failures)).toBe('Succeeded');
      const after = (await ok<{ points: PointView[] }>(b, 'points.list', {})).points;
      const key = (p: PointView) => [
        p.id,
        p.repository,
        p.system,
        p.scope,
        p.time,
        p.files,
        p.bytes,
        p.changes,
      ];
      expect(after.map(key)).toEqual(before.map(key));
    } finally {
      await b.close();
    }
  });

  it('removes nothing when a repository suddenly lists no snapshot at all', async () => {
    const { renameSync, mkdirSync } = await import('node:fs');
    const before = (await ok<{ points: PointView[] }>(a, 'points.list', {})).points;
    const usb = before.filter((p) => p.repository === 'usb');
    expect(usb.length).toBeGreaterThan(0);
    const dir = join(folder, 'snapshots');
    renameSync(dir, `${dir}.aside`);
    mkdirSync(dir);
    try {
      const done = await a.jobs.wait((await ok<{ job: JobView }>(a, 'catalog.rebuild', {})).job.id);
      expect(done.state).toBe('PartiallyFailed');
      expect(done.summary).toMatchObject({ removed: 0 });
      expect(done.failures).toEqual([
        {
          item: 'repository usb',
          message: `it lists no snapshot, yet the catalog knows ${usb.length} restore ${usb.length === 1 ? 'point' : 'points'} of it; none was removed. Check the storage, then rebuild again.`,
        },
      ]);
      expect((await ok<{ points: PointView[] }>(a, 'points.list', {})).points).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true });
      renameSync(`${dir}.aside`, dir);
    }
  });

  it('keeps a point whose snapshot file is damaged, marked damaged, when rebuilding the catalog', async () => {
    const rebuild = async (l: Lifeboat) =>
      l.jobs.wait((await ok<{ job: JobView }>(l, 'catalog.rebuild', {})).job.id);
    const first = await rebuild(a);
    expect(first.state, JSON.stringify(first.failures)).toBe('Succeeded');
    const before = (await ok<{ points: PointView[] }>(a, 'points.list', { system: 'files' })).points;
    expect(before).toHaveLength(2);
    const [whole, victim] = before as [PointView, PointView];
    expect(victim.verification).toBeUndefined();

    const { readFileSync, chmodSync } = await import('node:fs');
    const file = join(folder, 'snapshots', victim.id);
    const original = readFileSync(file);
    const bytes = Buffer.from(original);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);
    try {
      const done = await rebuild(a);
      expect(done.state).toBe('PartiallyFailed');
      expect(done.summary).toMatchObject({ damaged: 1, removed: 0 });
      expect(done.failures).toHaveLength(1);
      expect(done.failures[0]?.item).toBe(`repository usb: snapshot ${victim.id}`);
      expect(done.failures[0]?.message).toContain(`snapshots/${victim.id}`);
      expect(done.failures[0]?.message).toContain('repo.damaged_snapshot');
      expect(done.failures[0]?.message).toContain('marked damaged');

      const after = (await ok<{ points: PointView[] }>(a, 'points.list', { system: 'files' })).points;
      expect(after.map((p) => p.id)).toEqual([whole.id, victim.id]);
      expect(after[0]).toEqual(whole);
      const kept = after[1] as PointView;
      expect(kept).toMatchObject({ ...victim, verification: { ok: false, damage: 1 } });
      expect(kept.verifiedAt).toBeUndefined();
      const { entries } = await ok<{
        entries: { action: string; subject: string; details: { reason?: string } }[];
      }>(a, 'journal.list', { limit: 10 });
      const entry = entries.find((e) => e.action === 'point.damaged' && e.subject === victim.id);
      expect(entry?.details.reason).toContain(`snapshots/${victim.id}`);
      expect(entry?.details.reason).toContain('repo.damaged_snapshot');

      // A new laptop never had the point: nothing is recorded for it, and the failure says why.
      const b = await newLaptop(a);
      try {
        const fresh = await rebuild(b);
        expect(fresh.state).toBe('PartiallyFailed');
        expect(fresh.summary).toMatchObject({ damaged: 0 });
        expect(fresh.failures.map((f) => f.item)).toEqual([`repository usb: snapshot ${victim.id}`]);
        expect(fresh.failures[0]?.message).toContain('repo.damaged_snapshot');
        expect(fresh.failures[0]?.message).toContain('Not in the catalog for usb');
        const listed = (await ok<{ points: PointView[] }>(b, 'points.list', { system: 'files' })).points;
        expect(listed.map((p) => p.id)).toEqual([whole.id]);
      } finally {
        await b.close();
      }
    } finally {
      writeFileSync(file, original); // later tests read a whole repository
      chmodSync(file, 0o444);
    }
  });

  it('takes a restore point of a Kubernetes namespace through the same contract', async () => {
    const { KubeConfig, CoreV1Api } = await import('@kubernetes/client-node');
    const k = kube.get();
    const kc = new KubeConfig();
    kc.loadFromString(k.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = `points-${randomUUID().slice(0, 8)}`;
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'settings' }, data: { mode: 'safe' } },
    });
    await ok(a, 'cluster.add', { name: 'prod', kubeconfig: k.kubeconfig });
    await ok(a, 'system.add', {
      name: 'billing',
      ownerTeam: 'payments',
      rpo: '1h',
      rto: '1h',
      repository: 'usb',
      scopes: [`cluster:prod:namespace/${ns}`],
    });
    const [job] = await backup(a, 'billing');
    expect(job?.state, JSON.stringify(job?.error ?? job?.failures)).toBe('Succeeded');
    const { points } = await ok<{ points: PointView[] }>(a, 'points.list', { system: 'billing' });
    expect(points[0]).toMatchObject({ scope: `cluster:prod:namespace/${ns}`, cluster: 'prod' });
    expect(points[0]?.files).toBeGreaterThanOrEqual(1);
  });

  it('after a YAML estate import (no secrets), connects each repository with its passphrase, then rebuilds', async () => {
    const before = (await ok<{ points: PointView[] }>(a, 'points.list', {})).points;
    const { content } = await ok<{ content: string }>(a, 'estate.export', {});
    const b = await emptyLaptop();
    try {
      const imported = await ok<{ missingSecrets: string[] }>(b, 'estate.import', { content });
      expect(imported.missingSecrets).toContain(
        'repository usb: passphrase (lifeboat repo connect usb --passphrase-env VAR, or in the console: Connect)',
      );
      const locked = await ok<{ job: JobView }>(b, 'catalog.rebuild', {});
      expect((await b.jobs.wait(locked.job.id)).state).toBe('PartiallyFailed');

      // A wrong passphrase keeps nothing; the right one is kept (and a later one replaces it).
      const wrong = await err(b, 'repo.connect', { name: 'usb', passphrase: 'not the passphrase' });
      expect(wrong.code).toBe('repo.wrong_passphrase');
      const repoOf = async (name: string) =>
        (await ok<{ repository: { passphrase: string } }>(b, 'repo.get', { name })).repository;
      expect((await repoOf('usb')).passphrase).toBe('not set');
      const r = await ok<{ repository: { passphrase: string }; repositoryId: string }>(b, 'repo.connect', {
        name: 'usb',
        passphrase: 'usb repository passphrase',
      });
      expect(r.repository.passphrase).toBe('set');
      expect(r.repositoryId).toMatch(/^[0-9a-f]{32}$/);
      // The S3 one lacks its secret key too: repo.update gives it (the name, and the system on it, stay).
      const noKey = await err(b, 'repo.connect', {
        name: 'offsite',
        passphrase: 'offsite repository passphrase',
      });
      expect(noKey.code).toBe('estate.credentials_missing');
      expect(noKey.message).toContain('lifeboat repo update offsite');
      const location = offsiteLocation();
      const badPass = await err(b, 'repo.update', {
        name: 'offsite',
        location,
        passphrase: 'wrong passphrase',
      });
      expect(badPass.code).toBe('repo.wrong_passphrase');
      const updated = await ok<{ repository: { passphrase: string; location: unknown } }>(b, 'repo.update', {
        name: 'offsite',
        location,
        passphrase: 'offsite repository passphrase',
      });
      expect(updated.repository).toMatchObject({
        passphrase: 'set',
        location: { credentials: { secretAccessKey: 'set' } },
      });
      // Changing the keys again replaces the secret in the vault; the passphrase kept stays.
      await ok(b, 'repo.update', { name: 'offsite', location });
      expect((await repoOf('offsite')).passphrase).toBe('set');
      expect((await err(b, 'repo.update', { name: 'nope', location })).code).toBe('estate.not_found');
      const { job } = await ok<{ job: JobView }>(b, 'catalog.rebuild', {});
      const done = await b.jobs.wait(job.id);
      expect(done.state, JSON.stringify(done.failures)).toBe('Succeeded');
      const after = (await ok<{ points: PointView[] }>(b, 'points.list', {})).points;
      expect(after.map((p) => [p.id, p.system, p.scope])).toEqual(
        before.map((p) => [p.id, p.system, p.scope]),
      );
      const journal = await ok<{ entries: { action: string; subject: string }[] }>(b, 'journal.list', {});
      const subjects = (action: string) =>
        journal.entries.filter((e) => e.action === action).map((e) => e.subject);
      expect(subjects('repository.connected')).toEqual(expect.arrayContaining(['usb', 'offsite']));
      expect(subjects('repository.changed')).toEqual(['offsite', 'offsite']);
    } finally {
      await b.close();
    }
  });

  it('connects to an existing repository only with its passphrase', async () => {
    const c = await emptyLaptop();
    try {
      const wrong = await err(c, 'repo.add', {
        name: 'usb',
        location: { kind: 'local', path: folder },
        passphrase: 'not the passphrase',
      });
      expect(wrong.code).toBe('repo.wrong_passphrase');
      expect((await ok<{ repositories: unknown[] }>(c, 'repo.list', {})).repositories).toEqual([]);
      const { repository } = await ok<{ repository: { passphrase: string } }>(c, 'repo.add', {
        name: 'usb',
        location: { kind: 'local', path: folder },
        passphrase: 'usb repository passphrase',
      });
      expect(repository.passphrase).toBe('set');
      const empty = mkdtempSync(join(tmpdir(), 'lifeboat-empty-repo-'));
      expect(
        (
          await err(c, 'repo.add', {
            name: 'empty',
            location: { kind: 'local', path: empty },
            passphrase: 'whatever pass',
          })
        ).code,
      ).toBe('repo.not_initialized');

      // A second entry for the same folder, added before any point was known: a rebuild lists
      // the points once, under the first, and says why; once they are known, a third is refused.
      const usb = { location: { kind: 'local', path: folder }, passphrase: 'usb repository passphrase' };
      await ok(c, 'repo.add', { name: 'usb-again', ...usb });
      const { job } = await ok<{ job: JobView }>(c, 'catalog.rebuild', {});
      const done = await c.jobs.wait(job.id);
      expect(done.state).toBe('PartiallyFailed');
      expect(done.failures).toEqual([
        {
          item: 'repository usb-again',
          message: expect.stringMatching(
            /^the same repository as usb \(id [0-9a-f]{32}\); its restore points/,
          ),
        },
      ]);
      const listed = (await ok<{ points: PointView[] }>(c, 'points.list', {})).points;
      expect(new Set(listed.map((p) => p.repository))).toEqual(new Set(['usb']));
      expect(new Set(listed.map((p) => p.id)).size).toBe(listed.length);
      const third = await err(c, 'repo.add', { name: 'usb-third', ...usb });
      expect(third).toMatchObject({ code: 'estate.same_repository' });
      expect(third.message).toContain('That is the repository of entry usb');
      expect(
        (await ok<{ repositories: { name: string }[] }>(c, 'repo.list', {})).repositories.map((r) => r.name),
      ).toEqual(['usb', 'usb-again']);
    } finally {
      await c.close();
    }
  });
});
