// Into another namespace: a RoleBinding's ServiceAccount subjects that lived in the source
// namespace are the restored accounts, now in the destination (Velero's role binding action).
// Subjects in other namespaces, users and groups are left as they are.
import { isRec } from '../../../providers/native/kube/clean/item';
import type { RestoreAction } from './types';

export const roleBindingSubjectsAction: RestoreAction = {
  name: 'role-binding-subjects',
  appliesTo: ['rolebindings.rbac.authorization.k8s.io'],
  execute(item, ctx) {
    if (ctx.sourceNamespace === ctx.destNamespace || !Array.isArray(item.subjects)) return { item };
    let moved = 0;
    for (const s of item.subjects) {
      if (isRec(s) && s.kind === 'ServiceAccount' && s.namespace === ctx.sourceNamespace) {
        s.namespace = ctx.destNamespace;
        moved++;
      }
    }
    return moved
      ? { item, notes: [`${moved} ServiceAccount subject(s) moved to namespace ${ctx.destNamespace}`] }
      : { item };
  },
};
