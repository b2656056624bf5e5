// Test fixtures for the files engine (used by tests only): trees on the local disk that the test
// sshd serves, and their state read back byte-exact.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSsh, type SshSession } from '../../connect/ssh';
import type { FilesPreview, RestoreItemResult } from '../../api/contract';
import type { Progress } from '../../jobs/progress';
import { backupServerPath } from '../../providers/native/server-backup';
import type { Repository } from '../../repository/repository';
import type { Snapshot } from '../../repository/snapshot';
import type { ApplyContext, FilesTarget } from '../engine';
import { filesEngine } from './index';

export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lifeboat-${prefix}-`));
}

/** Raw relative paths under `dir` (find -print0), latin1 so any byte survives. */
export function pathsUnder(dir: string): string[] {
  return execFileSync('find', ['.', '-mindepth', '1', '-print0'], { cwd: dir })
    .toString('latin1')
    .split('\0')
    .filter(Boolean)
    .map((p) => p.slice(2))
    .sort();
}

/** Every entry under `dir`: mode, owner, mtime (ns; folders' only with `dirTimes`), and the
 * content's hash or the link target. */
export function state(dir: string, dirTimes = false): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of pathsUnder(dir)) {
    const p = Buffer.concat([Buffer.from(dir + '/'), Buffer.from(rel, 'latin1')]);
    const st = lstatSync(p, { bigint: true });
    const what = st.isFile()
      ? sha(readFileSync(p))
      : st.isSymbolicLink()
        ? readlinkSync(p, { encoding: 'buffer' }).toString('latin1')
        : '';
    const time = st.isDirectory() && !dirTimes ? '-' : st.mtimeNs;
    out.set(rel, `${st.mode.toString(8)} ${st.uid}:${st.gid} ${time} ${what}`);
  }
  return out;
}

/** ~2000 small files in 40 folders (gen/dNN/fNNN.txt), varied modes, owners, sub-second mtimes. */
export function generate(dir: string): void {
  for (let d = 0; d < 40; d++) {
    const sub = join(dir, 'gen', `d${String(d).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 50; f++) {
      const file = join(sub, `f${String(f).padStart(3, '0')}.txt`);
      writeFileSync(file, randomBytes(64 + ((d * 50 + f) % 700)));
      chmodSync(file, [0o644, 0o600, 0o755, 0o640][f % 4]!);
      if (f % 7 === 0) chownSync(file, 1000 + d, 2000 + f);
      const t = new Date(1_700_000_000_000 + d * 86_400_000 + f * 1234);
      utimesSync(file, t, t);
    }
  }
}

/** `cp -a`: owners, modes, times, hardlinks and fifos as they are. */
export function copyTree(from: string, to: string): void {
  execFileSync('cp', ['-a', '--', from, to]);
}

/** Staging directories and lists a restore left below `dir`. */
export function leftovers(dir: string): string[] {
  return execFileSync('find', [dir, '-name', '.lifeboat-*'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/** Waits (up to 5 s) until nothing is left below `dir`, and says what is. */
export async function settledLeftovers(dir: string): Promise<string[]> {
  for (let i = 0; i < 50 && leftovers(dir).length; i++) await new Promise((r) => setTimeout(r, 100));
  return leftovers(dir);
}

/** A progress sink that calls `fn` once more than `bytes` content bytes were sent. */
export function afterBytes(bytes: number, fn: () => void): Progress {
  let sent = 0;
  return {
    phase() {},
    total() {},
    add(d) {
      sent += d.bytes ?? 0;
      if (sent > bytes) fn();
    },
  };
}

/** A session to the test sshd (its info as the harness hands it out). */
export function connectTo(s: {
  host: string;
  port: number;
  user: string;
  clientKey: string;
  hostKeyFingerprint: string;
}): Promise<SshSession> {
  const auth = { kind: 'key' as const, privateKey: s.clientKey };
  return connectSsh({
    name: 'test',
    host: s.host,
    port: s.port,
    user: s.user,
    auth,
    acceptedFingerprint: s.hostKeyFingerprint,
    timeoutMs: 10_000,
  });
}

/** A backed-up scope on the test server ("web-1", no sudo). */
export interface Fixture {
  session: SshSession;
  repo: Repository;
  /** The scope's path. */
  data: string;
  snapshot: Snapshot;
}

/** The fixture's point of its scope, restored to `destPath`. */
export function targetOf(f: Fixture, destPath: string, more: Partial<FilesTarget> = {}): FilesTarget {
  const { repo, snapshot, data: sourcePath, session } = f;
  return { repo, snapshot, sourcePath, session, server: 'web-1', sudo: false, destPath, ...more };
}

/** Backs up `path` on the test server into the fixture's repository; the new point. */
export async function backup(f: Pick<Fixture, 'session' | 'repo'>, path: string): Promise<Snapshot> {
  const r = await backupServerPath({ session: f.session, server: 'web-1', path, sudo: false, repo: f.repo });
  return f.repo.loadSnapshot(r.snapshotId);
}

/** Applies a preview and collects what happened: each item's outcome, the error if it failed. */
export async function applyOutcome(t: FilesTarget, preview: FilesPreview, ctx: ApplyContext = {}) {
  const items: RestoreItemResult[] = [];
  const onItem = (i: RestoreItemResult) => (items.push(i), ctx.onItem?.(i));
  let bytes = 0;
  let error: unknown;
  try {
    bytes = (await filesEngine.apply(t, preview, { ...ctx, onItem })).bytes;
  } catch (e) {
    error = e;
  }
  return { items, error, bytes, results: items.map((i) => i.result) };
}

/** Files (by name in `dir`) that are neither entirely `before` nor entirely `after`, or that are
 * not `after` although reported done. */
export function neitherOldNorNew(
  dir: string,
  before: Map<string, Buffer>,
  after: Map<string, Buffer>,
  items: RestoreItemResult[],
): string[] {
  const bad: string[] = [];
  for (const [name, want] of after) {
    const now = readFileSync(join(dir, name));
    const done = items.find((i) => i.item === join(dir, name))?.result === 'done';
    if (!now.equals(want) && (done || !now.equals(before.get(name)!))) bad.push(name);
  }
  return bad;
}
