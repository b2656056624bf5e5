// Label selectors (query strings and LabelSelector objects) and field selectors.

import { badRequest } from './status';
import { getPath, isRec, type KubeObject } from './json';

export type Op = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

export type Labels = Record<string, string>;

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

const SET_TERM = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ_TERM = /^([^\s=!<>(),]+)\s*(==|=|!=|>|<)\s*([^\s=!<>(),]*)$/;
const KEY_TERM = /^(!?)\s*([^\s=!<>(),]+)$/;

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`; throws 400 BadRequest on a malformed selector. */
export function parseLabelSelector(s: string): Requirement[] {
  return splitTerms(s).map((term) => {
    let m = SET_TERM.exec(term);
    if (m) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      return { key: m[1]!, op: m[2] as Op, values };
    }
    m = EQ_TERM.exec(term);
    if (m) {
      const op: Op = m[2] === '!=' ? '!=' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : '=';
      if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(m[3]!)) {
        throw badRequest(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
      return { key: m[1]!, op, values: [m[3]!] };
    }
    m = KEY_TERM.exec(term);
    if (m) return { key: m[2]!, op: m[1] ? '!' : 'exists', values: [] };
    throw badRequest(`unable to parse requirement: found '${term}', expected: label selector requirement`);
  });
}

export function matches(reqs: Requirement[], labels: Labels): boolean {
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case '=':
      case 'in':
        return has && r.values.includes(v!);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        return r.op === 'gt' ? Number(v) > Number(r.values[0]) : Number(v) < Number(r.values[0]);
      }
    }
  });
}

/** A metav1.LabelSelector object ({matchLabels, matchExpressions}) as requirements. */
export function selectorObjectRequirements(selector: unknown): Requirement[] {
  if (!isRec(selector)) return [];
  const reqs: Requirement[] = [];
  if (isRec(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels))
      reqs.push({ key: k, op: '=', values: [String(v)] });
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const e of selector.matchExpressions) {
      if (!isRec(e)) continue;
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const op: Op =
        e.operator === 'In'
          ? 'in'
          : e.operator === 'NotIn'
            ? 'notin'
            : e.operator === 'Exists'
              ? 'exists'
              : '!';
      reqs.push({ key: String(e.key), op, values });
    }
  }
  return reqs;
}

/** True when the LabelSelector object selects nothing-specific (no matchLabels, no matchExpressions). */
export function isEmptySelector(selector: unknown): boolean {
  return selectorObjectRequirements(selector).length === 0;
}

/** `app=web,tier=db`, the form Scale.status.selector uses. */
export function selectorString(selector: unknown): string {
  return selectorObjectRequirements(selector)
    .map((r) => {
      switch (r.op) {
        case '=':
          return `${r.key}=${r.values[0]}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        default:
          return `!${r.key}`;
      }
    })
    .join(',');
}

export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

/** Parses `metadata.name=x,status.phase!=Running`; only `supported` fields are accepted (400 otherwise). */
export function parseFieldSelector(s: string, supported: readonly string[]): FieldRequirement[] {
  return splitTerms(s).map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    const field = m[1]!.trim();
    if (!supported.includes(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, negate: m[2] === '!=', value: m[3]!.replace(/\\(.)/g, '$1') };
  });
}

/** Field labels whose value lives somewhere other than their dotted path. */
const FIELD_PATHS: Record<string, string> = { source: 'source.component' };

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => {
    const raw = getPath(obj, (FIELD_PATHS[r.field] ?? r.field).split('.'));
    const actual = raw === undefined || raw === null ? '' : String(raw);
    return (actual === r.value) !== r.negate;
  });
}
