// The patch formats: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and an approximation
// of strategic merge patch (lists of objects merged by a known key; directives mostly ignored).

import { clone, deepEqual, isRec, type Rec } from './json';
import { badRequest, unprocessable } from './status';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRec(patch)) return clone(patch);
  const out: Rec = isRec(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Merge keys by field name, as the built-in types' patchMergeKey tags have them. */
const MERGE_KEYS: Record<string, string | ((items: Rec[]) => string)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
  hostAliases: 'ip',
  ports: (items) => (items.some((i) => 'containerPort' in i) ? 'containerPort' : 'port'),
};

/** Lists of strings merged as sets (patchStrategy "merge" on primitive lists). */
const SET_LISTS = new Set(['finalizers']);

function isDirective(k: string): boolean {
  return k.startsWith('$');
}

/** Strategic merge patch, approximated (see README): no $retainKeys, no $setElementOrder. */
export function strategicMergePatch(target: unknown, patch: unknown, field = ''): unknown {
  if (!isRec(patch)) {
    if (Array.isArray(patch) && Array.isArray(target)) return mergeList(target, patch, field);
    return clone(patch);
  }
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  const out: Rec = isRec(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (isDirective(k)) {
      const del = /^\$deleteFromPrimitiveList\/(.+)$/.exec(k);
      if (del && Array.isArray(v) && Array.isArray(out[del[1]!])) {
        out[del[1]!] = (out[del[1]!] as unknown[]).filter((x) => !v.some((d) => deepEqual(d, x)));
      }
      continue;
    }
    if (v === null) delete out[k];
    else {
      const merged = strategicMergePatch(out[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

function mergeList(target: unknown[], patch: unknown[], field: string): unknown[] {
  if (SET_LISTS.has(field) && patch.every((x) => typeof x === 'string')) {
    return [...target, ...patch.filter((x) => !target.includes(x))];
  }
  const keySpec = MERGE_KEYS[field];
  const patchItems = patch.filter(isRec);
  if (!keySpec || patchItems.length !== patch.length) return clone(patch);
  const key = typeof keySpec === 'string' ? keySpec : keySpec([...target.filter(isRec), ...patchItems]);
  const out = [...target];
  for (const item of patchItems) {
    const idx = out.findIndex((t) => isRec(t) && deepEqual(t[key], item[key]));
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = strategicMergePatch(out[idx], item);
    } else {
      out.push(strategicMergePatch({}, item));
    }
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw jsonPatchFailure(`JSON pointer "${path}" must start with '/'`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applying a well-formed JSON patch failed: the apiserver answers 422 with the reason as a cause. */
function jsonPatchFailure(message: string) {
  return unprocessable(message);
}

/** Parent container and last key of a pointer (the parent must exist). */
function locate(doc: unknown, path: string): { parent: Rec | unknown[]; key: string } {
  const parts = pointer(path);
  if (parts.length === 0) throw jsonPatchFailure('the root of the document cannot be patched');
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isRec(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw jsonPatchFailure(`doc is missing path: "${path}": missing value`);
  }
  if (!Array.isArray(cur) && !isRec(cur))
    throw jsonPatchFailure(`doc is missing path: "${path}": missing value`);
  return { parent: cur, key: parts[parts.length - 1]! };
}

function getAt(doc: unknown, path: string): unknown {
  const { parent, key } = locate(doc, path);
  const v = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (v === undefined) throw jsonPatchFailure(`doc is missing path: "${path}": missing value`);
  return v;
}

function removeAt(doc: unknown, path: string): unknown {
  const { parent, key } = locate(doc, path);
  const v = getAt(doc, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return v;
}

function addAt(doc: unknown, path: string, value: unknown, replace: boolean): void {
  const { parent, key } = locate(doc, path);
  if (Array.isArray(parent)) {
    const idx = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(idx) || idx < 0 || idx > parent.length)
      throw jsonPatchFailure(`Unable to access invalid index: ${key}`);
    if (replace) parent[idx] = value;
    else parent.splice(idx, 0, value);
  } else {
    if (replace && !(key in parent))
      throw jsonPatchFailure(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[key] = value;
  }
}

/** Applies RFC 6902 operations; a failing operation is 422, a malformed patch 400 (as the apiserver answers). */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  const doc = clone(target);
  for (const raw of ops) {
    if (!isRec(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw badRequest(
        'the server rejected our request due to an error in our request: invalid JSON patch operation',
      );
    }
    const op = raw as unknown as JsonPatchOp;
    switch (op.op) {
      case 'add':
        addAt(doc, op.path, clone(op.value), false);
        break;
      case 'replace':
        addAt(doc, op.path, clone(op.value), true);
        break;
      case 'remove':
        removeAt(doc, op.path);
        break;
      case 'move':
        addAt(doc, op.path, removeAt(doc, op.from ?? ''), false);
        break;
      case 'copy':
        addAt(doc, op.path, clone(getAt(doc, op.from ?? '')), false);
        break;
      case 'test':
        if (!deepEqual(getAt(doc, op.path), op.value)) {
          throw jsonPatchFailure(`testing value ${op.path} failed: test failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
