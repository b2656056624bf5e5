// Counts in the CLI's sentences agree with their nouns: "1 change", "1 problem", "1 file, 1 dir".
import { describe, expect, it } from 'vitest';
import type { FilesPreview, JobView, PointView } from '../../api/contract';
import { job, plan } from '../../../test/unit/view-fixtures';
import { progressLine } from '../wait-jobs';
import { outcome, pointText, rebuildText, verifyText } from './backup';
import { confirmQuestion } from './restore';

const point = (patch: Partial<PointView> = {}): PointView => ({
  id: 'c'.repeat(64),
  shortId: 'cccccccc',
  repository: 'usb',
  system: 'walk',
  scope: 'server:local:/tmp/walk-tree',
  time: '2026-11-26T14:05:00Z',
  provider: 'native',
  kind: 'backup',
  files: 1,
  dirs: 1,
  bytes: 5,
  bytesNew: 5,
  durationMs: 1000,
  bytesPerSecond: 5,
  ...patch,
});

const finished = (patch: Partial<JobView>): JobView => ({ ...job('j1', 'Succeeded'), ...patch });

describe('plurals in CLI output', () => {
  it('asks to write "this 1 change", or "these N changes"', () => {
    expect(confirmQuestion(plan('p1'))).toContain('Write this 1 change to');
    const two = plan('p2', {
      preview: {
        ...(plan('x').preview as FilesPreview),
        replace: [{ path: '/a' }],
        create: [{ path: '/b' }],
      },
    });
    expect(confirmQuestion(two)).toContain('Write these 2 changes to');
  });

  it('points show: "1 file, 1 dir", "2 files, 0 dirs"', () => {
    const r = { point: point(), path: 'walk-tree', entries: [] };
    expect(pointText(r)).toContain('1 file, 1 dir, 5 B');
    expect(pointText({ ...r, point: point({ files: 2, dirs: 0 }) })).toContain('2 files, 0 dirs, 5 B');
    expect(pointText(r)).toContain('\n/tmp/walk-tree');
  });

  it('verify: "DAMAGED: 1 problem", "1 tree, 1 data blob checked"', () => {
    const damaged = finished({
      state: 'Failed',
      summary: { ok: false },
      failures: [{ item: 'pack 1f', message: 'hash mismatch' }],
    });
    expect(verifyText('read-data', damaged)).toContain('DAMAGED (read-data): 1 problem:');
    const two = finished({
      ...damaged,
      failures: [...damaged.failures, { item: 'pack 2f', message: 'gone' }],
    });
    expect(verifyText('read-data', two)).toContain('DAMAGED (read-data): 2 problems:');
    const ok = finished({ summary: { ok: true, trees: 1, dataBlobs: 1, dataBlobsRead: 1, bytesRead: 10 } });
    expect(verifyText('read-data', ok)).toContain('OK (read-data): 1 tree, 1 data blob checked, 1 read');
  });

  it('backup and catalog rebuild: "1 file", "1 restore point"', () => {
    const backup = finished({ title: 'Back up x', summary: { pointId: 'c'.repeat(64), files: 1, bytes: 5 } });
    expect(outcome(backup)).toContain('restore point cccccccc: 1 file, 5 B');
    expect(rebuildText(finished({ summary: { points: 1 } }))).toBe(
      'Succeeded: 1 restore point from the repositories.',
    );
    expect(rebuildText(finished({ summary: { points: 3 } }))).toContain('3 restore points from');
  });

  it('progress: "1 item", "0/1 item", "2 items"', () => {
    const p = job('j', 'Running').progress;
    expect(progressLine(finished({ progress: { ...p, itemsDone: 1 } }))).toContain('— 1 item, ');
    expect(progressLine(finished({ progress: { ...p, itemsDone: 0, itemsTotal: 1 } }))).toContain(
      '0/1 item, ',
    );
    expect(progressLine(finished({ progress: { ...p, itemsDone: 2 } }))).toContain('— 2 items, ');
  });
});
