// Label selectors over the point's stored objects, with the grammar and meaning of Kubernetes'
// own (`kubectl -l`): `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, a comma
// between requirements meaning AND. A `!=` or `notin` also matches objects without the label, as
// on a real server. Bad syntax is `restore.bad_selector`, naming the column and what was expected.
import { LifeboatError } from '../../api/errors';

export type Requirement =
  { key: string; op: 'exists' | 'absent' } | { key: string; op: 'in' | 'notin'; values: string[] };

// A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters.
const nameRe = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const prefixRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const keyChars = /[A-Za-z0-9._/-]/;
const valueChars = /[A-Za-z0-9._-]/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(n = 1): string {
    return this.text.slice(this.pos, this.pos + n);
  }
  skipSpace(): void {
    while (!this.done && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  take(chars: RegExp): string {
    const start = this.pos;
    while (!this.done && chars.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }
  fail(expected: string, at = this.pos): never {
    const found = at >= this.text.length ? 'the end' : `"${this.text.slice(at, at + 12)}"`;
    throw new LifeboatError(
      'restore.bad_selector',
      `Label selector "${this.text}": expected ${expected} at column ${at + 1}, found ${found}.`,
      { selector: this.text, column: at + 1 },
    );
  }
}

function checkKey(c: Cursor, key: string, at: number): string {
  if (!key) c.fail('a label key', at);
  const parts = key.split('/');
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  const prefix = parts.length === 2 ? parts[0]! : undefined;
  const bad =
    parts.length > 2 ||
    name.length > 63 ||
    !nameRe.test(name) ||
    (prefix !== undefined && (prefix.length > 253 || !prefixRe.test(prefix)));
  if (bad)
    c.fail(`a valid label key ([prefix/]name, name ≤ 63 of A-Z a-z 0-9 - _ .) instead of "${key}"`, at);
  return key;
}

function readValue(c: Cursor): string {
  c.skipSpace();
  const at = c.pos;
  const v = c.take(valueChars);
  if (v.length > 63 || (v !== '' && !nameRe.test(v)))
    c.fail(`a valid label value (≤ 63 of A-Z a-z 0-9 - _ .) instead of "${v}"`, at);
  return v;
}

function readSet(c: Cursor): string[] {
  c.skipSpace();
  if (c.peek() !== '(') c.fail('"(" to open the set of values');
  c.pos++;
  const values: string[] = [];
  for (;;) {
    c.skipSpace();
    const at = c.pos;
    const v = readValue(c);
    if (v === '') c.fail('a value in the set', at);
    values.push(v);
    c.skipSpace();
    if (c.peek() === ',') {
      c.pos++;
      continue;
    }
    if (c.peek() === ')') {
      c.pos++;
      return values;
    }
    c.fail('"," or ")" in the set of values');
  }
}

function readRequirement(c: Cursor): Requirement {
  c.skipSpace();
  if (c.peek() === '!') {
    c.pos++;
    c.skipSpace();
    const at = c.pos;
    return { key: checkKey(c, c.take(keyChars), at), op: 'absent' };
  }
  const at = c.pos;
  const key = checkKey(c, c.take(keyChars), at);
  c.skipSpace();
  if (c.done || c.peek() === ',') return { key, op: 'exists' };
  if (c.peek(2) === '==' || c.peek(2) === '!=') {
    const op = c.peek(2) === '==' ? 'in' : 'notin';
    c.pos += 2;
    return { key, op, values: [readValue(c)] };
  }
  if (c.peek() === '=') {
    c.pos++;
    return { key, op: 'in', values: [readValue(c)] };
  }
  const word = /^(notin|in)(?=[\s(])/.exec(c.text.slice(c.pos));
  if (word) {
    c.pos += word[1]!.length;
    return { key, op: word[1] as 'in' | 'notin', values: readSet(c) };
  }
  return c.fail(`an operator (=, ==, !=, in, notin), "," or the end after "${key}"`);
}

/** Parses a selector; `restore.bad_selector` (with the column) when it does not parse. */
export function parseSelector(text: string): Requirement[] {
  const c = new Cursor(text);
  c.skipSpace();
  if (c.done) c.fail('at least one requirement');
  const out: Requirement[] = [];
  for (;;) {
    out.push(readRequirement(c));
    c.skipSpace();
    if (c.done) return out;
    if (c.peek() !== ',') c.fail('"," between requirements, or the end');
    c.pos++;
    c.skipSpace();
    if (c.done) c.fail('a requirement after ","');
  }
}

/** Whether labels satisfy every requirement (AND). */
export function matchesSelector(
  reqs: readonly Requirement[],
  labels: Readonly<Record<string, unknown>> = {},
): boolean {
  return reqs.every((r) => {
    const v = labels[r.key];
    const has = typeof v === 'string';
    switch (r.op) {
      case 'exists':
        return has;
      case 'absent':
        return !has;
      case 'in':
        return has && r.values.includes(v);
      case 'notin':
        return !has || !r.values.includes(v);
    }
  });
}
