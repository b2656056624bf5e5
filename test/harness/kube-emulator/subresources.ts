// The `status` and `scale` subresources.

import type { WriteOptions } from './create';
import { clone, getPath, isRec, type KubeObject, type Rec } from './json';
import { acceptedPatchTypes, applyPatch, parsePatchBody } from './patch';
import { readObject } from './read';
import type { ResourceType } from './resources';
import { selectorString } from './selectors';
import type { EmulatorState } from './state';
import {
  badRequest,
  conflict,
  invalid,
  methodNotAllowed,
  STALE_OBJECT,
  unsupportedMediaType,
} from './status';
import { commitUpdate } from './update';

const SCALE = { group: 'autoscaling', kind: 'Scale' };

function toScale(obj: KubeObject): KubeObject {
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: getPath(obj, ['spec', 'replicas']) ?? 1 },
    status: {
      replicas: getPath(obj, ['status', 'replicas']) ?? 0,
      selector: selectorString(getPath(obj, ['spec', 'selector'])),
    },
  };
}

export function readScale(
  state: EmulatorState,
  type: ResourceType,
  ns: string | undefined,
  name: string,
): KubeObject {
  return toScale(readObject(state, type, ns, name));
}

function writeScale(
  state: EmulatorState,
  type: ResourceType,
  old: KubeObject,
  scale: unknown,
  opts: WriteOptions,
): KubeObject {
  const name = old.metadata.name ?? '';
  if (!isRec(scale)) throw badRequest('the body is not a Scale object');
  if (scale.kind !== undefined && scale.kind !== 'Scale') {
    throw badRequest(
      `the object provided is unrecognized (must be of type Scale): kind ${String(scale.kind)}`,
    );
  }
  const meta = isRec(scale.metadata) ? scale.metadata : {};
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(
      `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
    );
  }
  if (
    typeof meta.resourceVersion === 'string' &&
    meta.resourceVersion &&
    meta.resourceVersion !== old.metadata.resourceVersion
  ) {
    throw conflict(type, name, STALE_OBJECT);
  }
  const replicas = getPath(scale, ['spec', 'replicas']) ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid(SCALE, name, [
      {
        type: 'Invalid',
        field: 'spec.replicas',
        value: replicas,
        detail: 'must be greater than or equal to 0',
      },
    ]);
  }
  const next = clone(old);
  (next.spec as Rec).replicas = replicas;
  const updated = commitUpdate(state, type, old, next, {
    ...opts,
    subresource: 'scale',
    requireResourceVersion: false,
  });
  return toScale(updated);
}

export function replaceScale(
  state: EmulatorState,
  type: ResourceType,
  ns: string | undefined,
  name: string,
  body: unknown,
  opts: WriteOptions,
): KubeObject {
  return writeScale(state, type, readObject(state, type, ns, name), body, opts);
}

export function patchScale(
  state: EmulatorState,
  type: ResourceType,
  ns: string | undefined,
  name: string,
  rawBody: string,
  contentType: string,
  opts: WriteOptions,
): KubeObject {
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const accepted = acceptedPatchTypes(type);
  if (!accepted.includes(media)) throw unsupportedMediaType(accepted);
  if (media === 'application/apply-patch+yaml')
    throw methodNotAllowed('apply is not supported on the scale subresource by this emulator');
  const old = readObject(state, type, ns, name);
  const patched = applyPatch(toScale(old), parsePatchBody(rawBody, media), media);
  return writeScale(state, type, old, patched, opts);
}
