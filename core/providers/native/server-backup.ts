// A restore point of a server path, agentless: the server runs only `tar` (through `sudo -n`
// where configured); the laptop parses the stream, chunks, deduplicates, compresses, encrypts,
// packs and uploads while it arrives. Nothing is staged on either side; memory stays bounded.
// With `items`, only those paths are read (no recursion): the safety point before a restore,
// rooted exactly like a full backup of the same path so that restoring it puts them back.
import type { BackupContext, BackupResult } from './backup-result';
import { posix } from 'node:path';
import { LifeboatError } from '../../api/errors';
import { channelEnded, shQuote, shScript, type SshSession } from '../../connect/ssh';
import { noopProgress } from '../../jobs/progress';
import type { Repository, Snapshot, SnapshotInput } from '../../repository/repository';
import { maxUnreadableListed } from '../../repository/snapshot';
import { listedEntries, type ListingLimits } from './listed-entries';
import { findFailures, listCommand, parseListing } from './listing';
import { ParentTree } from './parent-tree';
import { readTar } from './tar/tar-reader';
import { repositorySink } from './repository-sink';
import { sortTarMessages, tarRunFailure, type TarMessages } from './tar-messages';
import { buildTree, type BuildEntry } from './tree-builder';

export interface ServerBackupInput {
  session: SshSession;
  /** The server entry's name (for the scope text). */
  server: string;
  /** Absolute path on the server. */
  path: string;
  sudo: boolean;
  repo: Repository;
  system?: string;
  /**
   * The previous restore point of this path: files whose size, mtime, ctime and inode are
   * unchanged since it are not read again (their blobs are reused), as restic does.
   */
  parent?: string;
  /** Read every file even when a parent says it is unchanged. */
  reread?: boolean;
  /** Smaller listing queues and tar runs (tests). */
  limits?: Partial<ListingLimits>;
  /**
   * Only these paths, relative to the tar base (so starting with basename(path); for "/" the
   * top-level names), parents before their children and every ancestor listed: tar reads them
   * with --no-recursion from a NUL-separated list on its stdin.
   */
  items?: Buffer[];
  /** Snapshot tags (e.g. "safety", "restore:<id>"). */
  tags?: string[];
}

export type ServerBackupContext = BackupContext;
export type ServerBackupResult = BackupResult;

/**
 * `tar` of one path: run in its parent folder so the path's own metadata is kept. With `list`,
 * the names come NUL-separated on stdin instead (`--verbatim-files-from`: a name starting with
 * "-" is a name, not an option), each archived without what is below it.
 */
export function tarCommand(path: string, sudo: boolean, list = false): { command: string; base: string } {
  const base = path === '/' ? '/' : posix.dirname(path);
  const name = path === '/' ? '.' : posix.basename(path);
  const what = list ? '--null --verbatim-files-from --no-recursion -T -' : `-- ${shQuote(name)}`;
  const tar = `tar --format=posix --pax-option=delete=atime,delete=ctime -cf - -C ${shQuote(base)} ${what}`;
  return { command: shScript(tar, sudo), base };
}

/** Checks an item list: relative, inside the path, no "." or "..", parents before children. */
function checkItems(path: string, items: Buffer[]): Buffer {
  const top = path === '/' ? undefined : Buffer.from(posix.basename(path));
  const seen = new Set<string>();
  for (const item of items) {
    const parts = item.toString('latin1').split('/');
    const bad =
      item.length === 0 ||
      item.includes(0) ||
      parts.some((p) => p === '' || p === '.' || p === '..') ||
      (top !== undefined && parts[0] !== top.toString('latin1'));
    const parent = parts.slice(0, -1).join('/');
    if (bad || (parent && !seen.has(parent)))
      throw new LifeboatError(
        'backup.bad_path',
        `"${item.toString('utf8')}" is not a path inside ${path} listed after its parent directory.`,
      );
    seen.add(parts.join('/'));
  }
  return Buffer.concat(items.flatMap((i) => [i, Buffer.alloc(1)]));
}

/** Size and file count first (cheap on the server), so progress has a total and an ETA. */
async function measure(session: SshSession, path: string, sudo: boolean, signal?: AbortSignal) {
  const q = shQuote(path);
  try {
    const r = await session.exec(
      shScript(
        `du -s --apparent-size -B1 -- ${q} 2>/dev/null | cut -f1; find ${q} 2>/dev/null | wc -l`,
        sudo,
      ),
      { timeoutMs: 120_000, ...(signal ? { signal } : {}) },
    );
    const [bytes, items] = r.stdout.trim().split('\n').map(Number);
    return {
      bytes: Number.isFinite(bytes) ? bytes : undefined,
      items: Number.isFinite(items) ? items : undefined,
    };
  } catch {
    return {}; // no totals: progress shows rates without an ETA
  }
}

/** A stream that ended early while the connection went down: give the drop a moment to show. */
async function dropped(session: SshSession, e: unknown): Promise<boolean> {
  if (!(e instanceof LifeboatError && e.code === 'backup.truncated')) return session.closed;
  for (let waited = 0; !session.closed && waited < 2000; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return session.closed;
}

export async function backupServerPath(
  input: ServerBackupInput,
  ctx: ServerBackupContext = {},
): Promise<ServerBackupResult> {
  const started = Date.now();
  const progress = ctx.progress ?? noopProgress;
  const signal = ctx.signal;
  if (!posix.isAbsolute(input.path)) {
    throw new LifeboatError('backup.bad_path', `The path to back up must be absolute, got "${input.path}".`);
  }
  progress.phase('measuring');
  const q = shQuote(input.path);
  // Whether the path exists, and whether the server's find is GNU find (-printf): then the backup
  // lists first and reads only what changed; otherwise tar reads everything.
  const exists = await input.session.exec(
    shScript(`test -e ${q} || test -L ${q} || exit 3; find --version 2>/dev/null | head -n 1`, input.sudo),
    {
      timeoutMs: 60_000,
      ...(signal ? { signal } : {}),
    },
  );
  if (exists.code !== 0) {
    throw new LifeboatError(
      'backup.path_not_found',
      `${input.path} does not exist on ${input.server}${input.sudo ? '' : ' (or this user cannot see it; is sudo needed?)'}.`,
    );
  }
  const list = input.items ? checkItems(input.path, input.items) : undefined;
  const listing = !list && exists.stdout.includes('GNU findutils');
  const scope = `server:${input.server}:${input.path}`;
  const sig = signal ? { signal } : {};
  const parent =
    listing && !input.reread ? await parentPoint(input.repo, input.parent, scope, signal) : undefined;
  let built = false;
  if (input.items) progress.total({ items: input.items.length });
  else if (parent) {
    // The totals only feed the ETA: with a parent, its own (raised if this one turns out larger).
    const s = parent.snapshot.stats;
    progress.total({ items: s.files + s.dirs, bytes: s.bytes });
  } else {
    // While listing, measured alongside.
    const totals = measure(input.session, input.path, input.sudo, signal);
    if (listing) void totals.then((t) => built || progress.total(t));
    else progress.total(await totals);
  }
  progress.phase('reading and uploading');

  const before = { ...input.repo.stats };
  const messages: TarMessages = { failures: [], notes: [], other: [] };
  // One channel gives the entries: the listing (find) or the whole tar stream.
  const { command, base } = tarCommand(input.path, input.sudo, list !== undefined);
  const channel = await input.session.execStream(
    listing ? listCommand(input.path, input.sudo) : command,
    sig,
  );
  if (list) channel.end(list);
  const exited = channelEnded(channel);
  let stderr = '';
  channel.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 256 * 1024) stderr += d.toString('utf8');
  });
  const stream = channel as AsyncIterable<Buffer>;
  const entries: AsyncIterable<BuildEntry> = listing
    ? listedEntries({
        listing: parseListing(stream),
        startTar: () => input.session.execStream(tarCommand(input.path, input.sudo, true).command, sig),
        base,
        ...(parent ? { parent: parent.tree } : {}),
        repo: input.repo,
        ...sig,
        messages,
        ...(input.limits ? { limits: input.limits } : {}),
      })
    : readTar(stream);
  let tree;
  try {
    tree = await buildTree(entries, repositorySink(input.repo, { ...sig, progress }), {
      ...sig,
      onEntry: (e) => progress.add({ items: 1, ...(e.reuse ? { bytes: e.size } : {}) }),
    });
  } catch (e) {
    built = true;
    channel.close();
    // Cancelled: say so, whatever broke first as the channel closed (cancellation is not an error to explain).
    if (signal?.aborted) throw signal.reason;
    // If tar (or find) died, its own words explain the broken stream better than the parser's.
    const { code, signal: ended } = await Promise.race([
      exited,
      new Promise<{ code: null; signal?: string }>((r) => setTimeout(() => r({ code: null }), 2000)),
    ]);
    if ((ended === 'connection closed' || (await dropped(input.session, e))) && !signal?.aborted) {
      throw new LifeboatError(
        'backup.connection_lost',
        `The connection to ${input.server} dropped during the backup of ${input.path}; no restore point was written (${(e as Error).message})`,
      );
    }
    const why = stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(-5)
      .join(' ');
    if (code && why)
      throw new LifeboatError(
        'backup.tar_failed',
        `${listing ? 'find' : 'tar'} on ${input.server} failed (exit ${code}): ${why}`,
      );
    throw e;
  }
  built = true;
  const exit = await exited;
  if (listing) {
    const failures = findFailures(stderr, base);
    messages.failures.push(...failures);
    if (exit.code !== 0 && failures.length === 0) {
      const why = stderr.trim().split('\n').slice(-3).join(' ') || `exit ${exit.code ?? exit.signal}`;
      throw new LifeboatError('backup.tar_failed', `find on ${input.server} failed: ${why}`);
    }
  } else {
    const m = sortTarMessages(stderr, base);
    messages.failures.push(...m.failures);
    messages.notes.push(...m.notes);
    const why = tarRunFailure(exit.code, m, exit.signal);
    if (why) throw new LifeboatError('backup.tar_failed', `tar on ${input.server} failed: ${why}`);
  }
  for (const f of messages.failures) ctx.fail?.(f.item, f.message);

  progress.phase('writing the restore point');
  await input.repo.flush(signal ? { signal } : {});
  const durationMs = Date.now() - started;
  const stats = {
    files: tree.stats.files,
    dirs: tree.stats.dirs,
    bytes: tree.stats.bytes,
    bytesRead: tree.stats.bytesRead,
    newBytes: tree.stats.newBytes,
    blobsNew: input.repo.stats.blobsStored - before.blobsStored,
    bytesNew: input.repo.stats.bytesWritten - before.bytesWritten,
    durationMs,
  };
  const snapshotId = await input.repo.saveSnapshot(
    {
      scope,
      host: input.server,
      ...(input.system ? { system: input.system } : {}),
      paths: [input.path],
      tree: tree.root,
      stats,
      ...(input.parent ? { parent: input.parent } : {}),
      ...(input.tags?.length ? { tags: input.tags } : {}),
      ...(messages.failures.length ? { unreadable: unreadableOf(messages.failures) } : {}),
    },
    signal ? { signal } : {},
  );
  return { snapshotId, stats, notes: messages.notes };
}

/** What a partial point records of the items tar or find could not read. */
function unreadableOf(failures: TarMessages['failures']): NonNullable<SnapshotInput['unreadable']> {
  return {
    count: failures.length,
    items: failures.slice(0, maxUnreadableListed).map((f) => ({
      path: f.item.slice(0, 64 * 1024) || '(unnamed)',
      reason: f.message.slice(0, 2000),
    })),
  };
}

/** The parent point when it is a point of the same scope; otherwise none (read everything). */
async function parentPoint(
  repo: Repository,
  id: string | undefined,
  scope: string,
  signal?: AbortSignal,
): Promise<{ snapshot: Snapshot; tree: ParentTree } | undefined> {
  if (!id) return undefined;
  try {
    const snapshot = await repo.loadSnapshot(id, signal ? { signal } : {});
    return snapshot.scope === scope
      ? { snapshot, tree: new ParentTree(repo, snapshot.tree, signal) }
      : undefined;
  } catch (e) {
    if (signal?.aborted) throw e;
    return undefined; // an unreadable parent only costs reading everything again
  }
}
