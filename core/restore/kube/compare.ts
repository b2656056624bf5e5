// A point's object against the live one: both cleaned the same way (the backup's cleaning, then
// the restore actions that also apply to live objects), so server-set, allocated and
// controller-written fields never count as differences and never reach a patch.
import { cleanItem } from '../../providers/native/kube/clean/clean-item';
import { objectJson } from '../../providers/native/kube/object-json';
import { sha256Hex } from '../../repository/ids';
import { isRec, type KubeItem, type Rec } from '../../providers/native/kube/clean/item';
import { normalizeLive } from './actions/index';
import type { Desired } from './desired';
import { fieldDiff, mergePatch, renderPath, type Change } from './field-diff';
import { immutableChange, storageShrink } from './immutable-fields';

export type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'update'; changes: Change[]; patch: Rec; liveSha256: string }
  | { kind: 'skip'; reason: string };

/** The live object as the point would have stored it, minus what a restore never writes. */
export function liveView(d: Desired, live: KubeItem): KubeItem {
  return normalizeLive(cleanItem(live, d.entry.plural, d.entry.group).item, d.ctx, d.item);
}

/** The merge patch that brings `live` to the point (empty when nothing differs). */
export function patchFor(d: Desired, live: KubeItem): Rec {
  return mergePatch(liveView(d, live), d.item);
}

/**
 * The patch with the live object's resourceVersion as a precondition: the server refuses it
 * (409 Conflict) when the object changed after it was read, instead of mixing two writers' work.
 */
export function withPrecondition(patch: Rec, live: KubeItem): Rec {
  const metadata = isRec(patch.metadata) ? patch.metadata : {};
  return { ...patch, metadata: { ...metadata, resourceVersion: live.metadata.resourceVersion } };
}

export function compareWithLive(d: Desired, live: KubeItem, conflict: 'update' | 'skip'): Outcome {
  const view = liveView(d, live);
  const changes = fieldDiff(view, d.item);
  if (changes.length === 0) return { kind: 'unchanged' };
  const where = changes
    .slice(0, 3)
    .map((c) => renderPath(c.path))
    .join(', ');
  const more = changes.length > 3 ? ` and ${changes.length - 3} more` : '';
  if (!d.entry.namespaced)
    return {
      kind: 'skip',
      reason: `exists and differs (${where}${more}); a restore never changes cluster-scoped objects`,
    };
  if (conflict === 'skip') return { kind: 'skip', reason: 'exists and differs (conflict policy skip)' };
  const shrink = storageShrink(d.resource, changes);
  if (shrink) return { kind: 'skip', reason: shrink };
  const fixed = immutableChange(d.resource, live, changes);
  if (fixed) {
    return {
      kind: 'skip',
      reason: `exists and differs in ${fixed.path}, which cannot change on an existing ${d.ref.kind} (${fixed.why}); delete it to restore it`,
    };
  }
  return {
    kind: 'update',
    changes,
    patch: withPrecondition(mergePatch(view, d.item), live),
    liveSha256: sha256Hex(objectJson(view)),
  };
}
