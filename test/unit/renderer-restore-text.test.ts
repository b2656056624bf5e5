// Words for plans and restores: counts, old → new facts, field values, estimates, undo status.
import { describe, expect, it } from 'vitest';
import type { FileFacts, FilesPreview, ObjectsPreview } from '../../core/api/contract';
import {
  canUndo,
  changeLabel,
  changesSentence,
  countsText,
  estimateText,
  factText,
  fieldValueText,
  itemsHeading,
  oldNew,
  outcomeSentence,
  previewCounts,
  subsetText,
  targetChanged,
  undoStatus,
  writtenText,
  type RestoreSummary,
} from '../../renderer/src/recover/restore-text';

const file = (patch: Partial<FileFacts> = {}): FileFacts => ({
  type: 'file',
  size: 1536,
  mode: 0o644,
  uid: 33,
  gid: 33,
  user: 'www-data',
  group: 'www-data',
  mtime: '2025-03-04T09:05:07Z',
  sha256: 'a'.repeat(60) + 'beef',
  ...patch,
});

const filesPreview = (patch: Partial<FilesPreview> = {}): FilesPreview => ({
  kind: 'files',
  create: [],
  replace: [{ path: '/srv/site/a', old: file({ size: 10 }), new: file() }],
  delete: [],
  unchanged: 12,
  skipped: [],
  bytes: 1536,
  ...patch,
});

const objectsPreview: ObjectsPreview = {
  kind: 'objects',
  create: [{ ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'x' } }],
  update: [],
  delete: [],
  unchanged: 1,
  skipped: [{ item: 'Pod/p', reason: 'owned by a controller' }],
  bytes: 300,
};

const restore = (patch: Partial<RestoreSummary> = {}): RestoreSummary => ({
  id: '0123456789abcdef',
  planId: 'plan1',
  jobId: 'job1',
  state: 'Succeeded',
  actor: 'serve',
  startedAt: '2025-03-04T12:00:00Z',
  scope: 'server:web-1:/srv/site',
  destination: 'server:web-1:/srv/site',
  inPlace: true,
  pointId: 'p'.repeat(64),
  safetyPointId: 's'.repeat(64),
  counts: { done: 3, failed: 0, notDone: 0 },
  bytes: 2048,
  durationMs: 3500,
  ...patch,
});

describe('preview counts', () => {
  it('counts what is written and names the change per kind', () => {
    expect(previewCounts(filesPreview())).toEqual({
      create: 0,
      change: 1,
      delete: 0,
      unchanged: 12,
      skipped: 0,
      total: 1,
    });
    expect(previewCounts(objectsPreview)).toMatchObject({ create: 1, change: 0, skipped: 1, total: 1 });
    expect(changeLabel('files', 'change')).toBe('Replace');
    expect(changeLabel('objects', 'change')).toBe('Update');
  });
  it('says the changes in one sentence, or that there is nothing to write', () => {
    expect(changesSentence(filesPreview())).toBe('1 to replace, 0 to create, 0 to delete (1 item in all)');
    expect(changesSentence(objectsPreview)).toBe('0 to update, 1 to create, 0 to delete (1 object in all)');
    expect(changesSentence(filesPreview({ replace: [] }))).toBe(
      'Nothing to write: 12 items already match the point.',
    );
  });
});

describe('file facts', () => {
  it('writes each fact as people read it', () => {
    expect(factText(file(), 'size')).toBe('1.5 KiB');
    expect(factText(file({ type: 'dir' }), 'size')).toBe('directory');
    expect(factText(file({ type: 'symlink', linkTarget: 'index.html' }), 'size')).toBe('link → index.html');
    expect(factText(file(), 'mode')).toBe('-rw-r--r--');
    expect(factText(file(), 'owner')).toBe('www-data:www-data');
    expect(factText(file({ user: undefined, group: undefined }), 'owner')).toBe('33:33');
    expect(factText(file(), 'content')).toBe('aaaaaa…beef');
    expect(factText(file({ sha256: undefined }), 'content')).toBe('—');
  });
  it('compares the live item with the point, fact by fact', () => {
    expect(oldNew(file({ size: 10 }), file(), 'size')).toEqual({
      kind: 'differs',
      old: '10 B',
      new: '1.5 KiB',
    });
    expect(oldNew(file(), file(), 'mode')).toEqual({ kind: 'same', text: '-rw-r--r--' });
    expect(oldNew(undefined, file(), 'size')).toEqual({ kind: 'only', side: 'new', text: '1.5 KiB' });
    expect(oldNew(file(), undefined, 'size')).toEqual({ kind: 'only', side: 'old', text: '1.5 KiB' });
    expect(oldNew(undefined, undefined, 'size')).toEqual({ kind: 'none' });
  });
  it('writes object field values short', () => {
    expect(fieldValueText(undefined)).toBe('(absent)');
    expect(fieldValueText('nginx:1.25')).toBe('nginx:1.25');
    expect(fieldValueText(3)).toBe('3');
    expect(fieldValueText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(fieldValueText('x'.repeat(200), 10)).toBe('xxxxxxxxx…');
  });
});

describe('the plan in words', () => {
  it('gives the estimate with its basis', () => {
    expect(estimateText({ seconds: 185, basis: '2 earlier restores' })).toBe(
      'About 3m 05s — 2 earlier restores',
    );
    expect(estimateText({ basis: 'unknown: nothing measured' })).toBe('Unknown — unknown: nothing measured');
    expect(estimateText({ seconds: 0, basis: 'nothing to write' })).toBe(
      'Nothing to write — nothing to write',
    );
  });
  it('says what part of the scope is restored', () => {
    expect(subsetText({})).toBe('Everything in the scope');
    expect(subsetText({ paths: ['/a', '/b'] })).toBe('/a, /b');
    expect(subsetText({ resources: ['A/a', 'B/b', 'C/c', 'D/d', 'E/e'] })).toBe('A/a, B/b, C/c and 2 more');
    expect(subsetText({ selector: 'app=web' })).toBe('objects matching app=web');
  });
});

describe('restores in words', () => {
  it('counts items and what was written', () => {
    expect(countsText({ done: 1200, failed: 1, notDone: 0 })).toBe('1,200 done, 1 failed, 0 not done');
    expect(countsText({ done: 0, failed: 0, notDone: 1 }, true)).toBe('0 done, 0 failed, 1 to do');
    expect(writtenText(restore())).toBe('2 KiB written in 3s');
    expect(writtenText(restore({ durationMs: 200 }))).toBe('2 KiB written in under 1s');
    expect(writtenText(restore({ durationMs: undefined }))).toBe('2 KiB written');
  });
  it('offers undo only for a finished restore that changed something and is not undone', () => {
    expect(canUndo(restore())).toBe(true);
    expect(undoStatus(restore())).toBe('Can be undone');
    expect(canUndo(restore({ state: 'Running' }))).toBe(false);
    expect(canUndo(restore({ undoneBy: 'fedcba9876543210' }))).toBe(false);
    expect(undoStatus(restore({ undoneBy: 'fedcba9876543210' }))).toBe('Undone by fedcba98');
    expect(undoStatus(restore({ undoOf: 'fedcba9876543210' }))).toBe('Undo of fedcba98');
    const nothing = restore({
      state: 'Failed',
      safetyPointId: undefined,
      counts: { done: 0, failed: 0, notDone: 3 },
    });
    expect(canUndo(nothing)).toBe(false);
    expect(undoStatus(nothing)).toBe('Nothing to undo');
    expect(
      canUndo(
        restore({ state: 'Cancelled', safetyPointId: undefined, counts: { done: 1, failed: 0, notDone: 2 } }),
      ),
    ).toBe(true);
  });
  it('says the outcome in one sentence, and that nothing was written when the target moved', () => {
    expect(outcomeSentence(restore())).toBe('Restored: all 3 items are as they are in the point.');
    expect(outcomeSentence(restore({ counts: { done: 1, failed: 0, notDone: 0 } }))).toBe(
      'Restored: the 1 item is as it is in the point.',
    );
    expect(outcomeSentence(restore({ undoOf: 'fedcba9876543210' }))).toContain('before restore fedcba98');
    expect(
      outcomeSentence(restore({ state: 'PartiallyFailed', counts: { done: 2, failed: 1, notDone: 0 } })),
    ).toBe('Partly restored: 2 of 3 items done; 1 failed, 0 not done.');
    const moved = restore({ state: 'Failed', error: { code: 'restore.target_changed', message: 'x' } });
    expect(targetChanged(moved.error)).toBe(true);
    expect(outcomeSentence(moved)).toContain('Nothing was written');
    expect(targetChanged({ code: 'ssh.unreachable' })).toBe(false);
    expect(
      outcomeSentence(restore({ state: 'Cancelled', counts: { done: 1, failed: 0, notDone: 2 } })),
    ).toContain('1 of 3 items were done');
  });
});

describe('itemsHeading', () => {
  it('counts the items not done, with one item said plainly', () => {
    expect(itemsHeading(0, 1, false)).toBe('The 1 item is done');
    expect(itemsHeading(1, 1, false)).toBe('The 1 item is not done');
    expect(itemsHeading(0, 1200, false)).toBe('All 1,200 items done');
    expect(itemsHeading(3, 12, false)).toBe('3 of 12 items not done');
    expect(itemsHeading(3, 12, true)).toBe('All 12 items');
  });
});
