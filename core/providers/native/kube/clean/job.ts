// Jobs: the server generates the selector and the template labels from the Job's uid
// (`batch.kubernetes.io/controller-uid`, legacy `controller-uid`); a restored Job carrying the old
// uid is refused ("`selector` not auto-generated"). Those labels go from the selector, the
// template and the Job's own labels (Velero's job action); an emptied generated selector goes
// (the server makes a new one). A manual selector (`manualSelector: true`) is the user's: kept.
import { deleteKeys, deletePath, recAt, type ItemAction } from './item';

export const jobUidLabels = ['batch.kubernetes.io/controller-uid', 'controller-uid'] as const;

export const jobAction: ItemAction = {
  name: 'job-controller-uid',
  appliesTo: ['jobs.batch'],
  execute(item) {
    const spec = recAt(item, ['spec']);
    if (!spec || spec.manualSelector === true) return { item };
    deleteKeys(spec, ['selector', 'matchLabels'], jobUidLabels);
    const selector = recAt(spec, ['selector']);
    if (selector && Object.keys(selector).length === 0) deletePath(spec, ['selector']);
    deleteKeys(spec, ['template', 'metadata', 'labels'], jobUidLabels);
    deleteKeys(item, ['metadata', 'labels'], jobUidLabels);
    return { item };
  },
};
