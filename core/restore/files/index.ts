// The files restore engine: a restore point of a server path back onto a server over SSH, in
// place or alongside. `plan` previews exactly what would change (nothing written); `apply`
// writes exactly that, never partially (stage, verify the hash on the server, then rename);
// `safetyItems` names what the restore will overwrite or delete, for the safety point taken
// just before it.
//
// Hardlinks: names that share an inode in the point are written as one inode again when the
// restore writes both (a tar hardlink to the first one written); a name whose first occurrence
// is not written gets its own copy of the content. Fifos are created (through tar), sockets and
// devices are listed as skipped.
import { posix } from 'node:path';
import type { FilesPreview } from '../../api/contract';
import type { FilesEngine, FilesTarget } from '../engine';
import { applyFiles } from './apply';
import { changeBytes, compareRel, joinRel, normalAbsolute, relKey, relUnder, type Rel } from './paths';
import { planFiles } from './plan';

export const filesEngine: FilesEngine = {
  plan: planFiles,
  apply: applyFiles,
};

/**
 * The live paths a restore overwrites or deletes (every replace and delete item) and all their
 * ancestors up to the destination, relative to the destination's parent (so they start with
 * basename(destPath), as a backup of destPath names them; for "/" they are the top-level names),
 * parents first, names in byte order: the `items` of `backupServerPath` for the safety point.
 */
export function safetyItems(target: FilesTarget, preview: FilesPreview): Buffer[] {
  const D = normalAbsolute(target.destPath, 'The destination path');
  const top: Rel = D === '/' ? [] : [Buffer.from(posix.basename(D))];
  const all = new Map<string, Rel>();
  for (const change of [...preview.replace, ...preview.delete]) {
    const rel = relUnder(D, changeBytes(change));
    if (typeof rel === 'string') continue; // apply refuses such a preview before writing anything
    const full = [...top, ...rel];
    for (let k = 1; k <= full.length; k++) all.set(relKey(full.slice(0, k)), full.slice(0, k));
  }
  return [...all.values()].sort(compareRel).map(joinRel);
}
