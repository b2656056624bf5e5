import { describe, expect, it } from 'vitest';
import type { RestoreView } from '../api/contract';
import { restore } from '../../test/unit/view-fixtures';
import { canUndo, restoreListText, restoreText } from './plan-text';

const stopped = (patch: Partial<RestoreView> = {}) =>
  restore('5c1e000000000001', 'plan-1', {
    state: 'Failed',
    counts: { done: 0, failed: 0, notDone: 1 },
    error: { code: 'restore.target_changed', message: '/srv/site/a changed since the preview.' },
    ...patch,
  });

const restored = (patch: Partial<RestoreView> = {}) =>
  restore('5c1e000000000002', 'plan-2', {
    state: 'Succeeded',
    counts: { done: 1, failed: 0, notDone: 0 },
    items: [{ item: '/srv/site/a', action: 'replace', result: 'done' }],
    safetyPointId: 'b'.repeat(64),
    bytes: 1200,
    ...patch,
  });

describe('restores at the terminal', () => {
  it('offers undo only when there is something to undo, as the console does', () => {
    expect(canUndo(restored())).toBe(true);
    expect(canUndo(restored({ safetyPointId: undefined }))).toBe(true); // created files: deleted by undo
    expect(canUndo(restored({ counts: { done: 0, failed: 1, notDone: 0 } }))).toBe(true); // safety point
    expect(canUndo(stopped())).toBe(false);
    expect(canUndo(restored({ undoneBy: 'f'.repeat(16) }))).toBe(false);
    expect(canUndo(restored({ undoOf: 'f'.repeat(16) }))).toBe(false);
    expect(canUndo(restored({ state: 'Running' }))).toBe(false);
  });

  it('restores show: no "Undo with" for a restore that wrote nothing', () => {
    const text = restoreText(stopped(), true);
    expect(text).toContain('0 done, 0 failed, 1 not done');
    expect(text).not.toContain('Undo with');
    expect(text).toContain('Nothing to undo: no item was done and no safety point was taken.');
    expect(restoreText(restored(), true)).toContain('Undo with: lifeboat undo 5c1e000000000002');
    const undone = restoreText(restored({ undoneBy: 'f'.repeat(16) }), true);
    expect(undone).not.toMatch(/Undo with|Nothing to undo/);
  });

  it('restores: failed and not-done items in their own columns', () => {
    const lines = restoreListText([
      stopped(),
      restored({ id: '5c1e000000000003', counts: { done: 2, failed: 1, notDone: 3 } }),
    ]).split('\n');
    expect(lines[0]).toMatch(/DONE +FAILED +NOT DONE +WRITTEN +UNDO$/);
    const cells = (line: string) => line.split(/ {2,}/);
    // ID, STARTED, STATE, DESTINATION, POINT, DONE, FAILED, NOT DONE, WRITTEN, UNDO
    expect(cells(lines[1]!).slice(5)).toEqual(['0', '0', '1', '0 B', 'nothing to undo']);
    expect(cells(lines[2]!).slice(5)).toEqual(['2', '1', '3', '1.2 KiB', 'can be undone']);
    expect(restoreListText([])).toBe('No restores yet. Plan one: lifeboat plan SCOPE');
  });
});
