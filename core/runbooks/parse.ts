// Reading a runbook: YAML (the `yaml` package, for node positions) → zod → validate.ts, with
// every problem mapped back to the line and column of the node it is about. A bad runbook is
// `runbook.invalid` listing its problems (up to 20), sorted by line.
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { LifeboatError } from '../api/errors';
import {
  CheckDoc,
  checkTypes,
  RunbookDoc,
  StepDoc,
  stepDocs,
  stepKinds,
  topKeys,
  type CheckSpec,
  type Owner,
  type RunbookSpec,
  type StepSpec,
} from './model';
import {
  effectiveAfter,
  field,
  rawStep,
  validateSteps,
  type Issue,
  type Path,
  type RawStep,
  type StepEntry,
} from './validate';

export interface RunbookIssue {
  line: number;
  column: number;
  /** Where in the document: steps.2.scope. */
  path: string;
  message: string;
}

export interface LoadedYaml {
  doc: Document;
  lines: LineCounter;
}

export const maxIssues = 20;

export function loadYaml(text: string): LoadedYaml & { issues: RunbookIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const issues = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    const message = `not valid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
    return { line, column: col, path: '', message };
  });
  return { doc, lines, issues };
}

/** The node a path points at, or the nearest ancestor that exists (a missing key → its map). */
function locate({ doc, lines }: LoadedYaml, path: Path, key?: string): { line: number; column: number } {
  let node: unknown = doc.contents;
  let range = isNode(node) ? node.range : undefined;
  for (const step of path) {
    if (!isNode(node) || !('get' in node)) break;
    const next: unknown = (node as { get(k: unknown, keep: true): unknown }).get(step, true);
    if (!isNode(next) || !next.range) break;
    node = next;
    range = next.range;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) range = pair.key.range;
  }
  const { line, col } = lines.linePos(range?.[0] ?? 0);
  return { line, column: col };
}

const at = (raw: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    raw,
  );

/** Zod's words, made about the field and the document: missing fields, unknown keys and checks. */
function zodIssues(
  error: z.ZodError,
  base: Path,
  raw: unknown,
  knownKeys?: readonly string[],
): (Issue & { key?: string })[] {
  const out: (Issue & { key?: string })[] = [];
  for (const i of error.issues) {
    const path = [...base, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    const name = base.length === 2 ? field(path) : path.join('.');
    if (i.code === 'unrecognized_keys') {
      const inChecks = path[path.length - 2] === 'checks' && typeof path[path.length - 1] === 'number';
      for (const key of i.keys) {
        if (inChecks) {
          out.push({ path, key, message: `${name}: unknown check "${key}" (${checkTypes.join(', ')})` });
          continue;
        }
        const hint = knownKeys && path.length === base.length ? ` (${knownKeys.join(', ')})` : '';
        out.push({ path, key, message: `${name ? `${name}: ` : ''}unknown field "${key}"${hint}` });
      }
      continue;
    }
    if (i.code === 'invalid_key') {
      out.push({
        path,
        message: `${name}: not a valid parameter name (a letter, then letters, digits or "_")`,
      });
      continue;
    }
    const missing = i.code === 'invalid_type' && at(raw, path) === undefined;
    const last = path[path.length - 1];
    const message = missing ? `"${String(last)}" is missing` : i.message;
    out.push({ path, message: missing || !name ? message : `${name}: ${message}` });
  }
  return out;
}

function stepLabel(raw: unknown, index: number): string {
  const id = (raw as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id ? `step "${id}"` : `step ${index + 1}`;
}

/**
 * Checks a loaded document: as written (fields holding parameters are checked later), or after
 * instantiate.ts filled its parameters in (`instance`). Returns the spec when there is no problem.
 */
export function checkDocument(
  loaded: LoadedYaml,
  opts: { instance?: boolean } = {},
): { spec?: RunbookSpec; issues: RunbookIssue[] } {
  const raw: unknown = loaded.doc.toJS({ maxAliasCount: 100 });
  const issues: (Issue & { key?: string })[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      issues: [{ line: 1, column: 1, path: '', message: 'a runbook is a YAML map (name, system, steps …)' }],
    };
  }
  const top = RunbookDoc.safeParse(raw);
  if (!top.success) issues.push(...zodIssues(top.error, [], raw, topKeys));
  const rawObj = raw as Record<string, unknown>;
  const rawSteps = Array.isArray(rawObj.steps) ? (rawObj.steps as unknown[]) : [];
  const steps = rawSteps.map(rawStep);
  const entries: StepEntry[] = [];
  const looseChecks: { path: Path; doc: CheckDoc }[] = [];
  rawSteps.forEach((step, index) => {
    const base: Path = ['steps', index];
    const kind = (step as { kind?: unknown } | null)?.kind;
    if (!step || typeof step !== 'object' || Array.isArray(step)) {
      issues.push({ path: base, message: 'a step is a map (id, title, kind …)' });
    } else if (kind === undefined) {
      issues.push({ path: base, message: `"kind" is missing (${stepKinds.join(', ')})` });
    } else if (!(stepKinds as readonly unknown[]).includes(kind)) {
      issues.push({
        path: [...base, 'kind'],
        message: `unknown kind "${String(kind)}" (${stepKinds.join(', ')})`,
      });
    } else {
      const parsed = StepDoc.safeParse(step);
      const known = Object.keys(stepDocs[kind as keyof typeof stepDocs].shape);
      if (parsed.success) entries.push({ index, doc: parsed.data });
      else {
        issues.push(...zodIssues(parsed.error, base, raw, known));
        // A verify step with one bad field still gets its other checks checked.
        const checks = (step as { checks?: unknown }).checks;
        if (kind === 'verify' && Array.isArray(checks))
          checks.forEach((c, j) => {
            const ok = CheckDoc.safeParse(c);
            if (ok.success) looseChecks.push({ path: [...base, 'checks', j], doc: ok.data });
          });
      }
    }
  });
  // References are checked against the names written, even when a parameter's settings are wrong.
  const params = rawObj.parameters;
  const parameters =
    params === undefined || params === null
      ? new Set<string>()
      : typeof params === 'object' && !Array.isArray(params)
        ? new Set(Object.keys(params))
        : undefined;
  const appliesTo = top.success ? top.data.appliesTo : undefined;
  if (top.success && top.data.appliesTo && top.data.system)
    issues.push({ path: ['appliesTo'], message: 'appliesTo is for templates (runbooks without a system)' });
  issues.push(
    ...validateSteps(steps, entries, looseChecks, {
      parameters,
      ...(appliesTo ? { appliesTo } : {}),
      ...(opts.instance ? { instance: true } : {}),
      where: (path) => `line ${locate(loaded, path).line}`,
    }),
  );
  const located = issues.map((i) => {
    const stepIndex = i.path[0] === 'steps' && typeof i.path[1] === 'number' ? i.path[1] : undefined;
    const prefix =
      stepIndex !== undefined && !i.plain ? `${stepLabel(rawSteps[stepIndex], stepIndex)}: ` : '';
    return { ...locate(loaded, i.path, i.key), path: i.path.join('.'), message: prefix + i.message };
  });
  located.sort((a, b) => a.line - b.line || a.column - b.column);
  if (located.length || !top.success) return { issues: located };
  return { spec: toSpec(top.data, entries, steps), issues: [] };
}

function owner(o: RunbookDoc['owner']): Owner | undefined {
  return typeof o === 'string' ? { team: o } : o;
}

function toSpec(doc: RunbookDoc, entries: StepEntry[], raw: RawStep[]): RunbookSpec {
  const steps = entries.map(({ doc: s, index }): StepSpec => {
    const after = effectiveAfter(raw, index);
    if (s.kind === 'restore') return { ...s, after, scope: s.scope ?? '{{scope}}' };
    if (s.kind === 'verify') {
      const checks = s.checks.map((c): CheckSpec => {
        if (c.http) return { type: 'http', ...c.http };
        if (c.ssh) return { type: 'ssh', ...c.ssh };
        if (c.rollout) return { type: 'rollout', ...c.rollout };
        return { type: 'fileHash', ...c.fileHash! };
      });
      return { ...s, after, checks, skipped: [] };
    }
    return { ...s, after };
  });
  const o = owner(doc.owner);
  return {
    name: doc.name,
    ...(doc.system ? { system: doc.system } : {}),
    ...(o ? { owner: o } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.appliesTo ? { appliesTo: doc.appliesTo } : {}),
    parameters: Object.entries(doc.parameters ?? {}).map(([name, p]) => ({
      name,
      ...(p.description ? { description: p.description } : {}),
      ...(p.default !== undefined ? { default: p.default } : {}),
    })),
    steps,
  };
}

/** The message of `runbook.invalid`: one problem a line, `file:line:col: …`. */
export function invalidRunbook(
  issues: RunbookIssue[],
  filename: string | undefined,
  code = 'runbook.invalid',
  what = `Runbook ${filename ?? ''}`.trim(),
): LifeboatError {
  const shown = issues.slice(0, maxIssues);
  const where = (i: RunbookIssue) =>
    filename ? `${filename}:${i.line}:${i.column}` : `line ${i.line}, column ${i.column}`;
  const more = issues.length > shown.length ? [`  … and ${issues.length - shown.length} more`] : [];
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new LifeboatError(
    code,
    [`${what} is not valid (${count}):`, ...shown.map((i) => `  ${where(i)}: ${i.message}`), ...more].join(
      '\n',
    ),
    { ...(filename ? { filename } : {}), issues: shown },
  );
}

/** A problem found outside this file (e.g. against the estate), at the node of `path`. */
export function issueAt(loaded: LoadedYaml, path: Path, message: string): RunbookIssue {
  return { ...locate(loaded, path), path: path.join('.'), message };
}

/**
 * Parses and checks a runbook as written; throws `runbook.invalid` with every problem, including
 * those `more` finds in a document that is otherwise valid.
 */
export function parseRunbook(
  text: string,
  filename?: string,
  more: (spec: RunbookSpec, loaded: LoadedYaml) => RunbookIssue[] = () => [],
): { spec: RunbookSpec; loaded: LoadedYaml } {
  const loaded = loadYaml(text);
  if (loaded.issues.length) throw invalidRunbook(loaded.issues, filename);
  const { spec, issues } = checkDocument(loaded);
  const extra = spec ? more(spec, loaded) : [];
  if (!spec || extra.length) throw invalidRunbook(spec ? extra : issues, filename);
  return { spec, loaded };
}
