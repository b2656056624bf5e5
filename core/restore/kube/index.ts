// The Kubernetes restore engine: objects of a restore point into a namespace, through the API
// (README.md). `objectsEngine` plans (an exact preview against the live namespace) and applies a
// preview; `safetyResources` names what the safety point must hold before apply.
import type { ObjectsPreview } from '../../api/contract';
import type { ObjectsEngine } from '../engine';
import { applyObjects } from './apply';
import { planObjects } from './plan';

export const objectsEngine: ObjectsEngine = {
  plan: planObjects,
  apply: applyObjects,
};

/**
 * The namespaced objects a restore overwrites or deletes (its update and delete items), as
 * `resources` for `backupKubeScope` — the safety point, each by its apiVersion too (a kind can
 * exist in two groups). Empty: nothing to keep (only creates).
 */
export function safetyResources(
  preview: ObjectsPreview,
): { kind: string; name: string; apiVersion: string }[] {
  return [...preview.update, ...preview.delete]
    .filter((c) => c.ref.namespace !== undefined)
    .map((c) => ({ kind: c.ref.kind, name: c.ref.name, apiVersion: c.ref.apiVersion }));
}

export { parseSelector, matchesSelector } from './selector';
export { restorePriorities } from './priority';
export { restoreActions } from './actions/index';
