// PATCH: pick the patch format from Content-Type, apply it to the stored object, then update.

import { parse as parseYaml } from 'yaml';
import { createObject, type WriteOptions } from './create';
import { applyRequestNamespace, decodeObject } from './decode';
import type { KubeObject } from './json';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch-formats';
import { readObject } from './read';
import type { ResourceType } from './resources';
import type { EmulatorState } from './state';
import { ApiError, badRequest, unsupportedMediaType } from './status';
import { commitUpdate } from './update';

export const PatchType = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** Parses a patch body per its media type (YAML for apply); 400 when it does not parse. */
export function parsePatchBody(raw: string, media: string): unknown {
  try {
    return media === PatchType.apply ? (parseYaml(raw) as unknown) : (JSON.parse(raw) as unknown);
  } catch (e) {
    throw badRequest(`error decoding patch: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The patched document: `patch` applied to `current` with the format `media` names. */
export function applyPatch(current: unknown, patch: unknown, media: string): unknown {
  switch (media) {
    case PatchType.json:
      return jsonPatch(current, patch);
    case PatchType.strategic:
      return strategicMergePatch(current, patch);
    default:
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        throw badRequest(
          `json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`,
        );
      }
      return mergePatch(current, patch);
  }
}

/** Media types a resource accepts for PATCH: no strategic merge patch for custom resources. */
export function acceptedPatchTypes(type: ResourceType): string[] {
  return type.crd
    ? [PatchType.json, PatchType.merge, PatchType.apply]
    : [PatchType.json, PatchType.merge, PatchType.strategic, PatchType.apply];
}

export interface PatchOptions extends WriteOptions {
  subresource?: 'status';
  fieldManager?: string;
}

export function patchObject(
  state: EmulatorState,
  type: ResourceType,
  urlNamespace: string | undefined,
  name: string,
  rawBody: string,
  contentType: string,
  opts: PatchOptions,
): { code: number; body: KubeObject } {
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const accepted = acceptedPatchTypes(type);
  if (!accepted.includes(media)) throw unsupportedMediaType(accepted);
  const patch = parsePatchBody(rawBody, media);
  const isApply = media === PatchType.apply;
  if (isApply && !opts.fieldManager)
    throw badRequest('PATCH requests with an apply patch must specify a fieldManager');
  const origin = isApply ? { ...opts.origin, operation: 'Apply' as const } : opts.origin;

  let old: KubeObject;
  try {
    old = readObject(state, type, urlNamespace, name);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 404 || !isApply || opts.subresource) throw e;
    // Server-side apply creates what does not exist yet.
    const created = createObject(state, type, urlNamespace, patch, { ...opts, origin });
    return { code: 201, body: created };
  }
  const patched = applyPatch(old, patch, media);
  const next = decodeObject(patched, type);
  applyRequestNamespace(next, type, urlNamespace);
  if (next.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`,
    );
  }
  const body = commitUpdate(state, type, old, next, {
    ...opts,
    origin,
    requireResourceVersion: false,
  });
  return { code: 200, body };
}
