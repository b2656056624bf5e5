// Generic validation: names, labels, annotations, owner references (apimachinery's ObjectMeta rules),
// and the helpers kinds use for required and immutable fields.

import { deepEqual, isRec, type KubeObject } from './json';
import type { NameRule } from './resources';
import type { FieldError } from './status';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export const MAX_ANNOTATIONS_SIZE = 256 * 1024;

/** Problems with `value` as a name under `rule`, as detail strings (empty: valid). */
export function nameProblems(value: string, rule: NameRule): string[] {
  switch (rule) {
    case 'subdomain':
      return [
        ...(value.length > 253 ? ['must be no more than 253 characters'] : []),
        ...(SUBDOMAIN.test(value) ? [] : [SUBDOMAIN_MSG]),
      ];
    case 'label':
      return [
        ...(value.length > 63 ? ['must be no more than 63 characters'] : []),
        ...(LABEL.test(value) ? [] : [LABEL_MSG]),
      ];
    case 'dns1035':
      return [
        ...(value.length > 63 ? ['must be no more than 63 characters'] : []),
        ...(DNS1035.test(value) ? [] : [DNS1035_MSG]),
      ];
    case 'path':
      if (value === '.' || value === '..') return [`may not be '${value}'`];
      return [
        ...(value.includes('/') ? ["may not contain '/'"] : []),
        ...(value.includes('%') ? ["may not contain '%'"] : []),
      ];
  }
}

export function isSubdomain(value: string): boolean {
  return nameProblems(value, 'subdomain').length === 0;
}

export function isDnsLabel(value: string): boolean {
  return nameProblems(value, 'label').length === 0;
}

/** apimachinery IsQualifiedName: `[prefix/]name`. */
export function qualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  const problems: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else problems.push(...nameProblems(prefix, 'subdomain').map((m) => `prefix part ${m}`));
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else if (name.length > 63) problems.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME_PART.test(name)) problems.push(NAME_PART_MSG);
  return problems;
}

export function validateLabels(labels: Record<string, string>, field: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const detail of qualifiedNameProblems(k)) errors.push({ type: 'Invalid', field, value: k, detail });
    if (v.length > 63)
      errors.push({ type: 'Invalid', field, value: v, detail: 'must be no more than 63 characters' });
    if (!LABEL_VALUE.test(v)) errors.push({ type: 'Invalid', field, value: v, detail: LABEL_VALUE_MSG });
  }
  return errors;
}

/** ObjectMeta rules shared by every kind (create and update). */
export function validateObjectMeta(obj: KubeObject, rule: NameRule): FieldError[] {
  const m = obj.metadata;
  const errors: FieldError[] = [];
  const name = m.name ?? '';
  if (!name) {
    errors.push({ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    for (const detail of nameProblems(name, rule))
      errors.push({ type: 'Invalid', field: 'metadata.name', value: name, detail });
  }
  errors.push(...validateLabels(m.labels ?? {}, 'metadata.labels'));
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    for (const detail of qualifiedNameProblems(k)) {
      errors.push({ type: 'Invalid', field: 'metadata.annotations', value: k, detail });
    }
    annotationBytes += k.length + Buffer.byteLength(v);
  }
  if (annotationBytes > MAX_ANNOTATIONS_SIZE) {
    errors.push({
      type: 'TooLong',
      field: 'metadata.annotations',
      detail: `must have at most ${MAX_ANNOTATIONS_SIZE} bytes`,
    });
  }
  (m.finalizers ?? []).forEach((f, i) => {
    for (const detail of qualifiedNameProblems(String(f))) {
      errors.push({ type: 'Invalid', field: `metadata.finalizers[${i}]`, value: f, detail });
    }
  });
  let controllers = 0;
  (m.ownerReferences ?? []).forEach((ref) => {
    for (const key of ['apiVersion', 'kind', 'name', 'uid'] as const) {
      if (!ref[key]) {
        errors.push({
          type: 'Invalid',
          field: `metadata.ownerReferences.${key}`,
          value: '',
          detail: `${key} must not be empty`,
        });
      }
    }
    if (ref.controller) controllers += 1;
  });
  if (controllers > 1) {
    errors.push({
      type: 'Invalid',
      field: 'metadata.ownerReferences',
      value: m.ownerReferences,
      detail: 'Only one reference can have Controller set to true',
    });
  }
  return errors;
}

/** apimachinery ValidateImmutableField: `field: Invalid value: <new>: field is immutable`. */
export function immutable(
  field: string,
  next: unknown,
  old: unknown,
  detail = 'field is immutable',
): FieldError[] {
  return deepEqual(next, old) ? [] : [{ type: 'Invalid', field, value: next, detail }];
}

export function required(field: string, value: unknown, detail?: string): FieldError[] {
  const missing =
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (!missing) return [];
  return [detail ? { type: 'Required', field, detail } : { type: 'Required', field }];
}

/** Label selector (matchLabels/matchExpressions) as a plain label map when it only has matchLabels. */
export function selectorLabels(selector: unknown): Record<string, string> | undefined {
  if (!isRec(selector) || !isRec(selector.matchLabels)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(selector.matchLabels)) if (typeof v === 'string') out[k] = v;
  return out;
}
