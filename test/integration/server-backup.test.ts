// A restore point of a server path over the real sshd into a real repository on a local
// folder: every file, link, mode, owner and mtime comes back byte-exact from the repository;
// a second backup of the same tree stores no new data, and with its parent reads only what
// changed; unreadable files make it partial.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectSsh, type SshSession } from '../../core/connect/ssh';
import { backupServerPath } from '../../core/providers/native/server-backup';
import { makeTree } from '../../core/providers/native/testing';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository, type Repository } from '../../core/repository/repository';
import { nodeName, type TreeNode } from '../../core/repository/tree';
import { requireService } from '../harness/services';
import { ensurePasswordUser } from '../harness/sshd';

const sshd = requireService(inject('services'), 'sshd');

async function sessionAs(login?: { user: string; password: string }): Promise<SshSession> {
  const s = sshd.get();
  return connectSsh({
    name: 'test',
    host: s.host,
    port: s.port,
    user: login?.user ?? s.user,
    auth: login ? { kind: 'password', password: login.password } : { kind: 'key', privateKey: s.clientKey },
    acceptedFingerprint: s.hostKeyFingerprint,
    timeoutMs: 10_000,
  });
}

/** Every node of a snapshot by its path (latin1 of the raw bytes). */
async function walk(
  repo: Repository,
  treeId: string,
  prefix: Buffer = Buffer.alloc(0),
  out = new Map<string, TreeNode>(),
) {
  for (const n of (await repo.loadTree(treeId)).nodes) {
    const path: Buffer = prefix.length ? Buffer.concat([prefix, Buffer.from('/'), nodeName(n)]) : nodeName(n);
    out.set(path.toString('latin1'), n);
    if (n.subtree) await walk(repo, n.subtree, path, out);
  }
  return out;
}

async function content(repo: Repository, n: TreeNode): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const id of n.content ?? []) parts.push(await repo.loadBlob('data', id));
  return Buffer.concat(parts);
}

describe.skipIf(sshd.skip)('server backup over SSH', () => {
  let session: SshSession;
  let repo: Repository;
  let tree: { root: string; big: Buffer };

  beforeAll(async () => {
    session = await sessionAs();
    repo = await initRepository(
      createLocalBackend(mkdtempSync(join(tmpdir(), 'lifeboat-repo-'))),
      'repository passphrase',
    );
    tree = makeTree();
  });
  afterAll(() => session?.close());

  it('stores a path byte-exact: content, modes, owners, mtimes, links, odd names', async () => {
    const path = join(tree.root, 'data');
    const r = await backupServerPath({ session, server: 'web-1', path, sudo: false, repo });
    const snap = await repo.loadSnapshot(r.snapshotId);
    expect(snap.scope).toBe(`server:web-1:${path}`);
    expect(snap.complete).toBe(true);
    const nodes = await walk(repo, snap.tree);
    // Compare with what is on disk, entry by entry (find prints raw names, NUL-separated).
    const onDisk = execFileSync('find', ['data', '-print0'], { cwd: tree.root })
      .toString('latin1')
      .split('\0')
      .filter(Boolean);
    expect([...nodes.keys()].sort()).toEqual(onDisk.sort());
    for (const rel of onDisk) {
      const full = join(tree.root, Buffer.from(rel, 'latin1').toString());
      const abs = Buffer.from(Buffer.concat([Buffer.from(tree.root + '/'), Buffer.from(rel, 'latin1')]));
      const st = lstatSync(abs);
      const n = nodes.get(rel) as TreeNode;
      expect(n.mode, rel).toBe(st.mode & 0o7777);
      expect(n.uid).toBe(st.uid);
      expect(n.gid).toBe(st.gid);
      expect(Date.parse(n.mtime)).toBe(Math.floor(st.mtimeMs));
      if (n.type === 'file') expect((await content(repo, n)).equals(readFileSync(abs)), rel).toBe(true);
      if (n.type === 'symlink') expect(n.linkTarget).toBe(readlinkSync(full));
    }
    expect(nodes.get('data/pipe')?.type).toBe('fifo');
    expect((await content(repo, nodes.get('data/big.bin') as TreeNode)).equals(tree.big)).toBe(true);
    expect(r.stats.files).toBeGreaterThan(8);
    expect(r.stats.newBytes).toBe(r.stats.bytes);
  });

  it('stores nothing new when nothing changed, and only the change when one file changed', async () => {
    const path = join(tree.root, 'data');
    const again = await backupServerPath({ session, server: 'web-1', path, sudo: false, repo });
    expect(again.stats.newBytes).toBe(0);
    expect(again.stats.blobsNew).toBeLessThanOrEqual(0);
    writeFileSync(join(path, 'with space.txt'), 'changed\n');
    const changed = await backupServerPath({ session, server: 'web-1', path, sudo: false, repo });
    expect(changed.stats.newBytes).toBe('changed\n'.length);
  });

  it('with its parent point, reads only what changed: size, mtime, ctime or inode', async () => {
    const { root } = makeTree();
    const path = join(root, 'data');
    const first = await backupServerPath({ session, server: 'web-1', path, sudo: false, repo });
    expect(first.stats.bytesRead).toBe(first.stats.bytes);
    const next = (parent: string) =>
      backupServerPath({ session, server: 'web-1', path, sudo: false, repo, parent });
    // Nothing changed: nothing read, and the very same tree.
    const same = await next(first.snapshotId);
    expect(same.stats.bytesRead).toBe(0);
    expect(same.stats.bytes).toBe(first.stats.bytes);
    const tree = async (id: string) => (await repo.loadSnapshot(id)).tree;
    expect(await tree(same.snapshotId)).toBe(await tree(first.snapshotId));
    // New content of the same size with the old mtime put back: ctime still tells.
    const file = join(path, 'with space.txt');
    const { mtime } = lstatSync(file);
    writeFileSync(file, 'HELLO WORLD\n');
    utimesSync(file, mtime, mtime);
    const changed = await next(same.snapshotId);
    expect(changed.stats.bytesRead).toBe('HELLO WORLD\n'.length);
    const nodes = await walk(repo, await tree(changed.snapshotId));
    const node = nodes.get('data/with space.txt') as TreeNode;
    expect(node.mtime).toBe('2024-02-03T04:05:06.789Z');
    expect((await content(repo, node)).toString()).toBe('HELLO WORLD\n');
    // The hardlink pair, the symlinks and the fifo come through the listing as tar gives them.
    expect(nodes.get('data/hardlink.txt')).toMatchObject({ type: 'hardlink' });
    expect(nodes.get('data/link')).toMatchObject({ type: 'symlink', linkTarget: 'with space.txt' });
    expect(nodes.get('data/pipe')).toMatchObject({ type: 'fifo' });
    // --reread reads everything again, and stores the same tree.
    const reread = await backupServerPath({
      session,
      server: 'web-1',
      path,
      sudo: false,
      repo,
      parent: changed.snapshotId,
      reread: true,
    });
    expect(reread.stats.bytesRead).toBe(reread.stats.bytes);
    expect(await tree(reread.snapshotId)).toBe(await tree(changed.snapshotId));
  });

  it('gives the same tree with tiny listing queues and one name per tar run', async () => {
    const { root } = makeTree();
    const path = join(root, 'data');
    // A socket is recorded as a note and skipped, as tar does.
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(join(path, 'app.sock'), r));
    try {
      const normal = await backupServerPath({ session, server: 'web-1', path, sudo: false, repo });
      const tiny = await backupServerPath({
        session,
        server: 'web-1',
        path,
        sudo: false,
        repo,
        limits: { queued: 1, runNames: 1, runBytes: 1 },
      });
      const tree = async (id: string) => (await repo.loadSnapshot(id)).tree;
      expect(await tree(tiny.snapshotId)).toBe(await tree(normal.snapshotId));
      expect(tiny.notes).toEqual([{ item: join(path, 'app.sock'), message: 'socket ignored' }]);
      expect((await walk(repo, await tree(tiny.snapshotId))).has('data/app.sock')).toBe(false);
    } finally {
      server.close();
    }
  });

  it('notes files removed between the listing and tar, and is not partial for them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lifeboat-vanish-'));
    const path = join(root, 'data');
    mkdirSync(join(path, 'spool'), { recursive: true });
    for (let i = 0; i < 60; i++) writeFileSync(join(path, 'spool', `job-${i}`), `job ${i}\n`);
    const failures: string[] = [];
    let removed = false;
    const r = await backupServerPath(
      { session, server: 'web-1', path, sudo: false, repo, limits: { queued: 1, runNames: 1, runBytes: 1 } },
      {
        fail: (item) => failures.push(item),
        progress: {
          phase() {},
          total() {},
          // While the first entries are stored, the spool is emptied: the listing is ahead of tar.
          add() {
            if (removed) return;
            removed = true;
            for (let i = 0; i < 60; i++) rmSync(join(path, 'spool', `job-${i}`), { force: true });
          },
        },
      },
    );
    expect(failures).toEqual([]);
    const gone = r.notes.filter((n) => n.message === 'file removed before we read it');
    expect(gone.length).toBeGreaterThan(40);
    const nodes = await walk(repo, (await repo.loadSnapshot(r.snapshotId)).tree);
    for (const n of gone) expect(nodes.has(n.item.slice(root.length + 1))).toBe(false);
  });

  it('goes on past unreadable files and names them (a partial restore point)', async () => {
    // A plain (non-root) account, so that a root-only file is really unreadable.
    const account = await ensurePasswordUser('lifeboat-bk');
    const dir = mkdtempSync(join(tmpdir(), 'lifeboat-partial-'));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'public.txt'), 'anyone\n', { mode: 0o644 });
    writeFileSync(join(dir, 'secret.key'), 'root only\n', { mode: 0o600 });
    const asUser = await sessionAs(account);
    try {
      const failures: { item: string; message: string }[] = [];
      const r = await backupServerPath(
        { session: asUser, server: 'web-1', path: dir, sudo: false, repo },
        { fail: (item, message) => failures.push({ item, message }) },
      );
      expect(failures).toEqual([
        { item: join(dir, 'secret.key'), message: expect.stringContaining('Permission denied') },
      ]);
      const snapshot = await repo.loadSnapshot(r.snapshotId);
      const nodes = await walk(repo, snapshot.tree);
      const base = dir.split('/').pop() as string;
      expect(nodes.has(`${base}/public.txt`)).toBe(true);
      expect(nodes.has(`${base}/secret.key`)).toBe(false);
      // The snapshot itself says what it lacks: a partial point.
      expect(snapshot.unreadable).toEqual({
        count: 1,
        items: [{ path: join(dir, 'secret.key'), reason: expect.stringContaining('Permission denied') }],
      });
    } finally {
      asUser.close();
      await account.lock();
    }
  });

  it('fails clearly for a path that does not exist, and leaves no snapshot', async () => {
    const before: string[] = [];
    for await (const s of repo.listSnapshots()) before.push(s.id);
    await expect(
      backupServerPath({ session, server: 'web-1', path: '/no/such/path', sudo: false, repo }),
    ).rejects.toMatchObject({
      code: 'backup.path_not_found',
      message: expect.stringContaining('/no/such/path does not exist'),
    });
    const after: string[] = [];
    for await (const s of repo.listSnapshots()) after.push(s.id);
    expect(after.sort()).toEqual(before.sort());
  });
});
