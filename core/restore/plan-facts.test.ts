import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanView, PointView, Preview, RestoreView } from '../api/contract';
import { openCatalog } from '../catalog/catalog';
import { estimate } from './plan-facts';
import { createRestoreStore, type RestoreStore } from './restore-store';

const MiB = 1024 * 1024;
const scope = 'server:web-1:/srv/app';
const sandbox = 'server:web-1:/srv/app.lifeboat-drill-0123456789ab';

function filesPreview(bytes: number): Preview {
  const change = (path: string) => ({ path, changedSincePoint: false });
  return {
    kind: 'files',
    create: [change('/srv/app/a')],
    replace: [change('/srv/app/b')],
    delete: [],
    unchanged: 0,
    skipped: [],
    bytes,
  };
}

function objectsPreview(n: number): Preview {
  const ref = (i: number) => ({
    ref: { apiVersion: 'v1', kind: 'ConfigMap', name: `c${i}`, namespace: 'b' },
  });
  return {
    kind: 'objects',
    create: Array.from({ length: n }, (_, i) => ref(i)),
    update: [],
    delete: [],
    unchanged: 0,
    skipped: [],
    bytes: n * 100,
  };
}

function backup(bytes: number, durationMs: number): PointView {
  return {
    id: 'cd'.repeat(32),
    shortId: 'cdcdcdcd',
    repository: 'r',
    scope,
    time: '2026-11-26T03:00:00Z',
    provider: 'native',
    kind: 'backup',
    files: 10,
    dirs: 1,
    bytes,
    bytesNew: bytes,
    durationMs,
    bytesPerSecond: durationMs ? (bytes * 1000) / durationMs : 0,
  };
}

let closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers) c();
  closers = [];
});

function store(): RestoreStore {
  const catalog = openCatalog(mkdtempSync(join(tmpdir(), 'lifeboat-plan-facts-')));
  closers.push(() => catalog.close());
  return createRestoreStore(catalog.db);
}

let n = 0;
/** A finished restore from `from` written to `to`, with `done` items done. */
function record(
  s: RestoreStore,
  r: { from: string; to: string; bytes: number; ms: number; done?: number; state?: RestoreView['state'] },
  undoOf?: string,
): string {
  const id = `r${++n}`.padEnd(8, '0');
  const plan = {
    id: `p-${id}`,
    createdAt: '2026-11-26T04:00:00Z',
    source: { scope: r.from },
    destination: { scope: r.to, inPlace: r.from === r.to },
    point: { id: 'ab'.repeat(32) },
    ...(undoOf ? { undoOf } : {}),
  } as PlanView;
  const items = Array.from({ length: r.done ?? 1 }, (_, i) => ({
    item: `/x/${i}`,
    action: 'create' as const,
    result: 'done' as const,
  }));
  s.savePlan(plan);
  s.start({ id, plan, jobId: `job-${id}`, actor: 'cli', items });
  s.finish(id, { state: r.state ?? 'Succeeded', items, bytes: r.bytes, durationMs: r.ms });
  return id;
}

describe('plan estimate', () => {
  it('uses earlier restores and drills of the source scope, wherever they wrote', () => {
    const s = store();
    const incident = record(s, { from: scope, to: scope, bytes: 4 * MiB, ms: 2000 });
    record(s, { from: scope, to: sandbox, bytes: 8 * MiB, ms: 2000 }); // a drill, into its sandbox
    // Not of this scope: another scope restored alongside into it; an undo; unfinished restores.
    record(s, { from: 'server:web-2:/srv/app', to: scope, bytes: 1, ms: 100_000 });
    record(s, { from: scope, to: scope, bytes: 0, ms: 50_000 }, incident);
    record(s, { from: scope, to: scope, bytes: 1, ms: 100_000, state: 'Failed' });

    // 12 MiB in 4 s: 3 MiB/s, so 9 MiB take 3 s; the backups are not needed.
    expect(estimate(filesPreview(9 * MiB), scope, s, [backup(MiB, 1000)])).toEqual({
      seconds: 3,
      basis: '2 earlier restores or drills of this scope ran at 3.0 MiB/s',
    });
  });

  it('measures an incident restore by a drill alone, though the drill wrote to its sandbox', () => {
    const s = store();
    record(s, { from: scope, to: sandbox, bytes: 20 * MiB, ms: 1000 });
    expect(estimate(filesPreview(50 * MiB), scope, s, [])).toEqual({
      seconds: 3,
      basis: '1 earlier restore or drill of this scope ran at 20 MiB/s',
    });
  });

  it('measures objects per second for a cluster scope', () => {
    const s = store();
    const ns = 'cluster:prod:namespace/billing';
    record(s, {
      from: ns,
      to: 'cluster:prod:namespace/lifeboat-drill-0123456789ab',
      bytes: 0,
      ms: 4000,
      done: 10,
    });
    expect(estimate(objectsPreview(6), ns, s, [])).toEqual({
      seconds: 3,
      basis: '1 earlier restore or drill of this scope ran at 2.5 objects/s',
    });
  });

  it("else uses the read rate of the scope's measured backups", () => {
    const s = store();
    // Restores written to this scope from elsewhere say nothing about restoring it.
    record(s, { from: 'server:web-2:/srv/app', to: scope, bytes: 100 * MiB, ms: 1000 });
    const backups = [backup(2 * MiB, 2000), backup(0, 0), backup(6 * MiB, 2000)];
    expect(estimate(filesPreview(10 * MiB), scope, s, backups)).toEqual({
      seconds: 5,
      basis: 'no restore or drill of this scope measured yet; 2 backups of this scope read 2.0 MiB/s',
    });
  });

  it('takes small restores as the time to start, never as a speed', () => {
    const s = store();
    // 7 bytes in 1 s is not 7 B/s: a 92 KiB restore is not 3 hours away.
    record(s, { from: scope, to: scope, bytes: 7, ms: 1000 });
    expect(estimate(filesPreview(92 * 1024), scope, s, [backup(MiB, 1000)])).toEqual({
      seconds: 2,
      basis:
        '1 earlier restore or drill of this scope took about 1 s to start but was too small to time a speed; 1 backup of this scope read 1.0 MiB/s',
    });
    expect(estimate(filesPreview(MiB), scope, s, [])).toEqual({
      basis:
        'unknown: 1 earlier restore or drill of this scope took about 1 s to start but was too small to time a speed, and no backup of this scope has been measured yet',
    });
    // With a large one too: 100 MiB in 11 s is 10 MiB/s after the 1 s start; 50 MiB take 1 + 5 s.
    record(s, { from: scope, to: sandbox, bytes: 100 * MiB, ms: 11_000 });
    expect(estimate(filesPreview(50 * MiB), scope, s, [])).toEqual({
      seconds: 6,
      basis:
        '1 earlier restore or drill of this scope ran at 10 MiB/s, after about 1 s to start (timed by 1 smaller one)',
    });
  });

  it('else says unknown, with no figure', () => {
    const s = store();
    record(s, { from: scope, to: scope, bytes: MiB, ms: 1000, state: 'Failed' });
    record(s, { from: 'server:web-2:/srv/app', to: scope, bytes: MiB, ms: 1000 });
    expect(estimate(filesPreview(MiB), scope, s, [backup(0, 0)])).toEqual({
      basis: 'unknown: no restore, drill or backup of this scope has been measured yet',
    });
  });

  it('needs no measure when nothing is written', () => {
    const empty: Preview = { ...filesPreview(0), create: [], replace: [] } as Preview;
    expect(estimate(empty, scope, store(), [])).toEqual({ seconds: 0, basis: 'nothing to write' });
  });
});
