// Secrets and ConfigMaps: stringData folded into base64 data, key and size rules, `immutable: true`,
// and the per-type requirements of Secrets.

import { randomBytes } from 'node:crypto';
import { forResources, type KindBehaviour } from '../behaviour';
import { deepEqual, isRec, type KubeObject } from '../json';
import { badRequest, type FieldError } from '../status';
import { immutable } from '../validation';

const MAX_SIZE = 1024 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const IMMUTABLE_MSG = 'field is immutable when `immutable` is set';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function entries(v: unknown): Array<[string, unknown]> {
  return isRec(v) ? Object.entries(v) : [];
}

function validateKeys(field: string, map: unknown): FieldError[] {
  const errors: FieldError[] = [];
  for (const [k] of entries(map)) {
    if (!CONFIG_KEY.test(k) || k === '.' || k === '..')
      errors.push({ type: 'Invalid', field: `${field}[${k}]`, value: k, detail: CONFIG_KEY_MSG });
    else if (k.length > 253)
      errors.push({
        type: 'Invalid',
        field: `${field}[${k}]`,
        value: k,
        detail: 'must be no more than 253 characters',
      });
  }
  return errors;
}

/** The base64 values must decode, as Go's []byte JSON decoding insists (400 otherwise). */
function checkBase64(kind: string, field: string, map: unknown): void {
  for (const [k, v] of entries(map)) {
    if (typeof v !== 'string')
      throw badRequest(
        `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${typeof v} into Go struct field ${kind}.${field} of type []uint8`,
      );
    if (!BASE64.test(v)) {
      throw badRequest(
        `${kind} in version "v1" cannot be handled as a ${kind}: illegal base64 data at input byte ${firstBadByte(v)} (key ${k})`,
      );
    }
  }
}

function firstBadByte(v: string): number {
  const i = [...v].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
  return i === -1 ? v.length : i;
}

function immutableRules(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errors: FieldError[] = [];
  if (obj.immutable !== true) errors.push({ type: 'Forbidden', field: 'immutable', detail: IMMUTABLE_MSG });
  for (const f of fields) {
    if (!deepEqual(obj[f] ?? {}, old[f] ?? {}))
      errors.push({ type: 'Forbidden', field: f, detail: IMMUTABLE_MSG });
  }
  return errors;
}

function size(map: unknown, decode: boolean): number {
  return entries(map).reduce(
    (n, [, v]) =>
      n + (typeof v === 'string' ? (decode ? Buffer.from(v, 'base64').length : Buffer.byteLength(v)) : 0),
    0,
  );
}

const TYPE_REQUIREMENTS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

export const secretBehaviour: KindBehaviour = {
  appliesTo: forResources('/secrets'),
  defaults(obj) {
    checkBase64('Secret', 'data', obj.data);
    if (isRec(obj.stringData)) {
      const data: Record<string, unknown> = isRec(obj.data) ? { ...obj.data } : {};
      for (const [k, v] of Object.entries(obj.stringData))
        data[k] = Buffer.from(String(v)).toString('base64');
      obj.data = data;
      delete obj.stringData;
    }
    if (!obj.type) obj.type = 'Opaque';
  },
  prepareCreate(obj) {
    // The token controller fills in service-account token Secrets.
    if (obj.type === 'kubernetes.io/service-account-token') {
      const data: Record<string, unknown> = isRec(obj.data) ? { ...obj.data } : {};
      data.token ??= randomBytes(48).toString('base64');
      data['ca.crt'] ??= Buffer.from(
        '-----BEGIN CERTIFICATE-----\nlifeboat-emulator\n-----END CERTIFICATE-----\n',
      ).toString('base64');
      data.namespace ??= Buffer.from(obj.metadata.namespace ?? '').toString('base64');
      obj.data = data;
    }
  },
  validate(obj) {
    const errors = validateKeys('data', obj.data);
    if (size(obj.data, true) > MAX_SIZE)
      errors.push({ type: 'TooLong', field: 'data', detail: `must have at most ${MAX_SIZE} bytes` });
    const type = String(obj.type);
    if (
      type === 'kubernetes.io/service-account-token' &&
      !obj.metadata.annotations?.['kubernetes.io/service-account.name']
    ) {
      errors.push({ type: 'Required', field: 'metadata.annotations[kubernetes.io/service-account.name]' });
    }
    for (const key of TYPE_REQUIREMENTS[type] ?? []) {
      if (!isRec(obj.data) || obj.data[key] === undefined)
        errors.push({ type: 'Required', field: `data[${key}]` });
    }
    return errors;
  },
  validateUpdate(obj, old) {
    return [...immutable('type', obj.type, old.type), ...immutableRules(obj, old, ['data'])];
  },
};

export const configMapBehaviour: KindBehaviour = {
  appliesTo: forResources('/configmaps'),
  defaults(obj) {
    checkBase64('ConfigMap', 'binaryData', obj.binaryData);
    for (const [k, v] of entries(obj.data)) {
      if (typeof v !== 'string')
        throw badRequest(
          `json: cannot unmarshal ${typeof v} into Go struct field ConfigMap.data of type string (key ${k})`,
        );
    }
  },
  validate(obj) {
    const errors = [...validateKeys('data', obj.data), ...validateKeys('binaryData', obj.binaryData)];
    for (const [k] of entries(obj.binaryData)) {
      if (isRec(obj.data) && k in obj.data)
        errors.push({
          type: 'Invalid',
          field: `data[${k}]`,
          value: k,
          detail: 'duplicate of key present in binaryData',
        });
    }
    if (size(obj.data, false) + size(obj.binaryData, true) > MAX_SIZE) {
      errors.push({ type: 'TooLong', field: '', detail: `must have at most ${MAX_SIZE} bytes` });
    }
    return errors;
  },
  validateUpdate(obj, old) {
    return immutableRules(obj, old, ['data', 'binaryData']);
  },
};
