// The object as `kubectl apply` last sent it (the annotation), to tell fields a person chose from
// fields the server filled in.
import { isRec, recAt, type KubeItem, type Rec } from './item';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

export function lastApplied(item: KubeItem): Rec | undefined {
  const text = recAt(item, ['metadata', 'annotations'])?.[lastAppliedAnnotation];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRec(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
