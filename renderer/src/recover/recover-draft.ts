// The Recover form as data: what to restore, which point, where to, and how — turned into the
// contract's PlanInput (checked with its own schema) before anything is sent. Pure: no React, no
// store (tests: test/unit/renderer-restore-draft).
import type { MethodInput } from '../../../core/api/contract';
import { formatDateTime } from '../format';
import { checkInput, type FieldErrors } from '../forms/field-errors';
import { describeScope } from '../systems/scope-text';

export type SubsetKind = 'all' | 'paths' | 'resources' | 'selector';

export interface RecoverDraft {
  /** Scope text (server:NAME:/abs/path, cluster:NAME:namespace/NS[/KIND/NAME]). */
  scope: string;
  subsetKind: SubsetKind;
  /** Paths or globs (server) or KIND/NAME (cluster), one per line. */
  subsetLines: string;
  selector: string;
  pointMode: 'before' | 'point';
  /** A datetime-local value (local time); '' = now, at the moment of planning. */
  before: string;
  pointId: string;
  destMode: 'in-place' | 'alongside';
  /** The alongside destination's scope text. */
  to: string;
  deleteExtra: boolean;
  conflict: 'update' | 'skip';
}

export const emptyDraft: RecoverDraft = {
  scope: '',
  subsetKind: 'all',
  subsetLines: '',
  selector: '',
  pointMode: 'before',
  before: '',
  pointId: '',
  destMode: 'in-place',
  to: '',
  deleteExtra: false,
  conflict: 'update',
};

export type ScopeFamily = 'files' | 'objects' | 'unknown';

/** Files on a server, or objects in a cluster, by the scope text's prefix. */
export function scopeFamily(scope: string): ScopeFamily {
  if (scope.startsWith('server:')) return 'files';
  if (scope.startsWith('cluster:')) return 'objects';
  return 'unknown';
}

/** Non-empty lines, trimmed. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

const clusterScope = /^cluster:([^:]+):namespace\/([^/]+)(?:\/([^/]+)\/([^/]+))?$/;
const serverScope = /^server:([^:]+):(\/.*)$/s;

/** The namespace scope a cluster scope lives in (a resource scope restores into its namespace). */
export function namespaceScope(scope: string): string | undefined {
  const m = clusterScope.exec(scope);
  return m ? `cluster:${m[1]}:namespace/${m[2]}` : undefined;
}

/** A sensible place beside the original: /srv/site → /srv/site.restored, billing → billing-restored. */
export function alongsideScope(scope: string): string {
  const s = serverScope.exec(scope);
  if (s) return `server:${s[1]}:${s[2] === '/' ? '/restored' : `${s[2]!.replace(/\/+$/, '')}.restored`}`;
  const c = clusterScope.exec(scope);
  if (c) return `cluster:${c[1]}:namespace/${`${c[2]}-restored`.slice(0, 63)}`;
  return '';
}

/**
 * The name to type before an in-place restore: the server for files, the namespace for objects
 * (what an engineer says out loud: "restore web-1", "restore billing").
 */
export function destinationName(scope: string): string {
  const s = serverScope.exec(scope);
  if (s) return s[1]!;
  const c = clusterScope.exec(scope);
  return c ? c[2]! : scope;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as a datetime-local value with seconds, in local time: "2025-03-04T09:05:07". */
export function localInputValue(d: Date): string {
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** A datetime-local value (local time) as RFC 3339 UTC; undefined when it is not a time. */
export function isoFromLocal(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export type PlanRequest = MethodInput<'restore.plan'>;

export type DraftResult = { ok: true; input: PlanRequest } | { ok: false; errors: FieldErrors };

/** Checks the draft and writes the plan's input; `now` stands in for an empty incident time. */
export function planInputOf(d: RecoverDraft, now: Date): DraftResult {
  const errors: FieldErrors = {};
  const scope = d.scope.trim();
  const family = scopeFamily(scope);
  if (!scope) errors.scope = 'Choose a scope, or type one.';
  else if (family === 'unknown')
    errors.scope = 'Write it as server:NAME:/abs/path or cluster:NAME:namespace/NS.';

  const subset: Partial<PlanRequest> = {};
  if (d.subsetKind === 'selector') {
    if (family === 'files') errors.subset = 'A label selector chooses cluster objects, not files.';
    else if (!d.selector.trim()) errors.subset = 'Write a label selector, e.g. app=web.';
    else subset.selector = d.selector.trim();
  } else if (d.subsetKind !== 'all') {
    const list = lines(d.subsetLines);
    const wanted = family === 'files' ? 'paths' : 'resources';
    if (family !== 'unknown' && d.subsetKind !== wanted)
      errors.subset =
        family === 'files' ? 'Files are chosen by path.' : 'Cluster objects are chosen as KIND/NAME.';
    else if (list.length === 0)
      errors.subset =
        family === 'files' ? 'Write at least one path or glob.' : 'Write at least one KIND/NAME.';
    else if (wanted === 'resources' && list.some((l) => !/^[A-Za-z][A-Za-z0-9]*\/[^/\s]+$/.test(l)))
      errors.subset = 'Write each object as KIND/NAME, e.g. Deployment/web.';
    else if (wanted === 'paths') subset.paths = list;
    else subset.resources = list;
  }

  const point: Partial<PlanRequest> = {};
  if (d.pointMode === 'point') {
    if (!d.pointId) errors.point = 'Choose a restore point.';
    else point.point = d.pointId;
  } else {
    const before = d.before ? isoFromLocal(d.before) : now.toISOString();
    if (!before) errors.before = 'Use a date and time.';
    else point.before = before;
  }

  const dest: Partial<PlanRequest> = {};
  if (d.destMode === 'alongside') {
    const to = d.to.trim();
    if (!to) errors.to = 'Write where to restore, as a scope.';
    else if (to === scope) errors.to = 'That is the scope itself: choose “In place” instead.';
    else if (scopeFamily(to) !== family && family !== 'unknown')
      errors.to = family === 'files' ? 'Files go to a server path.' : 'Objects go to a namespace.';
    else dest.to = to;
  } else if (family === 'objects' && namespaceScope(scope) !== scope) {
    // A one-object scope is restored in place into its own namespace.
    const ns = namespaceScope(scope);
    if (ns) dest.to = ns;
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  const input: PlanRequest = {
    scope,
    ...subset,
    ...point,
    ...dest,
    deleteExtra: d.deleteExtra,
    ...(family === 'objects' ? { conflict: d.conflict } : {}),
  };
  const schema = checkInput('restore.plan', input, { before: 'before', to: 'to', scope: 'scope' });
  return Object.keys(schema).length ? { ok: false, errors: schema } : { ok: true, input };
}

/** Two drafts that would plan the same (ignores fields the chosen modes do not use). */
export function sameRequest(a: RecoverDraft, b: RecoverDraft): boolean {
  const key = (d: RecoverDraft) =>
    JSON.stringify([
      d.scope.trim(),
      d.subsetKind,
      d.subsetKind === 'selector' ? d.selector.trim() : d.subsetKind === 'all' ? '' : lines(d.subsetLines),
      d.pointMode,
      d.pointMode === 'point' ? d.pointId : d.before,
      d.destMode,
      d.destMode === 'alongside' ? d.to.trim() : '',
      d.deleteExtra,
      d.conflict,
    ]);
  return key(a) === key(b);
}

/**
 * What changes with the scope: the point chosen for the old scope no longer applies, the
 * alongside destination follows the new scope, and a subset of the other family is dropped.
 */
export function withScope(d: RecoverDraft, scope: string): Partial<RecoverDraft> {
  if (scope === d.scope) return {};
  const sameFamily = scopeFamily(scope) === scopeFamily(d.scope);
  const keepTo = d.to.trim() !== '' && d.to !== alongsideScope(d.scope);
  return {
    scope,
    pointId: '',
    to: keepTo ? d.to : alongsideScope(scope),
    ...(sameFamily ? {} : { subsetKind: 'all' as const, subsetLines: '', selector: '' }),
  };
}

/** What a plan was made of, as a form: the same scope, subset, point, destination and options. */
export function draftFromPlan(plan: {
  source: { scope: string };
  point: { id: string };
  destination: { scope: string; inPlace: boolean };
  subset: { paths?: string[]; resources?: string[]; selector?: string };
  options: { deleteExtra: boolean; conflict: 'update' | 'skip' };
}): RecoverDraft {
  const s = plan.subset;
  const subsetKind: SubsetKind = s.selector
    ? 'selector'
    : s.resources
      ? 'resources'
      : s.paths
        ? 'paths'
        : 'all';
  return {
    ...emptyDraft,
    scope: plan.source.scope,
    subsetKind,
    subsetLines: (s.paths ?? s.resources ?? []).join('\n'),
    selector: s.selector ?? '',
    pointMode: 'point',
    pointId: plan.point.id,
    destMode: plan.destination.inPlace ? 'in-place' : 'alongside',
    to: plan.destination.inPlace ? '' : plan.destination.scope,
    deleteExtra: plan.options.deleteExtra,
    conflict: plan.options.conflict,
  };
}

/** The form in one line: scope · what · point · destination. */
export function draftLine(d: RecoverDraft): string {
  const what =
    d.subsetKind === 'all'
      ? 'everything'
      : d.subsetKind === 'selector'
        ? `objects matching ${d.selector.trim()}`
        : (() => {
            const n = lines(d.subsetLines).length;
            return `${n} ${d.subsetKind === 'paths' ? 'path' : 'object'}${n === 1 ? '' : 's'}`;
          })();
  const iso = d.before ? isoFromLocal(d.before) : undefined;
  const point =
    d.pointMode === 'point'
      ? `point ${d.pointId.slice(0, 8)}`
      : `newest point before ${iso ? formatDateTime(iso) : 'the time of planning'}`;
  const where = d.destMode === 'in-place' ? 'in place' : `alongside, into ${describeScope(d.to.trim())}`;
  return `${describeScope(d.scope.trim())} · ${what} · ${point} · ${where}${d.deleteExtra ? ' · delete extra' : ''}`;
}
