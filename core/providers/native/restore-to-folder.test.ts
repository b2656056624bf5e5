// The minimal restore into a local folder, on hand-built trees in a memory repository: what it
// restores, and what it refuses (paths that would leave the target, a non-empty target, and a
// folder swapped for a symlink while the restore runs).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Repository, TreeNode } from '../../repository/repository';
import { newRepository } from '../../repository/testing';
import { restoreToFolder } from './restore-to-folder';

const stats = { files: 1, dirs: 1, bytes: 1, blobsNew: 1, bytesNew: 1, durationMs: 1 };
const base = { uid: 1234, gid: 5678, mtime: '2024-05-01T12:00:00.123456789Z', size: 0 };

async function snapshotOf(repo: Repository, rootTree: string): Promise<string> {
  return repo.saveSnapshot({ scope: 'test', paths: ['/'], tree: rootTree, stats });
}

async function fileNode(repo: Repository, name: string, text: string, extra: Partial<TreeNode> = {}) {
  const blob = await repo.saveBlob('data', Buffer.from(text));
  return {
    ...base,
    name,
    type: 'file' as const,
    mode: 0o640,
    size: Buffer.byteLength(text),
    content: [blob.id],
    ...extra,
  };
}

function fresh(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lifeboat-${prefix}-`));
}

describe('restoreToFolder', () => {
  it('restores files, folders, symlinks, a fifo, a hardlink and a non-UTF-8 name', async () => {
    const { repo } = await newRepository();
    const latin1 = Buffer.from([0x6e, 0xe9, 0xff]);
    const inner = await repo.saveTree({
      nodes: [
        await fileNode(repo, 'f.txt', 'hello\n', { mode: 0o4755 }),
        { ...base, nameBase64: latin1.toString('base64'), type: 'symlink', mode: 0o777, linkTarget: '/etc' },
      ],
    });
    const root = await repo.saveTree({
      nodes: [
        // In name order the hardlink comes before its first occurrence: restored at the end.
        { ...base, name: 'a-link', type: 'hardlink', mode: 0o4755, linkTo: 'd/f.txt' },
        { ...base, name: 'd', type: 'dir', mode: 0o555, subtree: inner },
        { ...base, name: 'pipe', type: 'fifo', mode: 0o620 },
        { ...base, name: 'tty', type: 'chardev', mode: 0o620, device: { major: 4, minor: 1 } },
      ],
    });
    const target = join(fresh('restore'), 'out'); // made by the restore
    const r = await restoreToFolder(repo, await snapshotOf(repo, root), target);
    expect(r.stats).toMatchObject({ files: 1, dirs: 1, symlinks: 1, hardlinks: 1, fifos: 1, skipped: 1 });
    expect(r.notes).toContainEqual({ item: 'tty', message: 'chardev 4:1 recorded, not restored' });
    const f = lstatSync(join(target, 'd', 'f.txt'), { bigint: true });
    expect(readFileSync(join(target, 'd', 'f.txt'), 'utf8')).toBe('hello\n');
    expect(Number(f.mode & 0o7777n)).toBe(0o4755);
    expect(f.mtimeNs).toBe(1714564800123456000n); // microseconds: what Node's utimes keeps
    expect(lstatSync(join(target, 'a-link')).ino).toBe(Number(f.ino));
    expect(lstatSync(join(target, 'pipe')).isFIFO()).toBe(true);
    expect(statSync(join(target, 'd')).mode & 0o7777).toBe(0o555);
    expect(statSync(join(target, 'd'), { bigint: true }).mtimeNs).toBe(1714564800123456000n);
    const link = Buffer.concat([Buffer.from(join(target, 'd') + '/'), latin1]);
    expect(readlinkSync(link, { encoding: 'buffer' }).toString()).toBe('/etc');
    if (r.ownersRestored) {
      expect([Number(f.uid), Number(f.gid)]).toEqual([1234, 5678]);
      expect(lstatSync(link).uid).toBe(1234);
    }
    // No temp names left behind.
    expect(readdirSync(target).sort()).toEqual(['a-link', 'd', 'pipe']);
  });

  it('refuses a hardlink whose linkTo escapes with ".." (the tree does not even load)', async () => {
    const { repo } = await newRepository();
    const outside = fresh('outside');
    writeFileSync(join(outside, 'x'), 'outside\n');
    // Written as a raw tree blob: saveTree would refuse it.
    const bad = JSON.stringify({
      nodes: [{ ...base, name: 'h', type: 'hardlink', mode: 0o644, linkTo: '../x' }],
    });
    const root = (await repo.saveBlob('tree', Buffer.from(bad))).id;
    const target = join(outside, 'target');
    mkdirSync(target);
    await expect(restoreToFolder(repo, await snapshotOf(repo, root), target)).rejects.toMatchObject({
      code: 'repo.damaged_tree',
      message: expect.stringContaining('linkTo'),
    });
    expect(readdirSync(target)).toEqual([]);
    expect(lstatSync(join(outside, 'x')).nlink).toBe(1);
  });

  it('refuses a hardlink that reaches through a restored symlink', async () => {
    const { repo } = await newRepository();
    const outside = fresh('outside');
    writeFileSync(join(outside, 'passwd'), 'secret\n');
    const root = await repo.saveTree({
      nodes: [
        { ...base, name: 'h', type: 'hardlink', mode: 0o644, linkTo: 'l/passwd' },
        { ...base, name: 'l', type: 'symlink', mode: 0o777, linkTarget: outside },
      ],
    });
    const target = fresh('target');
    await expect(restoreToFolder(repo, await snapshotOf(repo, root), target)).rejects.toMatchObject({
      code: 'restore.unsafe_path',
      message: expect.stringContaining('beyond a symlink'),
    });
    expect(lstatSync(join(outside, 'passwd')).nlink).toBe(1);
    expect(existsSync(join(target, 'h'))).toBe(false);
  });

  it('refuses a target folder that is not empty, and a target that is a file', async () => {
    const { repo } = await newRepository();
    const root = await repo.saveTree({ nodes: [await fileNode(repo, 'a', 'new\n')] });
    const id = await snapshotOf(repo, root);
    const target = fresh('target');
    writeFileSync(join(target, 'keep.txt'), 'mine\n');
    await expect(restoreToFolder(repo, id, target)).rejects.toMatchObject({
      code: 'restore.target_not_empty',
    });
    expect(readdirSync(target)).toEqual(['keep.txt']);
    await expect(restoreToFolder(repo, id, join(target, 'keep.txt'))).rejects.toMatchObject({
      code: 'restore.target_not_folder',
    });
  });

  /** A snapshot `d/f`, and a hook that runs once when the restore fetches f's content. */
  async function swapWhileRestoring() {
    const { backend, repo } = await newRepository();
    const f = await fileNode(repo, 'f', 'payload\n');
    const inner = await repo.saveTree({ nodes: [f] });
    const root = await repo.saveTree({
      nodes: [{ ...base, name: 'd', type: 'dir', mode: 0o755, subtree: inner }],
    });
    const id = await snapshotOf(repo, root);
    const pack = repo.locate('data', f.content[0]!)!.packId;
    let hook: (() => void) | undefined;
    const get = backend.get.bind(backend);
    backend.get = async (key, range, o) => {
      if (key === `packs/${pack.slice(0, 2)}/${pack}` && hook) {
        hook();
        hook = undefined;
      }
      return get(key, range, o);
    };
    return { repo, id, onContent: (fn: () => void) => (hook = fn) };
  }

  it('refuses to write through a folder of the restore swapped for a symlink meanwhile', async () => {
    const { repo, id, onContent } = await swapWhileRestoring();
    const target = fresh('target');
    const outside = fresh('outside');
    onContent(() => {
      renameSync(join(target, 'd'), join(target, 'd-moved'));
      symlinkSync(outside, join(target, 'd'));
    });
    await expect(restoreToFolder(repo, id, target)).rejects.toMatchObject({
      code: 'restore.unsafe_path',
      message: expect.stringContaining('"d" was replaced'),
    });
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses when the target's parent folder is swapped for a symlink meanwhile", async () => {
    const { repo, id, onContent } = await swapWhileRestoring();
    const top = fresh('top');
    mkdirSync(join(top, 'parent', 'target'), { recursive: true });
    mkdirSync(join(top, 'elsewhere', 'target'), { recursive: true });
    onContent(() => {
      renameSync(join(top, 'parent'), join(top, 'parent-moved'));
      symlinkSync(join(top, 'elsewhere'), join(top, 'parent'));
    });
    await expect(restoreToFolder(repo, id, join(top, 'parent', 'target'))).rejects.toMatchObject({
      code: 'restore.unsafe_path',
    });
    expect(readdirSync(join(top, 'elsewhere', 'target'))).toEqual([]);
    // The temp file in the real (moved) folder was not removed through the symlink either.
    expect(
      execFileSync('find', [join(top, 'elsewhere')])
        .toString()
        .trim()
        .split('\n'),
    ).toHaveLength(2);
  });

  it('stops with the abort reason when cancelled', async () => {
    const { repo } = await newRepository();
    const root = await repo.saveTree({ nodes: [await fileNode(repo, 'a', 'x')] });
    const id = await snapshotOf(repo, root);
    const ac = new AbortController();
    ac.abort(new Error('stop now'));
    await expect(restoreToFolder(repo, id, fresh('target'), { signal: ac.signal })).rejects.toThrow(
      'stop now',
    );
  });
});
