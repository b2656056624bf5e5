// The access Lifeboat needs on a cluster (data), and checking it with SelfSubjectAccessReviews.

import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { ClusterTestReport } from '../../api/contract';
import { BudgetStop, type CallBudget } from './call-budget';
import { describeFailure, type Failure, type FailureContext } from './failure-notes';

export type Permission = ClusterTestReport['permissions'][number];
type Allowed = Permission['allowed'];

export const NEEDED_VERBS = ['get', 'list', 'create', 'update', 'patch', 'delete'] as const;

/** Backups read these; restores create, update, patch and (undo, alongside) delete them. */
export const NEEDED_RESOURCES: ReadonlyArray<{ resource: string; group: string }> = [
  { resource: 'namespaces', group: '' },
  { resource: 'configmaps', group: '' },
  { resource: 'secrets', group: '' },
  { resource: 'services', group: '' },
  { resource: 'serviceaccounts', group: '' },
  { resource: 'persistentvolumeclaims', group: '' },
  { resource: 'deployments', group: 'apps' },
  { resource: 'statefulsets', group: 'apps' },
  { resource: 'customresourcedefinitions', group: 'apiextensions.k8s.io' },
];

interface Check {
  verb: string;
  resource: string;
  group: string;
  /** `deployments.apps`, as kubectl names it. */
  label: string;
}

export const CHECKS: readonly Check[] = NEEDED_RESOURCES.flatMap(({ resource, group }) =>
  NEEDED_VERBS.map((verb) => ({ verb, resource, group, label: group ? `${resource}.${group}` : resource })),
);

/** How many reviews are in flight at once. */
const CONCURRENCY = 8;

export function allUnknown(): Permission[] {
  return CHECKS.map((c) => ({ verb: c.verb, resource: c.label, allowed: 'unknown' as const }));
}

type Outcome = { allowed: Allowed } | { failure: Failure };

async function review(
  api: AuthorizationV1Api,
  budget: CallBudget,
  check: Check,
  ctx: FailureContext,
): Promise<Outcome> {
  try {
    const res = await budget.run((options) =>
      api.createSelfSubjectAccessReview(
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: { resourceAttributes: { verb: check.verb, resource: check.resource, group: check.group } },
          },
        },
        options,
      ),
    );
    const status = res.status;
    if (!status) return { allowed: 'unknown' };
    return { allowed: status.allowed && !status.denied ? 'yes' : 'no' };
  } catch (e) {
    if (e instanceof BudgetStop) throw e;
    return { failure: describeFailure(e, ctx) };
  }
}

/** A failure of the review endpoint itself: asking again for another verb would fail the same way. */
const ENDPOINT_FAILURES = new Set(['unreachable', 'unauthorized', 'forbidden', 'unsupported', 'credentials']);

/**
 * Reviews every needed verb on every needed resource, cluster-wide. Failures become 'unknown' and
 * notes; a BudgetStop (timeout, cancel) propagates, with what was answered so far in `partial`.
 */
export async function checkPermissions(
  kc: KubeConfig,
  budget: CallBudget,
  ctx: Omit<FailureContext, 'doing'>,
  partial: Permission[] = allUnknown(),
): Promise<{ permissions: Permission[]; notes: string[]; failures: Failure[] }> {
  const api = kc.makeApiClient(AuthorizationV1Api);
  const doing = 'creating a SelfSubjectAccessReview (authorization.k8s.io/v1)';
  const fctx = { ...ctx, doing };
  const failures: Failure[] = [];
  const settle = (i: number, outcome: Outcome) => {
    if ('allowed' in outcome) partial[i]!.allowed = outcome.allowed;
    else failures.push(outcome.failure);
  };
  // The first review alone: if the endpoint is missing or refused, do not repeat that 53 times.
  settle(0, await review(api, budget, CHECKS[0]!, fctx));
  const first = failures[0];
  if (first && ENDPOINT_FAILURES.has(first.kind)) {
    const why =
      first.kind === 'unsupported'
        ? `SelfSubjectAccessReview is not available on this cluster (HTTP ${first.status}); permissions are unknown.`
        : `Permissions could not be checked: ${first.note}`;
    return { permissions: partial, notes: [why], failures };
  }
  let next = 1;
  const worker = async () => {
    while (next < CHECKS.length) {
      const i = next++;
      settle(i, await review(api, budget, CHECKS[i]!, fctx));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const notes = failures.length
    ? [
        `${failures.length} of ${CHECKS.length} permission checks failed (shown as unknown): ${failures[0]!.note}`,
      ]
    : [];
  return { permissions: partial, notes, failures };
}
