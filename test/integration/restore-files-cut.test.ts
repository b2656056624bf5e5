// A files restore cut short against the real sshd: the connection killed while writing and
// while swapping, and a cancel — every target stays entirely old or entirely new, the result of
// each item is known, and the server removes what was staged.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RestoreItemResult } from '../../core/api/contract';
import type { SshSession } from '../../core/connect/ssh';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository } from '../../core/repository/repository';
import type { Snapshot } from '../../core/repository/snapshot';
import { filesEngine } from '../../core/restore/files';
import {
  afterBytes,
  applyOutcome,
  backup,
  connectTo,
  copyTree,
  neitherOldNorNew,
  pathsUnder,
  settledLeftovers,
  targetOf,
  tempDir,
  type Fixture,
} from '../../core/restore/files/testing';
import { requireService } from '../harness/services';

const sshd = requireService(inject('services'), 'sshd');
const connect = () => connectTo(sshd.get());

describe.skipIf(sshd.skip)('files restore cut short', () => {
  const f = {} as Fixture;
  // A point of larger files, so that writing takes long enough to be cut.
  const contents = new Map<string, Buffer>();
  let src: string;
  let snapshot: Snapshot;
  beforeAll(async () => {
    f.session = await connect();
    f.repo = await initRepository(createLocalBackend(tempDir('repo')), 'restore files');
    src = join(tempDir('cut-src'), 'blobs');
    mkdirSync(src);
    for (let i = 10; i < 34; i++) contents.set(`part-${i}.bin`, randomBytes(2 * 1024 * 1024));
    for (const [name, b] of contents) writeFileSync(join(src, name), b);
    snapshot = await backup(f, src);
    f.data = src;
    f.snapshot = snapshot;
  }, 60_000);
  afterAll(() => f.session?.close());

  /** A destination where every file has other content; a plan that replaces all 24. */
  async function setUp(session: SshSession) {
    const dest = join(tempDir('cut'), 'blobs');
    copyTree(src, dest);
    const old = new Map<string, Buffer>();
    for (const name of contents.keys()) {
      old.set(name, randomBytes(1024 * 1024));
      writeFileSync(join(dest, name), old.get(name)!);
    }
    const t = targetOf(f, dest, { snapshot, sourcePath: src, session });
    const preview = await filesEngine.plan({ ...t, deleteExtra: false });
    expect(preview.replace).toHaveLength(24);
    return { dest, old, t, preview };
  }

  /** Every file is entirely the old or the new content (new if reported done); nothing staged is left. */
  async function oldOrNew(dest: string, old: Map<string, Buffer>, items: RestoreItemResult[]) {
    expect(neitherOldNorNew(dest, old, contents, items)).toEqual([]);
    // Removed by the server itself when the connection is gone.
    expect(await settledLeftovers(dest)).toEqual([]);
  }

  it('leaves every target old or new when the connection dies while writing', async () => {
    const session = await connect();
    const { dest, old, t, preview } = await setUp(session);
    const r = await applyOutcome(t, preview, {
      progress: afterBytes(12 * 1024 * 1024, () => session.close()),
    });
    expect(r.error).toMatchObject({ code: 'restore.connection_lost' });
    expect(r.results).toEqual(preview.replace.map(() => 'not done'));
    await oldOrNew(dest, old, r.items);
  });

  it('knows what was done when the connection dies while swapping', async () => {
    const session = await connect();
    const { dest, old, t, preview } = await setUp(session);
    const r = await applyOutcome(t, preview, { onItem: (i) => i.result === 'done' && session.close() });
    expect(r.error).toMatchObject({ code: 'restore.connection_lost' });
    const done = r.results.filter((x) => x === 'done').length;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(r.results.filter((x) => x === 'not done').length).toBe(24 - done);
    await oldOrNew(dest, old, r.items);
  });

  it('stops when cancelled, removing what was staged', async () => {
    const { dest, old, t, preview } = await setUp(f.session);
    const stop = new AbortController();
    const progress = afterBytes(8 * 1024 * 1024, () => stop.abort(new Error('operator cancelled')));
    const r = await applyOutcome(t, preview, { signal: stop.signal, progress });
    expect(r.error).toMatchObject({ message: 'operator cancelled' });
    expect(new Set(r.results)).toEqual(new Set(['not done']));
    await oldOrNew(dest, old, r.items);
    expect(pathsUnder(dest)).toEqual([...contents.keys()].sort());
  });
});
