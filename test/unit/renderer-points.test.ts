import { describe, expect, it } from 'vitest';
import {
  changesText,
  freshness,
  joinPath,
  modeText,
  ownerText,
  parentPath,
  partialText,
  pathCrumbs,
  unchangedText,
} from '../../renderer/src/points/point-text';
import { latestBySystem, changesPoints } from '../../renderer/src/store/points-slice';

describe('restore point words', () => {
  it('says what an incremental backup did not read again', () => {
    expect(unchangedText({ bytes: 2048, bytesRead: 0 })).toBe(
      'Nothing changed since the previous restore point; no file was read again.',
    );
    expect(unchangedText({ bytes: 3 * 1024 * 1024, bytesRead: 1024 * 1024 })).toMatch(
      /^1(\.0)? MiB read; 2(\.0)? MiB unchanged since the previous restore point\.$/,
    );
    // A first backup (everything read), or a summary without the figure: nothing to say.
    expect(unchangedText({ bytes: 2048, bytesRead: 2048 })).toBeUndefined();
    expect(unchangedText({ bytes: 2048 })).toBeUndefined();
    expect(unchangedText(undefined)).toBeUndefined();
  });

  it('says what a partial point lacks, and that a restore cannot bring it back', () => {
    expect(partialText(1)).toBe(
      'The backup could not read 1 file or folder, so it is not in this restore point; everything else in it is whole. A restore from it cannot bring it back.',
    );
    expect(partialText(1234)).toMatch(
      /^The backup could not read 1,234 files or folders, so they are not in/,
    );
  });

  it('says what changed, or that it is the first', () => {
    expect(changesText({ kind: 'backup' })).toBe('first');
    expect(changesText({ kind: 'backup', changes: { added: 1200, changed: 3, removed: 0 } })).toBe(
      '+1,200 ~3 −0',
    );
    // A safety point is no step in the scope's history: it says what it is.
    expect(changesText({ kind: 'safety' })).toBe('safety point');
  });

  it('writes modes as ls -l does, with setuid, setgid and sticky bits', () => {
    expect(modeText('file', 0o644)).toBe('-rw-r--r--');
    expect(modeText('dir', 0o755)).toBe('drwxr-xr-x');
    expect(modeText('file', 0o4755)).toBe('-rwsr-xr-x');
    expect(modeText('file', 0o2644)).toBe('-rw-r-Sr--');
    expect(modeText('dir', 0o1777)).toBe('drwxrwxrwt');
    expect(modeText('symlink', 0o777)).toBe('lrwxrwxrwx');
  });

  it('names owners by user and uid', () => {
    expect(ownerText({ user: 'www-data', uid: 33 })).toBe('www-data (33)');
    expect(ownerText({ uid: 1001 })).toBe('1001');
  });

  it('compares the newest point with the RPO', () => {
    const now = new Date('2025-03-04T12:00:00Z');
    const rel = () => '3 hours ago';
    expect(freshness(undefined, { seconds: 3600, label: '1h' }, now, rel)).toEqual({
      tone: 'error',
      text: 'No restore point yet: not protected',
    });
    expect(freshness('2025-03-04T09:00:00Z', { seconds: 86_400, label: '1d' }, now, rel)).toMatchObject({
      tone: 'ok',
      text: '3 hours ago · RPO 1d',
    });
    expect(freshness('2025-03-04T09:00:00Z', { seconds: 3600, label: '1h' }, now, rel)).toMatchObject({
      tone: 'warning',
      text: '3 hours ago · RPO 1h exceeded',
    });
  });

  it('walks paths for the tree browser', () => {
    expect(pathCrumbs('etc/nginx')).toEqual([
      { name: 'etc', path: 'etc' },
      { name: 'nginx', path: 'etc/nginx' },
    ]);
    expect(parentPath('etc/nginx')).toBe('etc');
    expect(parentPath('etc')).toBe('');
    expect(joinPath('', 'etc')).toBe('etc');
    expect(joinPath('etc', 'nginx')).toBe('etc/nginx');
  });

  it('finds the newest point per system and knows which journal entries change the list', () => {
    const p = (id: string, system?: string) =>
      ({ id, ...(system ? { system } : {}) }) as Parameters<typeof latestBySystem>[0][number];
    const latest = latestBySystem([p('a', 'web'), p('b'), p('c', 'web'), p('d', 'db')]);
    expect([...latest.entries()].map(([k, v]) => [k, v.id])).toEqual([
      ['web', 'a'],
      ['db', 'd'],
    ]);
    expect(changesPoints('point.recorded')).toBe(true);
    expect(changesPoints('catalog.rebuilt')).toBe(true);
    expect(changesPoints('server.added')).toBe(false);
  });
});
