// What an undo deletes: only what its restore created — not an object a create found already there.
import { describe, expect, it } from 'vitest';
import type { ObjectsPreview, PlanView, RestoreView } from '../api/contract';
import type { RestoreStore } from './restore-store';
import { undoChoice } from './undo';

const ref = (kind: string, name: string) => ({ apiVersion: 'v1', kind, name, namespace: 'shop' });

describe('undoChoice', () => {
  it('deletes what the restore created, not what it found existing', () => {
    const preview: ObjectsPreview = {
      kind: 'objects',
      create: [{ ref: ref('ConfigMap', 'ours') }, { ref: ref('ConfigMap', 'theirs') }],
      update: [],
      delete: [],
      unchanged: 0,
      skipped: [],
      bytes: 0,
    };
    const restores = { getPlan: () => ({ preview }) as unknown as PlanView } as unknown as RestoreStore;
    const r = {
      planId: 'p',
      safetyPointId: 'a'.repeat(64),
      items: [
        { item: 'ConfigMap/ours', action: 'create', result: 'done' },
        { item: 'ConfigMap/theirs', action: 'create', result: 'done', existed: true },
      ],
    } as unknown as RestoreView;
    expect(undoChoice(restores, r).alsoDelete).toEqual([{ ref: ref('ConfigMap', 'ours') }]);
  });
});
