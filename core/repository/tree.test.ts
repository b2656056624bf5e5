import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../util/canonical-json';
import { sha256Hex } from './ids';
import {
  decodeTree,
  encodeTree,
  nameFields,
  nodeName,
  plainTree,
  treeSchema,
  type Tree,
  type TreeNode,
} from './tree';
import { newRepository, pseudoRandom } from './testing';

const base = { mode: 0o644, uid: 0, gid: 0, mtime: '2024-05-01T12:00:00.123456789Z', size: 0 };
const file = (name: string, content: string[] = [], size = 0): TreeNode => ({
  ...base,
  name,
  type: 'file',
  content,
  size,
});

describe('trees', () => {
  it('round-trips every node type; identical trees are stored once', async () => {
    const { repo } = await newRepository();
    const data = await repo.saveBlob('data', pseudoRandom(1000, 1));
    const sub = await repo.saveTree({ nodes: [] });
    const tree: Tree = {
      nodes: [
        file('nginx.conf', [data.id], 1000),
        { ...base, name: 'conf.d', type: 'dir', mode: 0o755, subtree: sub },
        { ...base, name: 'current', type: 'symlink', linkTarget: '/etc/nginx/sites-available/default' },
        { ...base, name: 'hard', type: 'hardlink', linkTo: 'etc/nginx/nginx.conf' },
        { ...base, ...nameFields(Buffer.from([0x66, 0xff, 0x6f])), type: 'fifo' },
        { ...base, name: 'sock', type: 'socket', note: 'socket skipped' },
        {
          ...base,
          name: 'null',
          type: 'chardev',
          device: { major: 1, minor: 3 },
          mode: 0o666,
          user: 'root',
          group: 'root',
        },
        { ...base, name: 'sda', type: 'blockdev', device: { major: 8, minor: 0 }, mode: 0o4755 },
      ],
    };
    const id = await repo.saveTree(tree);
    expect(await repo.saveTree({ nodes: [...tree.nodes].reverse() })).toBe(id); // order-independent, canonical
    expect(repo.stats.blobsDeduplicated).toBe(1);
    await repo.flush();
    const loaded = await repo.loadTree(id);
    expect(loaded.nodes.map((n) => nodeName(n).toString('hex'))).toEqual(
      [...tree.nodes]
        .map((n) => nodeName(n))
        .sort(Buffer.compare)
        .map((b) => b.toString('hex')),
    );
    expect(loaded.nodes.find((n) => n.nameBase64)).toMatchObject({
      nameBase64: Buffer.from([0x66, 0xff, 0x6f]).toString('base64'),
    });
  });

  it('refuses to save an invalid tree or one referring to unsaved blobs', async () => {
    const { repo } = await newRepository();
    await expect(repo.saveTree({ nodes: [file('..')] })).rejects.toMatchObject({ code: 'repo.invalid_tree' });
    await expect(repo.saveTree({ nodes: [file('a'), file('a')] })).rejects.toMatchObject({
      code: 'repo.invalid_tree',
    });
    await expect(repo.saveTree({ nodes: [file('a', ['0'.repeat(64)], 5)] })).rejects.toMatchObject({
      code: 'repo.missing_blob',
    });
  });

  const hostile: [string, unknown][] = [
    ['..', { nodes: [file('..')] }],
    ['.', { nodes: [file('.')] }],
    ['empty name', { nodes: [file('')] }],
    ['a/b', { nodes: [file('a/b')] }],
    ['NUL', { nodes: [file('a\u0000b')] }],
    [
      'base64 ..',
      { nodes: [{ ...base, type: 'file', content: [], nameBase64: Buffer.from('..').toString('base64') }] },
    ],
    [
      'base64 slash',
      { nodes: [{ ...base, type: 'file', content: [], nameBase64: Buffer.from('x/y').toString('base64') }] },
    ],
    ['both name forms', { nodes: [{ ...file('a'), nameBase64: 'YQ==' }] }],
    ['hardlink escaping', { nodes: [{ ...base, name: 'h', type: 'hardlink', linkTo: '../../etc/shadow' }] }],
    ['hardlink absolute', { nodes: [{ ...base, name: 'h', type: 'hardlink', linkTo: '/etc/shadow' }] }],
    ['dir without subtree', { nodes: [{ ...base, name: 'd', type: 'dir' }] }],
    ['file with subtree', { nodes: [{ ...file('f'), subtree: 'a'.repeat(64) }] }],
    ['unsorted', { nodes: [file('b'), file('a')] }],
    ['duplicate', { nodes: [file('a'), file('a')] }],
    ['bad mode', { nodes: [{ ...file('a'), mode: 0o170000 }] }],
    ['bad mtime', { nodes: [{ ...file('a'), mtime: 'yesterday' }] }],
    ['bad content id', { nodes: [file('a', ['xyz'])] }],
    ['not an object', [1, 2, 3]],
  ];
  for (const [what, json] of hostile) {
    it(`a stored tree with ${what} → repo.damaged_tree`, () => {
      const id = 'c'.repeat(64);
      const bytes = Buffer.from(canonicalJson(json));
      expect(() => decodeTree(id, bytes)).toThrow(expect.objectContaining({ code: 'repo.damaged_tree' }));
    });
  }

  it('a hostile tree blob in a repository fails on load with repo.damaged_tree naming it', async () => {
    const { repo } = await newRepository();
    const bytes = Buffer.from(canonicalJson({ nodes: [file('..')] }));
    const saved = await repo.saveBlob('tree', bytes); // bypasses saveTree's validation, like a hostile writer
    expect(saved.id).toBe(sha256Hex(bytes));
    await repo.flush();
    const err = await repo.loadTree(saved.id).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.damaged_tree', details: { tree: saved.id } });
  });

  it('encodes canonically (sorted keys and nodes)', () => {
    const a = encodeTree({ nodes: [file('b'), file('a')] });
    const b = encodeTree({ nodes: [file('a'), file('b')] });
    expect(a.equals(b)).toBe(true);
    expect(a.toString()).toMatch(/^\{"nodes":\[\{"content":\[\],"gid":0,"mode":420,"mtime":/);
  });
});

describe('the plain-tree fast path', () => {
  const id = (c: string) => c.repeat(64);
  const plain: TreeNode[] = [
    {
      ...base,
      name: 'a.conf',
      type: 'file',
      content: [id('a'), id('b')],
      size: 10,
      user: 'www',
      group: 'www',
    },
    { ...base, name: 'b', type: 'dir', subtree: id('c'), mode: 0o755, ctime: base.mtime, inode: '1234' },
    { ...base, name: 'c→', type: 'symlink', linkTarget: '../b' },
    { ...base, name: 'd', type: 'file', content: [], size: 0 },
  ];
  const odd: unknown[] = [
    undefined,
    null,
    true,
    -1,
    1.5,
    2 ** 32,
    0o10000,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    '.',
    '..',
    'a/b',
    'a\u0000b',
    '\uD800',
    'x'.repeat(5000),
    'é'.repeat(2100),
    [],
    {},
    [id('a').toUpperCase()],
    ['xyz'],
    'not-an-id',
    id('f'),
    '2024-05-01T12:00:00Z',
    '2024-05-01T12:00:00.1234567890Z',
    '123456789012345678901',
    'file',
    'dir',
    'symlink',
    'hardlink',
    'fifo',
    'YQ==',
    'u'.repeat(257),
  ];
  const keys = [
    'name',
    'nameBase64',
    'type',
    'mode',
    'uid',
    'gid',
    'user',
    'group',
    'mtime',
    'size',
    'content',
    'subtree',
    'linkTarget',
    'linkTo',
    'device',
    'note',
    'ctime',
    'inode',
    'extra',
  ];

  it('takes the trees backups write', () => {
    expect(plainTree({ nodes: plain })).toBe(true);
    expect(plainTree({ nodes: [] })).toBe(true);
  });

  it('accepts only trees the schema accepts unchanged (every field of every node mutated)', () => {
    let fast = 0;
    let trees = 0;
    for (let i = 0; i < plain.length; i++)
      for (const key of keys)
        for (const value of odd) {
          const node = { ...plain[i]!, [key]: value } as Record<string, unknown>;
          if (value === undefined) delete node[key];
          const json = JSON.parse(
            JSON.stringify({ nodes: plain.map((n, k) => (k === i ? node : n)) }),
          ) as unknown;
          trees++;
          if (!plainTree(json)) continue;
          fast++;
          const r = treeSchema.safeParse(json);
          expect(r.success, `${key} = ${JSON.stringify(value)} on ${plain[i]!.name}`).toBe(true);
          expect(r.data).toEqual(json);
        }
    // The mutations that keep a tree valid and plain (e.g. another user name) still take the fast path.
    expect(fast).toBeGreaterThan(0);
    expect(fast).toBeLessThan(trees / 4);
  });

  it('refuses unsorted and duplicate names, and anything but { nodes }', () => {
    expect(plainTree({ nodes: [plain[1], plain[0]] })).toBe(false);
    expect(plainTree({ nodes: [plain[0], plain[0]] })).toBe(false);
    expect(plainTree({ nodes: plain, more: 1 })).toBe(false);
    expect(plainTree([plain])).toBe(false);
    expect(plainTree(null)).toBe(false);
  });
});
