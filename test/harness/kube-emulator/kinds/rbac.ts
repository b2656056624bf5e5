// RBAC bindings: roleRef is required and can never change. (No authorization is enforced:
// the emulator does not check escalation or who may bind what.)

import { forResources, type KindBehaviour } from '../behaviour';
import { deepEqual, isRec } from '../json';
import type { FieldError } from '../status';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const bindingBehaviour: KindBehaviour = {
  appliesTo: forResources(`${RBAC_GROUP}/rolebindings`, `${RBAC_GROUP}/clusterrolebindings`),
  validate(obj, ctx) {
    const ref = isRec(obj.roleRef) ? obj.roleRef : undefined;
    if (!ref) return [{ type: 'Required', field: 'roleRef' }];
    const errors: FieldError[] = [];
    const kinds = ctx.type.plural === 'rolebindings' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (!kinds.includes(String(ref.kind))) {
      errors.push({
        type: 'NotSupported',
        field: 'roleRef.kind',
        value: ref.kind,
        detail: `supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`,
      });
    }
    if (ref.apiGroup !== RBAC_GROUP) {
      errors.push({
        type: 'NotSupported',
        field: 'roleRef.apiGroup',
        value: ref.apiGroup,
        detail: `supported values: "${RBAC_GROUP}"`,
      });
    }
    if (!ref.name) errors.push({ type: 'Required', field: 'roleRef.name' });
    return errors;
  },
  validateUpdate(obj, old) {
    return deepEqual(obj.roleRef, old.roleRef)
      ? []
      : [{ type: 'Invalid', field: 'roleRef', value: obj.roleRef, detail: 'cannot change roleRef' }];
  },
};
