// Non-controller owner references name their owners by uid; a restored owner gets a new uid, so
// the old references would point at nothing (and the garbage collector deletes an object whose
// owners are all gone). They are dropped, on both sides of the comparison: a restore neither
// writes nor removes owner references of a live object.
import type { RestoreAction } from './types';

export const ownerReferencesAction: RestoreAction = {
  name: 'owner-references',
  appliesTo: '*',
  alsoLive: true,
  execute(item) {
    const refs = item.metadata.ownerReferences;
    if (refs === undefined) return { item };
    delete item.metadata.ownerReferences;
    return { item };
  },
};
