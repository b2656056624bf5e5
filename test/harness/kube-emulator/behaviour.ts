// The per-kind behaviour contract (one file per kind under kinds/, Velero item-action style).

import type { KubeObject } from './json';
import type { ResourceType } from './resources';
import type { EmulatorState } from './state';
import type { FieldError } from './status';

export interface WriteContext {
  state: EmulatorState;
  type: ResourceType;
  dryRun: boolean;
}

/**
 * What the server does for one kind beyond the generic metadata handling. Hooks run in this
 * order on create: prepareCreate, admit, validate + validateCreate, status, (store), afterCreate.
 * On a main-resource update: prepareUpdate, validate + validateUpdate, status, (store), afterUpdate.
 * Hooks may mutate `obj`; validators return field errors (422); `admit` may throw an ApiError.
 */
export interface KindBehaviour {
  appliesTo(t: ResourceType): boolean;
  /** Defaulting, run on every write (create, update, patch) like the apiserver's decoder does. */
  defaults?(obj: KubeObject, ctx: WriteContext): void;
  /** Server defaults and server-set fields for a new object. */
  prepareCreate?(obj: KubeObject, ctx: WriteContext): void;
  /** Carry over or refuse server-owned fields from the stored object. */
  prepareUpdate?(obj: KubeObject, old: KubeObject, ctx: WriteContext): void;
  /** Admission checks that answer something other than 422 (403 Forbidden, ...). */
  admit?(obj: KubeObject, ctx: WriteContext): void;
  validate?(obj: KubeObject, ctx: WriteContext): FieldError[];
  validateCreate?(obj: KubeObject, ctx: WriteContext): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: WriteContext): FieldError[];
  /** The status a controller would soon report, set at once (the emulator runs no controllers). */
  status?(obj: KubeObject, ctx: WriteContext): void;
  afterCreate?(obj: KubeObject, ctx: WriteContext): void;
  afterUpdate?(obj: KubeObject, old: KubeObject, ctx: WriteContext): void;
  afterDelete?(obj: KubeObject, ctx: WriteContext): void;
}

/** `{ appliesTo }` for a list of `group/plural` names ('' group: `/configmaps`). */
export function forResources(...names: string[]): (t: ResourceType) => boolean {
  return (t) => names.includes(`${t.group}/${t.plural}`);
}
