// The server side of the files engine: a handful of batched commands over one SSH session.
// Paths travel NUL-separated on stdin (only the destination and its ancestors, quoted, on a
// command line) and come back as raw bytes (find -printf; hashes.ts parses sha256sum's lines),
// so names that are not UTF-8 survive both ways.
import type { ClientChannel } from 'ssh2';
import type { FileFacts } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { shQuote, shScript, type SshSession } from '../../connect/ssh';

export interface Remote {
  session: SshSession;
  server: string;
  sudo: boolean;
}

export interface RunResult {
  code: number | null;
  signal?: string;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Sent to the command's stdin (with backpressure), then EOF. */
  stdin?: Buffer | AsyncIterable<Buffer>;
  /** Stdout as it arrives (the command's stdout is then not collected). */
  onStdout?: (chunk: Buffer) => void;
  /**
   * On cancel or a failing stdin source, end stdin rather than kill the command: it sees its input
   * end early and cleans up after itself (the write step). Killed, it could not, and what it
   * started would race a cleanup sent from here.
   */
  gentle?: boolean;
}

/** How long a command whose input was cut short gets to finish its own cleanup. */
const gentleGraceMs = 60_000;

const maxStdout = 512 * 1024 * 1024;
const maxStderr = 256 * 1024;

export function connectionLost(server: string, during: string): LifeboatError {
  return new LifeboatError(
    'restore.connection_lost',
    `The connection to ${server} was lost while ${during}.`,
    { server },
  );
}

/** Waits until the channel can take more, or is gone. */
function drained(channel: ClientChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.on('drain', done);
    channel.on('close', done);
  });
}

async function* slices(b: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += 1 << 20) yield b.subarray(i, i + (1 << 20));
}

/**
 * Runs a POSIX sh script (through `sudo -n` when configured). Resolves with the exit status
 * whatever it is; rejects with `restore.connection_lost` when the channel closes without one,
 * with the abort reason when cancelled, and with whatever the stdin source threw.
 */
export async function runScript(
  r: Remote,
  script: string,
  during: string,
  opts: RunOptions = {},
): Promise<RunResult> {
  const { signal } = opts;
  signal?.throwIfAborted();
  const command = shScript(script, r.sudo);
  let channel: ClientChannel;
  try {
    channel = await r.session.execStream(command, signal && !opts.gentle ? { signal } : {});
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw e;
  }
  const out: Buffer[] = [];
  let outBytes = 0;
  let stderr = '';
  let exit: { code: number | null; signal?: string } | undefined;
  let closed = false;
  let overflow = false;
  const finished = new Promise<void>((resolve) => {
    channel.on('exit', (code: number | null, sig?: string) => {
      exit = sig ? { code: null, signal: sig } : { code: typeof code === 'number' ? code : null };
    });
    channel.on('close', () => {
      closed = true;
      resolve();
    });
  });
  channel.on('data', (d: Buffer) => {
    if (opts.onStdout) return opts.onStdout(d);
    outBytes += d.length;
    if (outBytes > maxStdout) {
      overflow = true;
      channel.close();
    } else out.push(d);
  });
  channel.stderr.on('data', (d: Buffer) => {
    if (stderr.length < maxStderr) stderr += d.toString('utf8');
  });
  channel.on('error', () => {}); // reported through 'close' without an exit status

  let feedError: unknown;
  const source =
    opts.stdin === undefined ? undefined : Buffer.isBuffer(opts.stdin) ? slices(opts.stdin) : opts.stdin;
  if (source) {
    try {
      for await (const chunk of source) {
        if (closed || (opts.gentle && signal?.aborted)) break;
        if (!channel.write(chunk)) await drained(channel);
      }
    } catch (e) {
      feedError = e;
      if (!opts.gentle) {
        try {
          channel.signal('KILL');
        } catch {
          // already closing
        }
        channel.close();
      }
    }
  }
  if (!closed) channel.end();
  if (opts.gentle && (signal?.aborted || feedError)) {
    const timer = setTimeout(() => channel.close(), gentleGraceMs);
    await finished;
    clearTimeout(timer);
  }
  await finished;
  if (signal?.aborted) throw signal.reason;
  if (feedError) throw feedError;
  if (overflow)
    throw new LifeboatError('restore.output_too_large', `${r.server} printed too much while ${during}.`);
  if (!exit) throw connectionLost(r.server, during);
  return { ...exit, stdout: Buffer.concat(out), stderr };
}

/** The first few meaningful lines of stderr, for a message. */
export function why(stderr: string, lines = 4): string {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-lines)
    .join(' ');
}

export interface LiveEntry {
  path: Buffer;
  type: FileFacts['type'] | 'other';
  /** For a symlink: what it points to (find %Y), else the same as type. */
  targetType: FileFacts['type'] | 'other' | 'missing';
  size: number;
  mode: number;
  uid: number;
  gid: number;
  user: string;
  group: string;
  mtime: { sec: number; nsec: number };
  /** Last change of content or metadata (find %C@): unlike mtime, nothing sets it back. */
  ctime: { sec: number; nsec: number };
  link?: Buffer;
}

const typeLetters: Record<string, LiveEntry['type']> = {
  f: 'file',
  d: 'dir',
  l: 'symlink',
  p: 'fifo',
  s: 'socket',
  c: 'chardev',
  b: 'blockdev',
};

/** One record per path: 12 NUL-terminated fields. */
const findFormat = '%y\\0%Y\\0%s\\0%m\\0%U\\0%G\\0%u\\0%g\\0%T@\\0%p\\0%l\\0%C@\\0';

function parseTime(text: string): { sec: number; nsec: number } {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return { sec: 0, nsec: 0 };
  return { sec: Number(m[1]), nsec: Number((m[2] ?? '').slice(0, 9).padEnd(9, '0')) };
}

export function parseFind(out: Buffer): LiveEntry[] {
  const entries: LiveEntry[] = [];
  const fields: Buffer[] = [];
  let start = 0;
  for (let i = out.indexOf(0, start); i >= 0; i = out.indexOf(0, start)) {
    fields.push(out.subarray(start, i));
    start = i + 1;
    if (fields.length < 12) continue;
    const [y, Y, s, m, U, G, u, g, T, p, l, C] = fields
      .splice(0, 12)
      .map((f, k) => (k === 9 || k === 10 ? f : f.toString('latin1'))) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      Buffer,
      Buffer,
      string,
    ];
    entries.push({
      path: Buffer.from(p),
      type: typeLetters[y] ?? 'other',
      targetType: Y === 'N' || Y === 'L' ? 'missing' : (typeLetters[Y] ?? 'other'),
      size: Number(s),
      mode: parseInt(m, 8) & 0o7777,
      uid: Number(U),
      gid: Number(G),
      user: Buffer.from(u, 'latin1').toString('utf8'),
      group: Buffer.from(g, 'latin1').toString('utf8'),
      mtime: parseTime(T),
      ctime: parseTime(C),
      ...(y === 'l' ? { link: Buffer.from(l) } : {}),
    });
  }
  return entries;
}

/**
 * find over paths from stdin, `expr` after them. Its complaints that only mean "not there" are
 * dropped on the server (a restore into a new folder asks about thousands of missing paths); the
 * others come back marked "lifeboat-stderr", then xargs's status as "lifeboat-status N" — so that
 * whatever else a server prints on stderr (a login script's chatter) is not taken for an error.
 */
function findScript(expr: string, who = false, gate?: Gate): string {
  const inner = `exec find "$@" ${expr} -printf ${shQuote(findFormat)}`;
  const listed = `xargs -0 -r sh -c ${shQuote(inner)} sh`;
  const run = `{ ${gate ? gated(inner, listed, gate) : listed}; echo "lifeboat-status $?" >&2; }`;
  const drop = "grep -v -e 'No such file or directory$' -e 'Not a directory$'";
  const mark = "sed '/^lifeboat-status /!s/^/lifeboat-stderr /' >&2";
  const id = who ? 'echo "lifeboat-id $(id -u) $(id -g)" >&2; ' : '';
  return `LC_ALL=C; export LC_ALL; ${id}{ ${run} 2>&1 >&3 3>&- | ${drop} | ${mark} 3>&-; } 3>&1`;
}

/** Paths stated whatever happens (`always`, on the command line) and a directory that decides
 * whether the paths on stdin are worth stating at all: nothing can be below a missing folder. */
interface Gate {
  dir: string;
  always: string[];
}

/** find over the gate's own paths, then over stdin's only when the gate's directory is a real
 * one (else stdin is read and dropped); exits as xargs would (123: some path was missing). */
function gated(inner: string, listed: string, gate: Gate): string {
  const dir = shQuote(gate.dir);
  return [
    `sh -c ${shQuote(inner)} sh ${gate.always.map(shQuote).join(' ')}; a=$?; [ $a -eq 1 ] && a=123`,
    `if [ -d ${dir} ] && [ ! -L ${dir} ]; then ${listed}; b=$?; else cat >/dev/null; b=0; fi`,
    'if [ $b -ne 0 ]; then a=$b; fi; (exit $a)',
  ].join('; ');
}

function checkStderr(r: Remote, res: RunResult, what: string): void {
  const lines = res.stderr.split('\n').map((l) => l.trim());
  const status = lines.find((l) => l.startsWith('lifeboat-status '));
  const bad = lines.filter((l) => l.startsWith('lifeboat-stderr ')).map((l) => l.slice(16));
  // xargs: 0, or 123 when some find met a path that is not there. No status: the script never ran
  // (sudo refused, no sh): then everything on stderr explains it.
  const code = status ? Number(status.slice('lifeboat-status '.length)) : undefined;
  if (bad.length || (code !== 0 && code !== 123)) {
    const text = bad.slice(0, 3).join(' ') || why(res.stderr) || `exit ${res.code ?? res.signal}`;
    throw new LifeboatError(
      'restore.read_failed',
      `Could not ${what} on ${r.server}: ${text}${r.sudo ? '' : ' (is sudo needed?)'}`,
      { server: r.server },
    );
  }
}

const nulList = (paths: Buffer[]) => Buffer.concat(paths.flatMap((p) => [p, Buffer.alloc(1)]));

/** Each path's own facts (not following a final symlink); paths that do not exist are left out.
 * With a gate, `paths` are stated only when the gate's directory is a real directory; they may
 * come later (a promise): the command starts with the gate's own paths meanwhile. */
export async function statPaths(
  r: Remote,
  paths: Buffer[] | Promise<Buffer[]>,
  signal?: AbortSignal,
  gate?: Gate,
): Promise<LiveEntry[]> {
  if (Array.isArray(paths) && paths.length === 0 && !gate?.always.length) return [];
  const later = async function* (): AsyncGenerator<Buffer> {
    const list = nulList(await paths);
    if (list.length) yield list;
  };
  const res = await runScript(r, findScript('-maxdepth 0', false, gate), 'reading the destination', {
    stdin: Array.isArray(paths) ? nulList(paths) : later(),
    ...(signal ? { signal } : {}),
  });
  checkStderr(r, res, 'read the destination');
  return parseFind(res.stdout);
}

export interface Account {
  uid: number;
  gid: number;
}

/** statPaths, and in the same command the uid and gid the commands run as (owners can only be
 * given as root). */
export async function statPathsAs(
  r: Remote,
  paths: Buffer[],
  signal?: AbortSignal,
): Promise<{ entries: LiveEntry[]; me: Account }> {
  const res = await runScript(r, findScript('-maxdepth 0', true), 'reading the destination', {
    stdin: nulList(paths),
    ...(signal ? { signal } : {}),
  });
  const id = /^lifeboat-id (\d+) (\d+)$/m.exec(res.stderr);
  if (!id)
    throw new LifeboatError(
      'restore.read_failed',
      `Could not run commands on ${r.server}${r.sudo ? ' through sudo -n' : ''}: ${why(res.stderr) || `exit ${res.code}`}`,
      { server: r.server },
    );
  checkStderr(r, res, 'read the destination');
  return { entries: parseFind(res.stdout), me: { uid: Number(id[1]), gid: Number(id[2]) } };
}

/** Everything below each directory (recursively, symlinks not followed). */
export async function listUnder(r: Remote, dirs: Buffer[], signal?: AbortSignal): Promise<LiveEntry[]> {
  if (dirs.length === 0) return [];
  const res = await runScript(r, findScript('-mindepth 1'), 'listing the destination', {
    stdin: nulList(dirs),
    ...(signal ? { signal } : {}),
  });
  checkStderr(r, res, 'list the destination');
  return parseFind(res.stdout);
}

export { nulList };
