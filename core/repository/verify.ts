// Verify one snapshot: the evidence behind "trusted" (PRODUCT.md, "trust"). A restore point is
// verified only by what was actually checked, so the report says exactly that (trees loaded,
// blobs located, packs found, blobs read and hashed) and, for any damage, which file paths are
// affected and why.
//
//   structure   every tree loads (and so is read, decrypted, hashed and validated); every data blob
//               the snapshot needs is in the index; every pack holding one exists and is long
//               enough for it; every file's size is the sum of its blobs' lengths in the index
//               (else a restore of it would fail). No data blob is read.
//   read-data   structure, then every data blob is read, decrypted and hashed, and the header of
//               every pack holding a tree or data blob of the point is checked (verify-packs.ts).
//   sample      structure, then a random sample of the data blobs is read (their packs' headers
//               checked too).
//
// Damage never throws: it is reported. Only cancellation (the signal's reason) and a snapshot
// that can't be loaded at all (`repo.snapshot_not_found`, `repo.damaged_snapshot`) throw.
//
// Memory: the walk keeps a stack of directories still to visit, not the nodes; it keeps each data
// blob id once with the path(s) that use it (at most `maxPathsPerBlob`), each tree id once with its
// first directory path, and, for a tree met again elsewhere, that alias (so damage inside a
// duplicated directory is reported at every copy).
import { randomBytes } from 'node:crypto';
import { LifeboatError, isLifeboatError } from '../api/errors';
import { noopProgress, type Progress } from '../jobs/progress';
import { forEachBounded, runPool } from './bounded';
import { damagedBlob, damagedTree, missingBlob } from './errors';
import { packKey } from './ids';
import type { Repository } from './repository';
import { decodeTree, nodeName, type TreeNode } from './tree';
import { addDamage, expand, maxPathsPerBlob, type RawPath } from './verify-damage';
import { checkPackHeaders, type PackedBlob } from './verify-packs';

export interface VerifyOptions {
  /** 'structure': every tree loads, every referenced blob is in the index and its pack exists (stat), every file's size matches its blobs — no data read.
   *  'read-data': additionally reads, decrypts and hashes EVERY data blob.
   *  { sample: percent }: structure + reads a random sample of data blobs (percent of blobs, at least 1 when any). */
  mode: 'structure' | 'read-data' | { sample: number };
  signal?: AbortSignal;
  /** items = data blobs checked, bytes = bytes of data read; totals known after the tree walk. */
  progress?: Progress;
  /**
   * Data blob ids already checked in this run (several snapshots share blobs): they are skipped,
   * and the blobs this call checks without finding damage are added (in sample mode: those it read).
   * Damaged blobs are never added, so every snapshot that needs one reports it. Use one set per
   * run and mode: blobs from a 'structure' run were not read.
   */
  seen?: Set<string>;
  /** Uniform in [0, 1), for choosing the sample (default: crypto random). For tests. */
  random?: () => number;
  /** Blobs read (and trees loaded, packs looked up) at once (default 4). */
  concurrency?: number;
}

export interface VerifyDamage {
  /**
   * The affected path relative to the snapshot root, '/'-separated ('' = the root directory, or the
   * repository as a whole). Text when its bytes are UTF-8, else base64 with `pathEncoding: 'base64'`.
   */
  path: string;
  pathEncoding?: 'base64';
  /** The damaged or missing blob (data blob of a file, or the tree blob of a directory). */
  blob?: string;
  /** The pack that holds (or should hold) it. */
  pack?: string;
  code: string;
  message: string;
}

export interface VerifyReport {
  snapshotId: string;
  mode: 'structure' | 'read-data' | 'sample';
  samplePercent?: number;
  ok: boolean;
  /** What was actually checked: evidence. */
  checked: {
    /** Distinct tree blobs loaded, decrypted, hashed and validated. */
    trees: number;
    /** Distinct data blobs checked by this call (located; pack exists and is long enough). */
    dataBlobs: number;
    /** Of those, read, decrypted and hashed without error. */
    dataBlobsRead: number;
    /** Sealed bytes of data blobs read. */
    bytesRead: number;
    /** Distinct packs found present (data packs by lookup, tree packs by reading). */
    packs: number;
    /** Packs whose own header was read and checked against the index (read modes). */
    packHeaders: number;
    /** Data blobs skipped because `seen` held them. */
    dataBlobsSkipped: number;
  };
  /** Damage found: which file paths are affected, and why. Sorted by path. */
  damage: VerifyDamage[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/** The path(s) that use one data blob: the first one only (most blobs), or a capped list. */
type BlobPaths = RawPath | { paths: RawPath[]; more: number };

interface TreeFailure {
  path: RawPath;
  tree: string;
  error: LifeboatError;
}

export async function verifySnapshot(
  repo: Repository,
  snapshotId: string,
  opts: VerifyOptions,
): Promise<VerifyReport> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const signal = opts.signal;
  const sig = signal ? { signal } : {};
  const progress = opts.progress ?? noopProgress;
  const seen = opts.seen;
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 4));
  const mode = typeof opts.mode === 'string' ? opts.mode : 'sample';
  const samplePercent = typeof opts.mode === 'object' ? opts.mode.sample : undefined;
  if (samplePercent !== undefined && !(samplePercent > 0 && samplePercent <= 100)) {
    throw new LifeboatError(
      'repo.invalid_verify',
      `A verify sample must be more than 0 and at most 100 percent of the data, not ${String(samplePercent)}.`,
      { samplePercent },
    );
  }
  /** Rethrows the signal's reason when cancelled, else returns the error as a LifeboatError. */
  const asDamage = (e: unknown): LifeboatError => {
    if (signal?.aborted) throw signal.reason;
    if (isLifeboatError(e)) return e;
    return new LifeboatError('internal.error', e instanceof Error ? e.message : String(e));
  };
  const checkCancel = () => {
    if (signal?.aborted) throw signal.reason;
  };

  checkCancel();
  progress.phase('Reading the snapshot');
  let snapshot;
  try {
    snapshot = await repo.loadSnapshot(snapshotId, sig);
  } catch (e) {
    checkCancel();
    throw e;
  }

  // ---- 1. Walk the trees. ----
  progress.phase('Walking the directory trees');
  const blobs = new Map<string, BlobPaths>();
  const treesVisited = new Map<string, RawPath>();
  const aliases: { from: RawPath; to: RawPath }[] = [];
  const treeFailures: TreeFailure[] = [];
  /** Files whose size their blobs don't add up to: a restore of them would fail. */
  const sizeFailures: TreeFailure[] = [];
  const packsPresent = new Set<string>();
  let treesLoaded = 0;

  const addBlob = (id: string, path: RawPath) => {
    const cur = blobs.get(id);
    if (cur === undefined) blobs.set(id, path);
    else if (typeof cur === 'string') {
      if (cur !== path) blobs.set(id, { paths: [cur, path], more: 0 });
    } else if (cur.paths.at(-1) !== path && !cur.paths.includes(path)) {
      if (cur.paths.length < maxPathsPerBlob) cur.paths.push(path);
      else cur.more++;
    }
  };

  /** Compares a file's size with its blobs' plaintext lengths (rawLength) in the index. */
  const checkSize = (tree: string, path: RawPath, node: TreeNode) => {
    const content = node.content ?? [];
    let total = 0;
    for (const id of content) {
      const loc = repo.locate('data', id);
      if (!loc) return; // reported as a missing blob
      total += loc.rawLength;
    }
    if (total === node.size) return;
    const blobs = content.length === 1 ? '1 blob' : `${content.length} blobs`;
    const reason = `a file's size is ${node.size} bytes, but the index gives its content (${blobs}) ${total} bytes; it cannot be restored as recorded`;
    sizeFailures.push({ path, tree, error: damagedTree(tree, reason) });
  };

  const visit = async (item: { id: string; path: RawPath }) => {
    const first = treesVisited.get(item.id);
    if (first !== undefined) {
      aliases.push({ from: first, to: item.path });
      return;
    }
    treesVisited.set(item.id, item.path);
    let tree;
    try {
      // From storage, never from the session's tree cache: verification is evidence.
      tree = decodeTree(item.id, await repo.loadBlob('tree', item.id, sig));
    } catch (e) {
      treeFailures.push({ path: item.path, tree: item.id, error: asDamage(e) });
      return;
    }
    treesLoaded++;
    const loc = repo.locate('tree', item.id);
    if (loc) packsPresent.add(loc.packId);
    for (const node of tree.nodes) {
      const name = nodeName(node).toString('latin1');
      const path = item.path === '' ? name : `${item.path}/${name}`;
      if (node.type === 'file') {
        for (const id of node.content ?? []) addBlob(id, path);
        checkSize(item.id, path, node);
      } else if (node.type === 'dir' && node.subtree) stack.push({ id: node.subtree, path });
    }
  };

  const stack: { id: string; path: RawPath }[] = [{ id: snapshot.tree, path: '' }];
  await runPool(concurrency, stack, visit, checkCancel);
  checkCancel();

  // ---- 2. Structure: every data blob located, every pack present and long enough. ----
  progress.phase('Checking the index and the packs');
  let skipped = 0;
  const packSizes = new Map<string, number | LifeboatError | undefined>();
  for (const id of blobs.keys()) {
    if (seen?.has(id)) {
      skipped++;
      continue;
    }
    const loc = repo.locate('data', id);
    if (loc) packSizes.set(loc.packId, undefined);
  }
  await forEachBounded([...packSizes.keys()], concurrency, async (packId) => {
    try {
      const info = await repo.backend.stat(packKey(packId), sig);
      packSizes.set(packId, info?.size);
      if (info) packsPresent.add(packId);
    } catch (e) {
      packSizes.set(packId, asDamage(e));
    }
  });
  checkCancel();

  const damage: VerifyDamage[] = [];
  let missingFromIndex = false;
  const reportBlob = (id: string, error: LifeboatError, pack?: string) => {
    const details = error.details as { pack?: unknown; damagedIndexFiles?: unknown } | undefined;
    if (error.code === 'repo.missing_blob' && details?.pack === undefined) missingFromIndex = true;
    const where = blobs.get(id);
    const listed = where === undefined ? [] : typeof where === 'string' ? [where] : where.paths;
    const more = where === undefined || typeof where === 'string' ? 0 : where.more;
    addDamage(damage, expand(listed, aliases), more, {
      blob: id,
      ...(pack ? { pack } : {}),
      code: error.code,
      message: error.message,
    });
  };

  const candidates: string[] = [];
  let bytesToRead = 0;
  const location = repo.backend.location;
  for (const id of blobs.keys()) {
    if (seen?.has(id)) continue;
    const loc = repo.locate('data', id);
    if (!loc) {
      // Not indexed: loadBlob gives the canonical error (naming damaged index files) without I/O.
      try {
        await repo.loadBlob('data', id, sig);
        candidates.push(id); // saved in this session, not yet flushed: present
      } catch (e) {
        reportBlob(id, asDamage(e));
      }
      continue;
    }
    const size = packSizes.get(loc.packId);
    if (size === undefined) {
      reportBlob(
        id,
        missingBlob(location, 'data', id, `its pack ${loc.packId} is missing`, { pack: loc.packId }),
        loc.packId,
      );
    } else if (typeof size !== 'number') {
      reportBlob(id, size, loc.packId);
    } else if (loc.offset + loc.length > size) {
      reportBlob(
        id,
        damagedBlob(
          location,
          'data',
          id,
          loc.packId,
          `the pack is ${size} bytes, shorter than the index says (${loc.offset + loc.length})`,
        ),
        loc.packId,
      );
    } else {
      candidates.push(id);
      bytesToRead += loc.length;
    }
  }
  const dataBlobs = blobs.size - skipped;

  // ---- 3. Read: every candidate, a sample of them, or none. ----
  let toRead: string[] = [];
  if (mode === 'read-data') toRead = candidates;
  else if (samplePercent !== undefined && candidates.length > 0) {
    const k = Math.min(candidates.length, Math.max(1, Math.ceil((candidates.length * samplePercent) / 100)));
    toRead = sample(candidates, k, opts.random ?? cryptoRandom);
    bytesToRead = toRead.reduce((n, id) => n + (repo.locate('data', id)?.length ?? 0), 0);
  } else bytesToRead = 0;
  progress.total({ items: dataBlobs, bytes: bytesToRead });

  // Blobs not read are checked once the structure pass is done.
  const reading = new Set(toRead);
  let unreadChecked = dataBlobs - candidates.length; // damaged ones: checked, with damage
  for (const id of candidates) {
    if (reading.has(id)) continue;
    unreadChecked++;
    if (mode === 'structure') seen?.add(id);
  }
  if (unreadChecked > 0) progress.add({ items: unreadChecked });

  let dataBlobsRead = 0;
  let bytesRead = 0;
  let packHeaders = 0;
  const record = (id: string, error: LifeboatError | undefined) => {
    const loc = repo.locate('data', id);
    const length = loc?.length ?? 0;
    if (!error) {
      dataBlobsRead++;
      bytesRead += length;
      seen?.add(id);
    } else {
      const damageError = asDamage(error);
      if (damageError.code === 'repo.damaged_blob') bytesRead += length;
      reportBlob(id, damageError, loc?.packId);
    }
    progress.add({ items: 1, bytes: length });
  };
  if (toRead.length > 0) {
    // The packs read from: their headers first (a blob in a damaged pack is reported, not read,
    // and never marked seen). In read-data mode the trees' packs too: the trees were read above.
    progress.phase('Checking the pack headers');
    const packed: PackedBlob[] = toRead.map((id) => ({ type: 'data', id }));
    const failedTrees = new Set(treeFailures.map((f) => f.tree));
    if (mode === 'read-data')
      for (const id of treesVisited.keys()) if (!failedTrees.has(id)) packed.push({ type: 'tree', id });
    let packDamage: Map<string, LifeboatError>;
    try {
      packDamage = await checkPackHeaders(repo, packed, concurrency, signal);
    } catch (e) {
      const error = asDamage(e);
      packDamage = new Map(packed.map((b) => [`${b.type}:${b.id}`, error]));
    }
    packHeaders = new Set(packed.map((b) => repo.locate(b.type, b.id)?.packId)).size;
    for (const [id, path] of treesVisited) {
      const error = packDamage.get(`tree:${id}`);
      if (error) treeFailures.push({ path, tree: id, error });
    }
    toRead = toRead.filter((id) => {
      const error = packDamage.get(`data:${id}`);
      if (error) record(id, error);
      return !error;
    });
  }
  if (toRead.length > 0) {
    progress.phase(
      mode === 'read-data' ? 'Reading all data' : `Reading a ${samplePercent}% sample of the data`,
    );
    // In pack order, so neighbouring blobs are read together (readBlobs: runs of a pack, a
    // bounded number of reads and bytes at once) rather than one ranged read per blob.
    const order = toRead.map((id) => ({ id, loc: repo.locate('data', id) }));
    order.sort(
      (a, b) =>
        compare(a.loc?.packId ?? '', b.loc?.packId ?? '') || (a.loc?.offset ?? 0) - (b.loc?.offset ?? 0),
    );
    let done = 0;
    try {
      const ids = order.map((o) => o.id);
      for await (const r of repo.readBlobs('data', ids, { ...sig, readsInFlight: concurrency })) {
        record(r.id, r.error);
        done++;
      }
    } catch (e) {
      // Not a blob's own damage (those are yielded): the rest could not be read.
      const error = asDamage(e);
      for (const o of order.slice(done)) record(o.id, error);
    }
    checkCancel();
  }

  // ---- 4. Trees that failed (or hold a file of the wrong size), and damaged index files when
  // they explain a missing blob. ----
  for (const f of [...treeFailures, ...sizeFailures]) {
    const details = f.error.details as { pack?: unknown } | undefined;
    if (f.error.code === 'repo.missing_blob' && details?.pack === undefined) missingFromIndex = true;
    const pack = repo.locate('tree', f.tree)?.packId;
    addDamage(damage, expand([f.path], aliases), 0, {
      blob: f.tree,
      ...(pack ? { pack } : {}),
      code: f.error.code,
      message: f.error.message,
    });
  }
  damage.sort((a, b) => compare(a.path, b.path) || compare(a.blob ?? '', b.blob ?? ''));
  if (missingFromIndex) {
    damage.unshift(...repo.problems.map((p) => ({ path: '', code: p.code, message: p.message })));
  }

  const finished = Date.now();
  return {
    snapshotId,
    mode,
    ...(samplePercent !== undefined ? { samplePercent } : {}),
    ok: damage.length === 0,
    checked: {
      trees: treesLoaded,
      dataBlobs,
      dataBlobsRead,
      bytesRead,
      packs: packsPresent.size,
      packHeaders,
      dataBlobsSkipped: skipped,
    },
    damage,
    startedAt,
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
  };
}

/** `k` distinct items chosen uniformly (a partial Fisher–Yates shuffle of a copy). */
function sample<T>(items: readonly T[], k: number, random: () => number): T[] {
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = Math.min(a.length - 1, i + Math.floor(random() * (a.length - i)));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.slice(0, k);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cryptoRandom(): number {
  return randomBytes(6).readUIntBE(0, 6) / 2 ** 48;
}
