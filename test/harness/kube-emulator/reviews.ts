// authorization.k8s.io reviews: create-only, nothing stored. The emulator has no RBAC: every
// access review is allowed and the rules review answers with one wildcard rule.

import { isRec, type Rec } from './json';
import { apiVersionOf, type ResourceType } from './resources';
import { badRequest, invalid } from './status';

export function answerReview(type: ResourceType, body: unknown): Rec {
  if (!isRec(body)) throw badRequest(`the body is not a ${type.kind}`);
  const spec = isRec(body.spec) ? body.spec : {};
  const metadata = isRec(body.metadata) ? body.metadata : {};
  const base = {
    kind: type.kind,
    apiVersion: apiVersionOf(type),
    metadata: { ...metadata, creationTimestamp: null },
    spec,
  };
  if (type.kind === 'SelfSubjectAccessReview') {
    if (!isRec(spec.resourceAttributes) && !isRec(spec.nonResourceAttributes)) {
      throw invalid({ group: type.group, kind: type.kind }, '', [
        {
          type: 'Required',
          field: 'spec.resourceAttributes',
          detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified',
        },
      ]);
    }
    return {
      ...base,
      status: { allowed: true, reason: 'the Lifeboat Kubernetes emulator allows every request' },
    };
  }
  if (typeof spec.namespace !== 'string' || spec.namespace === '') {
    throw invalid({ group: type.group, kind: type.kind }, '', [
      { type: 'Required', field: 'spec.namespace' },
    ]);
  }
  const status: Rec = {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  };
  return { ...base, status };
}
