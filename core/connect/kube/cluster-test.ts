// Tests a stored cluster: server version and latency, namespace listing, and the permissions
// Lifeboat needs. Problems are notes in the report; only cancel and a broken kubeconfig throw.

import { CoreV1Api, VersionApi, type KubeConfig } from '@kubernetes/client-node';
import type { ClusterTestReport } from '../../api/contract';
import { BudgetStop, CallBudget } from './call-budget';
import { authKindOf } from './context-summary';
import { describeFailure, type Failure, type FailureContext } from './failure-notes';
import { cancelled } from './kube-errors';
import { isRec } from './kubeconfig-model';
import { loadMinimal } from './kube-config';
import { allUnknown, checkPermissions, type Permission } from './permissions';
import { redactorFor } from './redact';

type Allowed = ClusterTestReport['canListNamespaces'];

const PAGE = 500;
/** Beyond this many pages (250 000 namespaces) the count is not worth the wait. */
const MAX_PAGES = 500;

const STEP = {
  version: 'reading the server version (GET /version)',
  namespaces: 'listing namespaces',
  permissions: 'checking permissions (SelfSubjectAccessReview)',
} as const;

/** What stops the test early: nothing further can succeed. */
const FATAL = new Set<Failure['kind']>(['unreachable', 'unauthorized', 'credentials', 'other']);

class Stop extends Error {}

interface Progress {
  step: string;
  notes: string[];
  reachable: boolean;
  rejected: boolean;
  serverVersion?: string;
  latencyMs: number;
  canListNamespaces: Allowed;
  namespaceCount?: number;
  permissions: Permission[];
}

async function countNamespaces(kc: KubeConfig, budget: CallBudget): Promise<number> {
  const core = kc.makeApiClient(CoreV1Api);
  let count = 0;
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await budget.run((o) =>
      core.listNamespace({ limit: PAGE, ...(token ? { _continue: token } : {}) }, o),
    );
    count += list.items.length;
    const remaining = list.metadata?.remainingItemCount;
    token = list.metadata?._continue || undefined;
    if (!token) break;
    if (typeof remaining === 'number') return count + remaining;
  }
  return count;
}

async function runSteps(
  kc: KubeConfig,
  budget: CallBudget,
  p: Progress,
  base: Omit<FailureContext, 'doing'>,
) {
  const fail = (e: unknown): Failure => {
    if (e instanceof BudgetStop) throw e;
    const f = describeFailure(e, { ...base, doing: p.step });
    p.notes.push(f.note);
    if (f.kind === 'unauthorized') p.rejected = true;
    if (f.kind !== 'unreachable' && f.kind !== 'credentials' && f.kind !== 'other') p.reachable = true;
    return f;
  };

  p.step = STEP.version;
  // Latency: the first round trip (GET /version), whatever its outcome.
  const started = performance.now();
  try {
    const v = await budget.run((o) => kc.makeApiClient(VersionApi).getCode({}, o));
    p.reachable = true;
    p.serverVersion = v.gitVersion || `${v.major}.${v.minor}`;
  } catch (e) {
    if (FATAL.has(fail(e).kind)) throw new Stop();
  } finally {
    p.latencyMs = Math.round(performance.now() - started);
  }

  p.step = STEP.namespaces;
  try {
    p.namespaceCount = await countNamespaces(kc, budget);
    p.canListNamespaces = 'yes';
  } catch (e) {
    const f = fail(e);
    if (f.kind === 'forbidden') p.canListNamespaces = 'no';
    if (FATAL.has(f.kind)) throw new Stop();
  }

  p.step = STEP.permissions;
  const checked = await checkPermissions(kc, budget, base, p.permissions);
  p.notes.push(...checked.notes);
  if (checked.failures.some((f) => f.kind === 'unauthorized')) p.rejected = true;
}

/**
 * Reports server version (GET /version), latency, whether namespaces can be listed (and how many),
 * and the verbs Lifeboat needs via SelfSubjectAccessReview (cluster-wide). Never throws for an
 * unreachable or forbidden cluster (ok=false with notes); throws kube.cancelled on abort and
 * kube.bad_kubeconfig for a broken stored kubeconfig. Bounded by timeoutMs overall.
 */
export async function testCluster(
  minimal: string,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<ClusterTestReport> {
  if (opts.signal?.aborted) throw cancelled('The cluster test');
  const { kc, parsed, context } = loadMinimal(minimal);
  const userBody = context.user ? parsed.users.get(context.user)?.body : undefined;
  const exec = userBody && isRec(userBody.exec) ? userBody.exec : undefined;
  const base: Omit<FailureContext, 'doing'> = {
    server: String(parsed.clusters.get(context.cluster)?.body.server ?? ''),
    user: context.user ?? '',
    authKind: authKindOf(userBody),
    ...(typeof exec?.command === 'string' ? { execCommand: exec.command } : {}),
    redact: redactorFor(userBody),
  };
  const p: Progress = {
    step: STEP.version,
    notes: [],
    latencyMs: 0,
    reachable: false,
    rejected: false,
    canListNamespaces: 'unknown',
    permissions: allUnknown(),
  };
  const budget = new CallBudget(opts.timeoutMs, opts.signal);
  let timedOut = false;
  try {
    await runSteps(kc, budget, p, base);
  } catch (e) {
    if (e instanceof BudgetStop) {
      if (e.reason === 'cancelled' || opts.signal?.aborted) throw cancelled('The cluster test');
      timedOut = true;
      p.notes.push(
        `Timed out after ${seconds(opts.timeoutMs)} s while ${p.step}: no answer in time (a firewall dropping packets, or an overloaded server?).`,
      );
    } else if (!(e instanceof Stop)) {
      throw e;
    }
  } finally {
    budget.dispose();
  }
  const nothingAllowed = p.canListNamespaces === 'no' && p.permissions.every((x) => x.allowed === 'no');
  if (nothingAllowed)
    p.notes.push('The credentials are accepted, but they allow none of what Lifeboat needs.');
  if (p.canListNamespaces === 'no' && !nothingAllowed) {
    p.notes.push('Namespaces cannot be listed: Lifeboat can only work in namespaces you name.');
  }
  return {
    ok: p.reachable && !p.rejected && !timedOut && !nothingAllowed,
    latencyMs: p.latencyMs,
    ...(p.serverVersion ? { serverVersion: p.serverVersion } : {}),
    canListNamespaces: p.canListNamespaces,
    ...(p.namespaceCount !== undefined ? { namespaceCount: p.namespaceCount } : {}),
    permissions: p.permissions,
    notes: p.notes,
  };
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
