// The entries of a backup that lists first and reads only what changed:
//
//   find listing ──▶ compare with the parent point ──▶ unchanged: reuse the parent's blobs
//                                                  └─▶ changed: name it to `tar -T -` and read it
//
// A lister runs ahead of the tree builder (a bounded queue), naming files to read to a tar run on
// its stdin; the builder takes entries in listing order, each changed file's body from the tar
// stream. tar holds its last record until it has more names or its input ends, so a tar run is
// closed (stdin ended) before the lister ever waits for the builder: no cycle can wait forever.
// Runs are also closed after a bounded number of names or bytes, so each holds a bounded list.
import type { ClientChannel } from 'ssh2';
import { channelEnded } from '../../connect/ssh';
import { LifeboatError } from '../../api/errors';
import type { Repository, TreeNode } from '../../repository/repository';
import type { Listed } from './listing';
import type { ParentTree } from './parent-tree';
import { readTar, showPath, type TarEntry } from './tar/tar-reader';
import { onServer, sortTarMessages, tarRunFailure, type TarMessages } from './tar-messages';
import { rfc3339, type BuildEntry } from './tree-builder';

export interface ListingLimits {
  /** Entries listed ahead of the tree builder. */
  queued: number;
  /** Names and content bytes per tar run. */
  runNames: number;
  runBytes: number;
}

export const defaultLimits: ListingLimits = { queued: 16384, runNames: 4096, runBytes: 512 * 1024 * 1024 };

/** Ends each name on tar's stdin (--null). */
const nul = Buffer.alloc(1);

type Item =
  | { kind: 'listed'; l: Listed }
  | { kind: 'reuse'; l: Listed; content: string[] }
  | { kind: 'hardlink'; l: Listed; to: Buffer }
  | { kind: 'read'; l: Listed; run: TarRun };

/** One `tar --no-recursion -T -` over the names it is given, read entry by entry. */
class TarRun {
  names = 0;
  bytes = 0;
  stderr = '';
  private open = true;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushQueued = false;
  private peeked: TarEntry | null | undefined;
  private readonly entries: AsyncIterator<TarEntry>;
  readonly exited: Promise<number | null>;

  constructor(
    readonly channel: ClientChannel,
    private readonly limits: ListingLimits,
  ) {
    this.entries = readTar(channel as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    this.exited = channelEnded(channel).then((e) => e.code);
    channel.stderr.on('data', (d: Buffer) => {
      if (this.stderr.length < 256 * 1024) this.stderr += d.toString('utf8');
    });
  }

  get full(): boolean {
    return !this.open || this.names >= this.limits.runNames || this.bytes >= this.limits.runBytes;
  }

  /**
   * Names go out in batches (one SSH packet per name would cost more than the names): when 64 KiB
   * are waiting, once the lister's current burst of work is done, and always before close.
   */
  add(l: Listed): void {
    this.pending.push(l.path, nul);
    this.pendingBytes += l.path.length + 1;
    this.names++;
    this.bytes += l.size;
    if (this.pendingBytes >= 64 * 1024) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flush());
    }
  }

  close(): void {
    this.flush();
    if (this.open) this.channel.end();
    this.open = false;
  }

  private flush(): void {
    this.flushQueued = false;
    if (!this.pending.length || !this.open) return;
    this.channel.write(Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The entry tar wrote for `path`, or undefined when tar skipped it (vanished, unreadable). */
  async take(path: Buffer): Promise<TarEntry | undefined> {
    const t = this.peeked === undefined ? await this.pull() : this.peeked;
    if (t && t.path.equals(path)) {
      this.peeked = undefined;
      return t;
    }
    this.peeked = t ?? null;
    return undefined;
  }

  /** After the last name: nothing unasked may follow; tar's verdict and its messages. */
  async finish(base: string): Promise<TarMessages> {
    const extra = this.peeked === undefined ? await this.pull() : this.peeked;
    if (extra) {
      throw new LifeboatError(
        'backup.bad_tar',
        `The server's tar sent "${showPath(extra.path)}", which was not asked for.`,
      );
    }
    const code = await this.exited;
    const messages = sortTarMessages(this.stderr, base);
    const why = tarRunFailure(code, messages);
    if (why) throw new LifeboatError('backup.tar_failed', `tar failed while reading changed files: ${why}`);
    return messages;
  }

  private async pull(): Promise<TarEntry | null> {
    const n = await this.entries.next();
    return n.done ? null : n.value;
  }
}

/** A bounded first-in first-out queue between one producer and one consumer. */
class Queue<T> {
  private items: T[] = [];
  /** Index of the first item not yet taken (the array is compacted now and then, not shifted). */
  private head = 0;
  private closed = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  constructor(private readonly max: number) {}

  get full(): boolean {
    return this.items.length - this.head >= this.max;
  }

  async push(item: T): Promise<void> {
    while (this.full && !this.closed) await this.wait();
    if (this.closed) throw this.error ?? new Error('the queue is closed');
    this.items.push(item);
    this.poke();
  }

  /** Waits until the queue is at most half full (so a full queue is refilled in big steps). */
  async room(): Promise<void> {
    while (this.items.length - this.head > this.max / 2 && !this.closed) await this.wait();
    if (this.closed) throw this.error ?? new Error('the queue is closed');
  }

  async shift(): Promise<T | undefined> {
    while (this.items.length === this.head && !this.closed) await this.wait();
    if (this.error !== undefined) throw this.error;
    if (this.items.length === this.head) return undefined;
    const item = this.items[this.head++] as T;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.poke();
    return item;
  }

  end(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.error = error;
    this.poke();
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

/** Unchanged since the parent: same size, mtime, ctime and inode, and every blob still indexed. */
function reusable(
  prev: TreeNode | undefined,
  l: Listed,
  repo: Pick<Repository, 'hasBlob'>,
): string[] | undefined {
  if (prev?.type !== 'file' || !prev.content || prev.ctime === undefined || prev.inode === undefined) return;
  const same =
    prev.size === l.size &&
    prev.mtime === rfc3339(l.mtime) &&
    prev.ctime === rfc3339(l.ctime) &&
    prev.inode === l.inode;
  return same && prev.content.every((id) => repo.hasBlob(id, 'data')) ? prev.content : undefined;
}

export interface ListedEntriesInput {
  listing: AsyncIterable<Listed>;
  /** Starts `tar --no-recursion -T -` in the tar base (tarCommand(path, sudo, true)). */
  startTar(): Promise<ClientChannel>;
  base: string;
  parent?: ParentTree;
  repo: Pick<Repository, 'hasBlob'>;
  signal?: AbortSignal;
  /** Per-file messages of every tar run (failures and notes), and sockets found by the listing. */
  messages: TarMessages;
  limits?: Partial<ListingLimits>;
}

const empty: AsyncIterable<Buffer> = { async *[Symbol.asyncIterator]() {} };

function asEntry(item: Exclude<Item, { kind: 'read' }>): BuildEntry {
  const { l } = item;
  const entry: BuildEntry = {
    path: l.path,
    type: item.kind === 'hardlink' ? 'hardlink' : (l.type as BuildEntry['type']),
    mode: l.mode,
    uid: l.uid,
    gid: l.gid,
    uname: l.uname,
    gname: l.gname,
    size: item.kind === 'hardlink' ? 0 : l.size,
    mtime: l.mtime,
    ctime: l.ctime,
    inode: l.inode,
    devMajor: 0,
    devMinor: 0,
    body: empty,
  };
  if (item.kind === 'reuse') entry.reuse = item.content;
  if (item.kind === 'hardlink') entry.link = item.to;
  if (l.link) entry.link = l.link;
  return entry;
}

/** The backup's entries in listing order (see the top of this file). */
export async function* listedEntries(input: ListedEntriesInput): AsyncGenerator<BuildEntry> {
  const limits = { ...defaultLimits, ...input.limits };
  const queue = new Queue<Item>(Math.max(1, limits.queued));
  /** Tar runs started and not yet finished (closed on the way out, whatever happens). */
  const runs = new Set<TarRun>();

  const lister = (async () => {
    let run: TarRun | undefined;
    const firstLinks = new Map<string, Buffer>();
    try {
      for await (const l of input.listing) {
        input.signal?.throwIfAborted();
        let item: Item;
        if (l.type === 'socket') {
          // Recorded and skipped, in the words tar uses for it.
          const item = onServer(input.base, l.path.toString('utf8'));
          input.messages.notes.push({ item, message: 'socket ignored' });
          continue;
        }
        const key = l.type === 'file' && l.nlink > 1 ? `${l.dev}:${l.inode}` : undefined;
        const first = key ? firstLinks.get(key) : undefined;
        if (first) item = { kind: 'hardlink', l, to: first };
        else {
          if (key) firstLinks.set(key, Buffer.from(l.path)); // a copy: the listing's buffers can go
          const content =
            l.type === 'file' ? reusable(await input.parent?.at(l.path), l, input.repo) : undefined;
          if (content) item = { kind: 'reuse', l, content };
          else if (l.type === 'file' || l.type === 'chardev' || l.type === 'blockdev') {
            if (!run || run.full) {
              run?.close();
              run = new TarRun(await input.startTar(), limits);
              runs.add(run);
            }
            run.add(l);
            item = { kind: 'read', l, run };
          } else item = { kind: 'listed', l };
        }
        if (queue.full) {
          run?.close(); // before waiting for the builder: tar must be able to finish
          await queue.room();
        }
        await queue.push(item);
      }
      run?.close();
      queue.end();
    } catch (e) {
      run?.close();
      queue.end(e);
    }
  })();

  const finish = async (run: TarRun) => {
    addMessages(input.messages, await run.finish(input.base));
    runs.delete(run);
  };
  let current: TarRun | undefined;
  try {
    for (;;) {
      const item = await queue.shift();
      if (!item) break;
      if (item.kind !== 'read') {
        yield asEntry(item);
        continue;
      }
      if (current !== item.run) {
        if (current) await finish(current);
        current = item.run;
      }
      const t = await current.take(item.l.path);
      if (t) yield { ...t, ctime: item.l.ctime, inode: item.l.inode };
    }
    if (current) await finish(current);
    await lister;
  } finally {
    queue.end(new LifeboatError('backup.cancelled', 'The backup stopped.'));
    for (const r of runs) r.channel.close();
    await lister;
  }
}

function addMessages(into: TarMessages, m: TarMessages): void {
  into.failures.push(...m.failures);
  into.notes.push(...m.notes);
  into.other.push(...m.other);
}
