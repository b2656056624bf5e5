// What zod cannot see in a runbook: step ids and `after` (unknown ids, cycles), parameters
// (declared before use), scopes (parseScope), subsets that fit their scope, URLs, regexes and
// names. Fields that still hold `{{parameters}}` are checked once the template is instantiated
// (instantiate.ts runs these checks again on the filled-in document).
import { EntryName } from '../api/schemas/common';
import type { ScopeView } from '../api/contract';
import { parseScope } from '../estate/scope';
import {
  checkTypes,
  hasParameters,
  parameterRef,
  workloadKinds,
  type AppliesTo,
  type CheckDoc,
  type StepDoc,
} from './model';

export type Path = (string | number)[];

export interface Issue {
  path: Path;
  message: string;
  /** The message names the step itself; don't prefix it with `step "id":`. */
  plain?: boolean;
}

export interface StepEntry {
  index: number;
  doc: StepDoc;
}

/** What every step offers as written, parsed or not: its id and its `after`, when well-formed. */
export interface RawStep {
  index: number;
  raw: unknown;
  id?: string;
  after?: string[];
}

export interface ValidateContext {
  /** Declared parameter names; undefined when `parameters` itself is invalid (refs not checked). */
  parameters: Set<string> | undefined;
  appliesTo?: AppliesTo;
  /** Checking a filled-in template: a verify step may have lost all its checks. */
  instance?: boolean;
  /** "line 8" for a path, to point at another place in messages. */
  where(path: Path): string;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const resourceRef = /^[A-Za-z][A-Za-z0-9]{0,62}\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function rawStep(raw: unknown, index: number): RawStep {
  const r = raw && typeof raw === 'object' ? (raw as { id?: unknown; after?: unknown }) : {};
  const after =
    Array.isArray(r.after) && r.after.every((a) => typeof a === 'string') ? (r.after as string[]) : undefined;
  return { index, raw, ...(typeof r.id === 'string' ? { id: r.id } : {}), ...(after ? { after } : {}) };
}

/**
 * Runs every check: ids, `after` and parameter references on all steps as written (so a step
 * with a typo elsewhere is still checked), field checks on the steps (and checks) that parsed.
 */
export function validateSteps(
  steps: RawStep[],
  entries: StepEntry[],
  checks: { path: Path; doc: CheckDoc }[],
  ctx: ValidateContext,
): Issue[] {
  const issues: Issue[] = [];
  const firstAt = new Map<string, number>();
  for (const { id, index } of steps) {
    if (id === undefined) continue;
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, index);
    else
      issues.push({
        path: ['steps', index, 'id'],
        message: `duplicate step id "${id}": step ${first + 1} (${ctx.where(['steps', first, 'id'])}) has it too`,
        plain: true,
      });
  }
  for (const step of steps) {
    step.after?.forEach((dep, k) => {
      if (!firstAt.has(dep))
        issues.push({
          path: ['steps', step.index, 'after', k],
          message: `after: no step has the id "${dep}"`,
        });
    });
    issues.push(...parameterRefs(step.raw, ['steps', step.index], ctx));
  }
  for (const { index, doc } of entries) issues.push(...stepFields(doc, index, ctx));
  for (const c of checks)
    issues.push(...checkFields(c.doc, c.path).filter((i): i is Issue => i !== undefined));
  const cycle = findCycle(steps);
  if (cycle) issues.push(cycle);
  return issues;
}

/** The ids a step waits for: its `after`, or the previous step. */
export function effectiveAfter(steps: readonly RawStep[], index: number): string[] {
  const step = steps[index];
  if (step?.after) return step.after;
  const previous = index > 0 ? steps[index - 1]?.id : undefined;
  return previous === undefined ? [] : [previous];
}

function findCycle(steps: RawStep[]): Issue | undefined {
  const byId = new Map<string, RawStep>();
  for (const s of steps) if (s.id !== undefined && !byId.has(s.id)) byId.set(s.id, s);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    const step = byId.get(id);
    if (!step) return undefined;
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of effectiveAfter(steps, step.index)) {
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const s of byId.values()) {
    const cycle = visit(s.id ?? '');
    if (!cycle) continue;
    // Report it at the cycle's first step in file order, where a reader starts.
    const first = steps.find((x) => x.id !== undefined && cycle.includes(x.id)) ?? s;
    return {
      path: ['steps', first.index, first.after ? 'after' : 'id'],
      message: `steps wait for each other in a cycle: ${cycle.join(' → ')} (each waits for the next; a step without "after" waits for the previous one)`,
      plain: true,
    };
  }
  return undefined;
}

/** Every string of a step, with its path, for parameter references. */
function* strings(value: unknown, path: Path): Generator<[string, Path]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...path, i]);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}

function parameterRefs(raw: unknown, base: Path, ctx: ValidateContext): Issue[] {
  const declared = ctx.parameters;
  if (!declared) return [];
  const issues: Issue[] = [];
  for (const [text, path] of strings(raw, base)) {
    for (const m of text.matchAll(parameterRef)) {
      const name = m[1] ?? '';
      if (!declared.has(name)) {
        const list = declared.size ? `declared: ${[...declared].join(', ')}` : 'the runbook declares none';
        issues.push({ path, message: `${field(path)}: unknown parameter "{{${name}}}" (${list})` });
      }
    }
  }
  return issues;
}

/** The field part of a step path: paths[0], checks[1].http.url. */
export function field(path: Path): string {
  return path
    .slice(2)
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

function scopeIssue(text: string, path: Path, label: string): { scope?: ScopeView; issue?: Issue } {
  if (hasParameters(text)) return {};
  try {
    return { scope: parseScope(text) };
  } catch (e) {
    // parseScope's message ends with the three forms; RUNBOOK-FORMAT.md shows them.
    const why = (e as Error).message.replace(/\s*Use server:.*$/s, '');
    return { issue: { path, message: `${label}: ${why}` } };
  }
}

function regexIssue(text: string | undefined, path: Path): Issue | undefined {
  if (text === undefined || hasParameters(text)) return undefined;
  try {
    new RegExp(text);
    return undefined;
  } catch (e) {
    return { path, message: `${field(path)}: not a valid regular expression: ${(e as Error).message}` };
  }
}

function nameIssue(text: string, path: Path, test: (s: string) => boolean, what: string): Issue | undefined {
  if (hasParameters(text) || test(text)) return undefined;
  return { path, message: `${field(path)}: "${text}" is not a valid ${what}` };
}

const entryName = (s: string) => EntryName.safeParse(s).success;

/** A subset path must be absolute (or a glob) and lie inside the scope's path. */
function pathIssue(text: string, scopePath: string | undefined, path: Path): Issue | undefined {
  if (hasParameters(text)) return undefined;
  const parts = text.split('/').filter(Boolean);
  if (!text.startsWith('/'))
    return { path, message: `${field(path)}: "${text}" is not an absolute path (start it with /)` };
  if (parts.some((p) => p === '.' || p === '..'))
    return { path, message: `${field(path)}: "${text}" holds "." or ".."; write the path plainly` };
  const scope = scopePath?.split('/').filter(Boolean);
  if (scope && (parts.length < scope.length || scope.some((s, i) => s !== parts[i])))
    return { path, message: `${field(path)}: "${text}" is outside the scope's path ${scopePath}` };
  return undefined;
}

function stepFields(doc: StepDoc, index: number, ctx: ValidateContext): Issue[] {
  const at = (...rest: Path): Path => ['steps', index, ...rest];
  const out: (Issue | undefined)[] = [];
  if (doc.kind === 'command') out.push(nameIssue(doc.server, at('server'), entryName, 'server name'));
  if (doc.kind === 'verify') {
    if (doc.checks.length === 0 && !ctx.instance)
      out.push({ path: at('checks'), message: 'checks: a verify step needs at least one check' });
    doc.checks.forEach((c, j) => out.push(...checkFields(c, at('checks', j))));
  }
  if (doc.kind === 'restore') out.push(...restoreFields(doc, at, ctx));
  return out.filter((i): i is Issue => i !== undefined);
}

function restoreFields(
  doc: Extract<StepDoc, { kind: 'restore' }>,
  at: (...rest: Path) => Path,
  ctx: ValidateContext,
): (Issue | undefined)[] {
  const out: (Issue | undefined)[] = [];
  if (doc.scope === undefined && !ctx.parameters?.has('scope')) {
    out.push({
      path: at(),
      message: 'a restore step needs a scope (or the runbook declares a "scope" parameter to fill it)',
    });
  }
  const scopeText = doc.scope ?? '{{scope}}';
  const parsed = scopeIssue(scopeText, at('scope'), 'scope');
  out.push(parsed.issue);
  // The scope's kind: parsed, or — for a template's {{scope}} — what the template applies to.
  const kind = parsed.scope?.kind ?? (/^\{\{\s*scope\s*\}\}$/.test(scopeText) ? ctx.appliesTo : undefined);
  const family = kind === undefined ? undefined : kind === 'server-path' ? 'server' : 'cluster';
  if (doc.to !== undefined) {
    const to = scopeIssue(doc.to, at('to'), 'to');
    out.push(to.issue);
    const toFamily = to.scope && (to.scope.kind === 'server-path' ? 'server' : 'cluster');
    if (family && toFamily && family !== toFamily)
      out.push({
        path: at('to'),
        message: `to: a ${family} scope restores to a ${family} scope, not ${doc.to}`,
      });
  }
  if (family === 'cluster' && doc.paths)
    out.push({
      path: at('paths'),
      message: 'paths are for server scopes; a cluster scope takes resources or selector',
    });
  if (family === 'server' && (doc.resources || doc.selector))
    out.push({
      path: at(doc.resources ? 'resources' : 'selector'),
      message: `${doc.resources ? 'resources' : 'selector'}: for cluster scopes; a server scope takes paths`,
    });
  const scopePath = parsed.scope?.kind === 'server-path' ? parsed.scope.path : undefined;
  doc.paths?.forEach((p, k) => out.push(pathIssue(p, scopePath, at('paths', k))));
  doc.resources?.forEach((r, k) =>
    out.push(
      nameIssue(
        r,
        at('resources', k),
        (s) => resourceRef.test(s),
        'resource (KIND/NAME, e.g. Deployment/web)',
      ),
    ),
  );
  return out;
}

export function checkFields(check: CheckDoc, base: Path): (Issue | undefined)[] {
  const present = checkTypes.filter((t) => check[t] !== undefined);
  if (present.length !== 1)
    return [
      {
        path: base,
        message: present.length
          ? `a check has one type; this one has ${present.join(' and ')} (write them as separate checks)`
          : `a check needs a type: ${checkTypes.join(', ')}`,
      },
    ];
  const out: (Issue | undefined)[] = [];
  const { http, ssh, rollout, fileHash } = check;
  if (http) {
    const path = [...base, 'http', 'url'];
    if (!hasParameters(http.url)) {
      let protocol: string | undefined;
      try {
        protocol = new URL(http.url).protocol;
      } catch {
        protocol = undefined;
      }
      if (protocol !== 'http:' && protocol !== 'https:')
        out.push({ path, message: `${field(path)}: "${http.url}" is not an http:// or https:// URL` });
    }
    out.push(regexIssue(http.bodyRegex, [...base, 'http', 'bodyRegex']));
  }
  if (ssh) {
    out.push(nameIssue(ssh.server, [...base, 'ssh', 'server'], entryName, 'server name'));
    out.push(regexIssue(ssh.outputRegex, [...base, 'ssh', 'outputRegex']));
  }
  if (rollout) {
    const p = [...base, 'rollout'];
    out.push(nameIssue(rollout.cluster, [...p, 'cluster'], entryName, 'cluster name'));
    out.push(nameIssue(rollout.namespace, [...p, 'namespace'], (s) => dnsLabel.test(s), 'namespace name'));
    const kinds: readonly string[] = workloadKinds;
    out.push(
      nameIssue(rollout.kind, [...p, 'kind'], (s) => kinds.includes(s), `kind (${kinds.join(' or ')})`),
    );
    if (rollout.name !== undefined)
      out.push(nameIssue(rollout.name, [...p, 'name'], (s) => dnsSubdomain.test(s), 'workload name'));
  }
  if (fileHash) {
    const s = scopeIssue(
      fileHash.scope,
      [...base, 'fileHash', 'scope'],
      field([...base, 'fileHash', 'scope']),
    );
    out.push(s.issue);
    if (s.scope && s.scope.kind !== 'server-path')
      out.push({
        path: [...base, 'fileHash', 'scope'],
        message: `${field([...base, 'fileHash', 'scope'])}: fileHash compares files; give a server path scope`,
      });
    const scopePath = s.scope?.kind === 'server-path' ? s.scope.path : undefined;
    if (fileHash.path !== undefined)
      out.push(pathIssue(fileHash.path, scopePath, [...base, 'fileHash', 'path']));
  }
  return out;
}
