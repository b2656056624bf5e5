import { describe, expect, it } from 'vitest';
import { parsePath } from './field-diff';
import { quantity, storageShrink } from './immutable-fields';

describe('storage requests', () => {
  it('reads Kubernetes quantities', () => {
    expect(quantity('10Gi')).toBe(10 * 2 ** 30);
    expect(quantity('500M')).toBe(5e8);
    expect(quantity('1.5e3')).toBe(1500);
    expect(quantity('100m')).toBeCloseTo(0.1);
    expect(quantity(1024)).toBe(1024);
    expect(quantity('ten')).toBeUndefined();
    expect(quantity('10Xi')).toBeUndefined();
  });

  it('leaves a claim that grew since the point, saying why; a growing request is an update', () => {
    const change = (old: string, now: string) => [
      { path: parsePath('spec.resources.requests.storage'), old, new: now },
    ];
    expect(storageShrink('persistentvolumeclaims', change('20Gi', '10Gi'))).toBe(
      "exists with 20Gi of storage, more than the point's 10Gi; a claim's storage can grow but never shrink, so it is left as it is",
    );
    expect(storageShrink('persistentvolumeclaims', change('1Gi', '1024Mi'))).toBeUndefined();
    expect(storageShrink('persistentvolumeclaims', change('1Gi', '2Gi'))).toBeUndefined();
    expect(storageShrink('configmaps', change('2', '1'))).toBeUndefined();
  });
});
