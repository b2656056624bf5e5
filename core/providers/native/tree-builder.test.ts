import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../../api/errors';
import { decodeTree, encodeTree, nodeName, type Tree, type TreeNode } from '../../repository/tree';
import { readTar, type TarEntry } from './tar/tar-reader';
import { tarEnd, tarHeader, tarPadding } from './tar/tar-writer';
import { makeTree } from './testing';
import { tarCommand } from './server-backup';
import { buildTree, rfc3339, type BuildEntry, type TreeSink } from './tree-builder';

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An in-memory sink: content and trees by their SHA-256, as the repository would. */
function memorySink() {
  const blobs = new Map<string, Buffer>();
  const trees = new Map<string, Buffer>();
  const sink: TreeSink = {
    async saveFile(body) {
      const parts: Buffer[] = [];
      for await (const c of body) parts.push(c);
      const data = Buffer.concat(parts);
      if (data.length === 0) return { saved: Promise.resolve({ content: [], newBytes: 0 }) };
      const id = sha(data);
      const fresh = !blobs.has(id);
      blobs.set(id, data);
      return { saved: Promise.resolve({ content: [id], newBytes: fresh ? data.length : 0 }) };
    },
    async saveTree(tree) {
      const bytes = encodeTree(tree);
      const id = sha(bytes);
      trees.set(id, bytes);
      return id;
    },
  };
  return { sink, blobs, trees };
}

/** Walks the saved trees: path (latin1 of the bytes) → node. */
function walk(trees: Map<string, Buffer>, root: string): Map<string, TreeNode> {
  const out = new Map<string, TreeNode>();
  const visit = (id: string, prefix: Buffer) => {
    const tree: Tree = decodeTree(id, trees.get(id) as Buffer);
    for (const n of tree.nodes) {
      const path = prefix.length ? Buffer.concat([prefix, Buffer.from('/'), nodeName(n)]) : nodeName(n);
      out.set(path.toString('latin1'), n);
      if (n.subtree) visit(n.subtree, path);
    }
  };
  visit(root, Buffer.alloc(0));
  return out;
}

describe('tree builder', () => {
  it('stores every entry of a real tar at its path, one valid tree per directory', async () => {
    const { root: dir, big } = makeTree();
    const tar = execFileSync('tar', ['--format=posix', '--numeric-owner', '-cf', '-', '-C', dir, 'data'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const expected: TarEntry[] = [];
    for await (const e of readTar(once(tar))) expected.push(e);
    const { sink, blobs, trees } = memorySink();
    const { root, stats } = await buildTree(readTar(once(tar)), sink);
    const nodes = walk(trees, root);
    expect(nodes.size).toBe(expected.length);
    for (const e of expected) {
      const n = nodes.get(e.path.toString('latin1'));
      expect(n?.type, e.path.toString('latin1')).toBe(e.type);
      expect(n?.mode).toBe(e.mode);
      expect(n?.uid).toBe(e.uid);
    }
    const bigNode = nodes.get('data/big.bin');
    expect(blobs.get(bigNode?.content?.[0] ?? '')?.equals(big)).toBe(true);
    expect(nodes.get('data/empty dir')?.subtree).toBeDefined();
    expect(nodes.get('data/link')?.linkTarget).toBe('with space.txt');
    const latin = nodes.get(Buffer.from([...Buffer.from('data/latin1-'), 0xe9, 0xff]).toString('latin1'));
    expect(latin?.nameBase64).toBe(Buffer.from([...Buffer.from('latin1-'), 0xe9, 0xff]).toString('base64'));
    expect(nodes.get('data/with space.txt')?.mtime).toBe('2024-02-03T04:05:06.789Z');
    expect(stats.files).toBe(expected.filter((e) => e.type === 'file').length);
    expect(stats.bytes).toBe(expected.reduce((s, e) => s + e.size, 0));
    // Same input again: identical root (content addressing makes unchanged trees dedupe).
    const again = await buildTree(readTar(once(tar)), sink);
    expect(again.root).toBe(root);
    expect(again.stats.newBytes).toBe(0);
  });

  const entry = (path: string, type: TarEntry['type'] = 'file'): TarEntry => ({
    path: Buffer.from(path),
    type,
    mode: 0o644,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    size: 0,
    mtime: { sec: 0, nsec: 0 },
    devMajor: 0,
    devMinor: 0,
    body: { async *[Symbol.asyncIterator]() {} },
  });
  async function* stream(...entries: TarEntry[]) {
    yield* entries;
  }

  it('refuses entries out of order or before their directory', async () => {
    const { sink } = memorySink();
    await expect(
      buildTree(stream(entry('a', 'dir'), entry('b', 'dir'), entry('a/x')), sink),
    ).rejects.toMatchObject({
      code: 'backup.bad_tar',
      message: expect.stringContaining('out of order'),
    });
    await expect(buildTree(stream(entry('a/x')), sink)).rejects.toMatchObject({
      code: 'backup.bad_tar',
      message: expect.stringContaining('before its directory'),
    });
  });

  it('names a folder whose listing is larger than one tree blob may be', async () => {
    const { sink } = memorySink();
    // The repository refuses a tree blob over 256 MiB; a sink that does so for the folder "big".
    const refusing: TreeSink = {
      ...sink,
      async saveTree(tree) {
        if (tree.nodes.length > 2) throw new LifeboatError('repo.blob_too_large', 'too large');
        return sink.saveTree(tree);
      },
    };
    const entries = [entry('big', 'dir'), entry('big/a'), entry('big/b'), entry('big/c')];
    await expect(buildTree(stream(...entries), refusing)).rejects.toMatchObject({
      code: 'backup.folder_too_large',
      message: expect.stringMatching(/^Folder "big" holds 3 entries, more than one folder listing/),
    });
  });

  it('records devices with a note and stops when cancelled', async () => {
    const { sink, trees } = memorySink();
    const dev = { ...entry('null', 'chardev'), devMajor: 1, devMinor: 3 };
    const { root } = await buildTree(stream(dev), sink);
    expect(walk(trees, root).get('null')).toMatchObject({
      device: { major: 1, minor: 3 },
      note: expect.stringContaining('not restored'),
    });
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(buildTree(stream(entry('x')), sink, { signal: ac.signal })).rejects.toThrow('stop');
  });

  it('clamps a time the tree cannot hold to years 1–9999 and notes it on the file, whatever its source', async () => {
    // As GNU tar --format=posix writes a file touched to @9000000000000: a PAX mtime.
    const far = (path: string, sec: number) => {
      const h = tarHeader({
        path: Buffer.from(path),
        type: 'file',
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: 1,
        mtime: { sec, nsec: 250 },
      });
      return Buffer.concat([h, Buffer.from('x'), tarPadding(1)]);
    };
    const tar = Buffer.concat([
      far('future', 9_000_000_000_000),
      far('year-11476', 300_000_000_000),
      far('past', -1e12),
      tarEnd,
    ]);
    const { sink, trees } = memorySink();
    const listed: BuildEntry = {
      ...entry('listed'),
      mtime: { sec: 1e25, nsec: 0 },
      ctime: { sec: -Infinity, nsec: 0 },
    };
    const dev = { ...entry('null', 'chardev'), mtime: { sec: 253402300800, nsec: 0 } };
    const inRange = { ...entry('first-second'), mtime: { sec: -62135596800, nsec: 5 } };
    async function* all() {
      yield* readTar(once(tar));
      yield* [listed, dev, inRange];
    }
    const nodes = walk(trees, (await buildTree(all(), sink)).root); // decodeTree validates every node
    const last = '9999-12-31T23:59:59Z';
    const first = '0001-01-01T00:00:00Z';
    expect(nodes.get('future')).toMatchObject({
      mtime: last,
      note: `mtime out of range (9000000000000 seconds from 1970), clamped to ${last}`,
    });
    expect(nodes.get('year-11476')).toMatchObject({ mtime: last, note: expect.stringContaining('clamped') });
    expect(nodes.get('past')).toMatchObject({ mtime: first, note: expect.stringContaining('clamped') });
    expect(nodes.get('listed')).toMatchObject({ mtime: last, ctime: first });
    expect(nodes.get('listed')?.note).toMatch(/^mtime out of range .*; ctime out of range .*clamped to 0001/);
    expect(nodes.get('null')?.note).toBe(
      `mtime out of range (253402300800 seconds from 1970), clamped to ${last}; device recorded, not restored`,
    );
    expect(nodes.get('first-second')).toMatchObject({ mtime: '0001-01-01T00:00:00.000000005Z' });
    expect(nodes.get('first-second')?.note).toBeUndefined();
    expect(rfc3339({ sec: 253402300799, nsec: 999_999_999 })).toBe('9999-12-31T23:59:59.999999999Z');
  });

  it('builds a correct tree from a partial stream (tar --no-recursion -T, as a safety point reads)', async () => {
    const { root: dir } = makeTree();
    const d = (p: string) => join(dir, p);
    mkdirSync(d('data/a/x'), { recursive: true });
    mkdirSync(d('data/a-b'));
    writeFileSync(d('data/a/x/in.txt'), 'inside');
    writeFileSync(d('data/a-b/next.txt'), 'next');
    chmodSync(d('data/a'), 0o750);
    // Parents first, each directory's names together (the order safetyItems gives): "a/..." before
    // "a-b" although "-" sorts before "/" byte-wise.
    const list = [
      'data',
      'data/a',
      'data/a/x',
      'data/a/x/in.txt',
      'data/a-b',
      'data/a-b/next.txt',
      'data/new\nline',
    ];
    const odd = Buffer.from([...Buffer.from('data/latin1-'), 0xe9, 0xff]);
    const input = Buffer.concat([...list.map((p) => Buffer.from(`${p}\0`)), odd, Buffer.from('\0')]);
    const { command } = tarCommand(join(dir, 'data'), false, true);
    const tar = execFileSync('sh', ['-c', command], { input, maxBuffer: 16 * 1024 * 1024 });
    const { sink, blobs, trees } = memorySink();
    const { root, stats } = await buildTree(readTar(once(tar)), sink);
    const rootTree = decodeTree(root, trees.get(root)!);
    expect(rootTree.nodes.map((n) => n.name)).toEqual(['data']); // rooted like a backup of data
    const nodes = walk(trees, root);
    expect([...nodes.keys()].sort()).toEqual([...list, odd.toString('latin1')].sort());
    expect(nodes.get('data/a')?.mode).toBe(0o750);
    const ns = lstatSync(d('data/a'), { bigint: true }).mtimeNs;
    const frac = String(ns % 1_000_000_000n)
      .padStart(9, '0')
      .replace(/0+$/, '');
    const secs = new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
    expect(nodes.get('data/a')?.mtime).toBe(`${secs}${frac ? `.${frac}` : ''}Z`);
    const content = (p: string) => blobs.get(nodes.get(p)?.content?.[0] ?? '')?.toString();
    expect(content('data/a/x/in.txt')).toBe('inside');
    expect(content('data/a-b/next.txt')).toBe('next');
    expect(content('data/new\nline')).toBe('newline in the name\n');
    expect(stats).toMatchObject({ files: 4, dirs: 4 });
  });
});
