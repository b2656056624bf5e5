// The catalog's restore points on a real SQLite file: a partial point (what its backup could not
// read, as its snapshot records it) is listed with the count and the items, a whole one without,
// and recording the same snapshot again (catalog rebuild) keeps it as the snapshot says.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../catalog/catalog';
import type { Snapshot } from '../repository/snapshot';
import { createPointStore } from './point-store';

const snapshot = (patch: Partial<Snapshot> = {}): Snapshot => ({
  version: 1,
  time: '2026-11-26T10:00:00.000Z',
  scope: 'server:web-1:/srv/app',
  host: 'web-1',
  paths: ['/srv/app'],
  tree: 'a'.repeat(64),
  stats: { files: 10, dirs: 2, bytes: 1000, blobsNew: 10, bytesNew: 900, durationMs: 50 },
  complete: true,
  ...patch,
});

describe('restore points in the catalog', () => {
  it('records what a partial point lacks, and a rebuild keeps it as the snapshot says', () => {
    const catalog = openCatalog(mkdtempSync(join(tmpdir(), 'lifeboat-points-')));
    try {
      const points = createPointStore(catalog.db);
      const unreadable = {
        count: 1234,
        items: [{ path: '/srv/app/secret.key', reason: 'Cannot open: Permission denied' }],
      };
      const base = { repository: 'usb', repositoryId: 'b'.repeat(64) };
      points.record({ id: 'c'.repeat(64), ...base, snapshot: snapshot({ unreadable }) });
      points.record({ id: 'd'.repeat(64), ...base, snapshot: snapshot({ time: '2026-11-26T11:00:00Z' }) });

      const [whole, partial] = points.list({ limit: 10 });
      expect(whole!.id).toBe('d'.repeat(64));
      expect(whole!.unreadable).toBeUndefined();
      expect(partial!.unreadable).toEqual(unreadable);
      expect(points.resolve('cccccc').unreadable).toEqual(unreadable);

      // Recorded again from the same snapshot (catalog rebuild): the same facts, no duplicate.
      points.record({ id: 'c'.repeat(64), ...base, snapshot: snapshot({ unreadable }) });
      expect(points.list({ limit: 10 }).map((p) => p.unreadable?.count ?? 0)).toEqual([0, 1234]);
    } finally {
      catalog.close();
    }
  });
});
