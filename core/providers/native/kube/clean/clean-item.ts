// Cleans one object for storage: a private copy without the server-set fields, then every item
// action that applies to its resource, collecting additional items and notes.
import { resourceName } from '../skip-list';
import { itemActions } from './actions';
import type { ItemRef, KubeItem } from './item';
import { dropServerSetFields } from './server-fields';

export interface CleanedItem {
  item: KubeItem;
  additionalItems: ItemRef[];
  notes: string[];
}

export function cleanItem(item: KubeItem, plural: string, group: string): CleanedItem {
  let copy = structuredClone(item);
  dropServerSetFields(copy);
  const resource = resourceName(plural, group);
  const additionalItems: ItemRef[] = [];
  const notes: string[] = [];
  for (const action of itemActions) {
    if (!action.appliesTo.includes(resource)) continue;
    const r = action.execute(copy);
    copy = r.item;
    additionalItems.push(...(r.additionalItems ?? []));
    notes.push(...(r.notes ?? []));
  }
  return { item: copy, additionalItems, notes };
}
