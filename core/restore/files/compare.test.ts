import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../../repository/tree';
import {
  changedSince,
  decide,
  emptySha256,
  formatMtime,
  knownSha,
  liveFacts,
  parseMtime,
  pointFacts,
  type PointSide,
} from './compare';
import type { LiveEntry } from './remote';

const sha = (c: string) => c.repeat(64);
const mtime = '2024-05-01T12:00:00.123456789Z';
const t = parseMtime(mtime);

function node(over: Partial<TreeNode> = {}): TreeNode {
  return {
    name: 'x',
    type: 'file',
    mode: 0o644,
    uid: 1000,
    gid: 1000,
    mtime,
    size: 5,
    content: [sha('a')],
    ...over,
  };
}

function file(over: Partial<TreeNode> = {}): PointSide {
  const n = node(over);
  return { node: n, type: 'file', size: n.size, content: n.content ?? [], sha256: sha('a') };
}

function live(over: Partial<LiveEntry> = {}): LiveEntry {
  return {
    path: Buffer.from('/srv/x'),
    type: 'file',
    targetType: 'file',
    size: 5,
    mode: 0o644,
    uid: 1000,
    gid: 1000,
    user: 'app',
    group: 'app',
    mtime: t,
    ctime: t,
    ...over,
  };
}

describe('files preview comparison', () => {
  it('keeps nanoseconds of times both ways', () => {
    expect(t).toEqual({ sec: 1714564800, nsec: 123456789 });
    expect(formatMtime(t)).toBe(mtime);
    expect(formatMtime({ sec: 1714564800, nsec: 500_000_000 })).toBe('2024-05-01T12:00:00.5Z');
    expect(formatMtime({ sec: 1714564800, nsec: 0 })).toBe('2024-05-01T12:00:00Z');
    expect(parseMtime('2024-05-01T12:00:00Z')).toEqual({ sec: 1714564800, nsec: 0 });
  });

  it('knows a file hash from the tree when it has one blob or none', () => {
    expect(knownSha([])).toBe(emptySha256);
    expect(emptySha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(knownSha([sha('b')])).toBe(sha('b'));
    expect(knownSha([sha('b'), sha('c')])).toBeUndefined();
  });

  it('creates what is absent, leaves what is equal, replaces what differs in any one fact', () => {
    expect(decide(file(), undefined, true)).toEqual({ kind: 'create' });
    expect(decide(file(), live(), true, sha('a'))).toEqual({ kind: 'unchanged' });
    const differing: [string, Partial<LiveEntry>, string?][] = [
      ['content', {}, sha('f')],
      ['size', { size: 6 }],
      ['mode', { mode: 0o600 }],
      ['uid', { uid: 0 }],
      ['gid', { gid: 0 }],
      ['mtime', { mtime: { sec: t.sec, nsec: t.nsec + 1 } }],
      ['type', { type: 'symlink', link: Buffer.from('x') }],
      ['a socket', { type: 'socket' }],
    ];
    for (const [what, over, liveSha] of differing)
      expect(decide(file(), live(over), true, liveSha ?? sha('a')), what).toEqual({ kind: 'replace' });
    // Without the live hash there is no proof of equality.
    expect(decide(file(), live(), true, undefined)).toEqual({ kind: 'replace' });
  });

  it('compares symlinks by target (bytes), owner and time, never by mode', () => {
    const link: PointSide = {
      node: node({ type: 'symlink', mode: 0o777, size: 0 }),
      type: 'symlink',
      size: 0,
      link: Buffer.from('a'),
    };
    const l = live({ type: 'symlink', mode: 0o777, link: Buffer.from('a'), size: 1 });
    expect(decide(link, l, true)).toEqual({ kind: 'unchanged' });
    expect(decide(link, { ...l, mode: 0o755 }, true)).toEqual({ kind: 'unchanged' });
    expect(decide(link, { ...l, link: Buffer.from('b') }, true)).toEqual({ kind: 'replace' });
    expect(decide(link, { ...l, uid: 0 }, true)).toEqual({ kind: 'replace' });
  });

  it('treats directories: metadata-only replace, mtime ignored, never through a symlink', () => {
    const dir: PointSide = { node: node({ type: 'dir', mode: 0o755, size: 0 }), type: 'dir', size: 0 };
    const d = live({ type: 'dir', mode: 0o755, size: 4096 });
    expect(decide(dir, d, true)).toEqual({ kind: 'unchanged' });
    expect(decide(dir, { ...d, mtime: { sec: 1, nsec: 0 } }, true)).toEqual({ kind: 'unchanged' });
    expect(decide(dir, { ...d, mode: 0o700 }, true)).toEqual({ kind: 'replace' });
    expect(decide(dir, { ...d, mode: 0o700 }, false)).toEqual({ kind: 'exists' }); // only an ancestor
    expect(decide(dir, undefined, false)).toEqual({ kind: 'create' });
    expect(decide(dir, live({ type: 'symlink', link: Buffer.from('/tmp') }), true).kind).toBe('unsafe');
    expect(decide(dir, live({ type: 'symlink', link: Buffer.from('/tmp') }), false).kind).toBe('unsafe');
    expect(decide(dir, live(), true)).toEqual({ kind: 'replace' }); // a file becomes a directory
    expect(decide(dir, live(), false).kind).toBe('unsafe'); // a file where a directory must lead on
  });

  it('never replaces a live directory by a non-directory, and skips what cannot be restored', () => {
    const d = live({ type: 'dir', mode: 0o755 });
    expect(decide(file(), d, true)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('never removed'),
    });
    for (const type of ['socket', 'chardev', 'blockdev'] as const)
      expect(decide({ node: node({ type, size: 0 }), type, size: 0 }, undefined, true)).toMatchObject({
        kind: 'skip',
      });
    const fifo: PointSide = { node: node({ type: 'fifo', size: 0 }), type: 'fifo', size: 0 };
    expect(decide(fifo, live({ type: 'fifo', size: 0 }), true)).toEqual({ kind: 'unchanged' });
    expect(decide(fifo, undefined, true)).toEqual({ kind: 'create' });
  });

  it('flags a live item changed after the point, and shows facts in the preview shape', () => {
    expect(changedSince(live(), '2024-05-01T12:00:00Z')).toBe(true);
    expect(changedSince(live(), '2024-05-01T12:00:01Z')).toBe(false);
    // Content put back with an old mtime (rsync -a, tar -x, an earlier restore): its ctime tells.
    const putBack = live({ mtime: { sec: 1_600_000_000, nsec: 0 }, ctime: { sec: 1714564805, nsec: 0 } });
    expect(changedSince(putBack, '2024-05-01T12:00:01Z')).toBe(true);
    expect(changedSince(putBack, '2024-05-01T12:00:06Z')).toBe(false);
    expect(pointFacts(file())).toEqual({
      type: 'file',
      size: 5,
      mode: 0o644,
      uid: 1000,
      gid: 1000,
      mtime,
      sha256: sha('a'),
    });
    const odd = liveFacts(live({ type: 'symlink', link: Buffer.from([0x61, 0xff]) }));
    expect(odd).toMatchObject({ type: 'symlink', size: 0, linkTarget: 'a\\xff', user: 'app', mtime });
  });
});
