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
  readdirSync,
  readlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ClientChannel } from 'ssh2';
import { connectSsh, type SshSession } from '../../connect/ssh';
import { canonicalJson } from '../../util/canonical-json';
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

/** A session to the test sshd (its info as the harness hands it out): as its user with the key,
 * or as `login` with a password. */
export function connectTo(
  s: { host: string; port: number; user: string; clientKey: string; hostKeyFingerprint: string },
  login?: { user: string; password: string },
): Promise<SshSession> {
  const auth = login
    ? { kind: 'password' as const, password: login.password }
    : { kind: 'key' as const, privateKey: s.clientKey };
  return connectSsh({
    name: 'test',
    host: s.host,
    port: s.port,
    user: login?.user ?? s.user,
    auth,
    acceptedFingerprint: s.hostKeyFingerprint,
    timeoutMs: 10_000,
  });
}

/** `s`, calling `seen` with every command sent through it — for a streaming one also with its
 * channel, before the caller has it. */
export function tapped(s: SshSession, seen: (command: string, channel?: ClientChannel) => void): SshSession {
  return {
    hostKey: s.hostKey,
    get closed() {
      return s.closed;
    },
    exec: (command, opts) => (seen(command), s.exec(command, opts)),
    async execStream(command, opts) {
      const channel = await s.execStream(command, opts);
      seen(command, channel);
      return channel;
    },
    close: () => s.close(),
  };
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

/** A tree node as a hostile writer might store it: any fields; `children` becomes its subtree. */
export type RawNode = Record<string, unknown> & { children?: RawNode[] };

/** The fields every raw node needs (an empty regular file's, owned by root). */
export const rawBase = { type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: '2024-05-01T12:00:00Z', size: 0 };

async function saveRawTree(repo: Repository, nodes: RawNode[]): Promise<string> {
  const out: object[] = [];
  for (const { children, ...n } of nodes)
    out.push(children ? { ...n, subtree: await saveRawTree(repo, children) } : n);
  return (await repo.saveBlob('tree', Buffer.from(canonicalJson({ nodes: out })))).id;
}

/** A point of the fixture's scope whose folder lists `nodes`, stored as they are — without
 * saveTree's checks, as a hostile writer would. */
export async function rawPoint(f: Fixture, nodes: RawNode[]): Promise<Snapshot> {
  const scope = { ...rawBase, name: basename(f.data), type: 'dir', mode: 0o755, children: nodes };
  const tree = await saveRawTree(f.repo, [scope]);
  await f.repo.flush();
  return { ...f.snapshot, tree };
}

/** Process ids on this machine (the test sshd runs here too). */
function pids(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * The sshd process serving the session of a command that runs in `dir` (its working directory)
 * with a command line matching `command` — e.g. the `tar -x` of a restore's write, which runs in
 * the restore's base directory. Undefined when there is none now.
 */
export function sshdServing(dir: string, command: RegExp): number | undefined {
  for (const pid of pids()) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      if (!command.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' '))) continue;
      for (let p = parentOf(pid); p > 1; p = parentOf(p)) {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'latin1').replaceAll('\0', ' ');
        if (cmd.startsWith('sshd: ')) return cmd.includes('[listener]') ? undefined : p;
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

/** Polls `fn` every few milliseconds until it returns something, for at most `ms`. */
export async function until<T>(fn: () => T | undefined, ms: number, what: string): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) {
    const v = fn();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
