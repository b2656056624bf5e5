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
import type { ScopeStatus, SystemStatus } from '../../core/api/contract';
import { changesPoints, changesProtection } from '../../renderer/src/store/points-slice';
import { protectionAt, protectionText, systemProtectionAt } from '../../renderer/src/systems/protection-text';

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

  it('knows which journal entries change the points and the protection', () => {
    expect(changesPoints('point.recorded')).toBe(true);
    expect(changesPoints('catalog.rebuilt')).toBe(true);
    expect(changesPoints('server.added')).toBe(false);
    expect(changesProtection('restore.safety_point')).toBe(true);
    expect(changesProtection('system.updated')).toBe(true);
    expect(changesProtection('server.added')).toBe(false);
  });
});

describe('protection words', () => {
  const now = new Date('2025-03-04T12:00:00Z');
  const rel = (iso: string) => `${Math.round((now.getTime() - Date.parse(iso)) / 3_600_000)} hours ago`;
  const scope = (
    path: string,
    hoursAgo?: number,
    extra: Partial<NonNullable<ScopeStatus['newest']>> = {},
  ) => {
    if (hoursAgo === undefined) return { scope: `server:web-1:${path}`, protection: 'none' } as ScopeStatus;
    const time = new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
    return {
      scope: `server:web-1:${path}`,
      protection: 'fresh',
      newest: {
        id: 'a'.repeat(64),
        shortId: 'aaaaaaaa',
        time,
        ageSeconds: 0,
        evidence: 'verified',
        ...extra,
      },
      staleAt: new Date(Date.parse(time) + 86_400_000).toISOString(),
    } as ScopeStatus;
  };
  const system = (...scopes: ScopeStatus[]): SystemStatus => ({
    system: 'billing',
    criticality: 'high',
    rpo: { text: '1d', seconds: 86_400 },
    protection: 'fresh',
    scopes,
  });

  it('re-reads the RPO against the clock: a page left open turns stale on time', () => {
    const sc = scope('/etc', 23);
    expect(protectionAt(sc, now)).toBe('fresh');
    expect(protectionAt(sc, new Date(now.getTime() + 2 * 3_600_000))).toBe('stale');
    expect(protectionAt(scope('/etc'), now)).toBe('none');
  });

  it('rates a system by the scope that goes stale first, and names it', () => {
    expect(protectionText(system(scope('/etc', 3)), now, rel)).toEqual({
      protection: 'fresh',
      tone: 'ok',
      text: '3 hours ago · RPO 1d',
      notes: [],
    });
    const two = system(scope('/etc', 3), scope('/srv/app', 30));
    expect(systemProtectionAt(two, now)).toBe('stale');
    expect(protectionText(two, now, rel)).toMatchObject({
      tone: 'warning',
      text: '/srv/app: 30 hours ago · RPO 1d exceeded',
    });
  });

  it('says which scopes have no point, and what newest points lack', () => {
    expect(protectionText(system(scope('/etc')), now, rel)).toMatchObject({
      tone: 'error',
      text: 'No restore point yet: not protected',
    });
    const partly = system(
      scope('/etc', 3, { evidence: 'damaged' }),
      scope('/srv/app', 1, { unreadable: 1 }),
      scope('/var'),
    );
    expect(protectionText(partly, now, rel)).toEqual({
      protection: 'none',
      tone: 'error',
      text: 'No restore point of /var: not protected',
      notes: [
        { tone: 'error', text: 'The newest restore point of /etc is damaged' },
        { tone: 'warning', text: 'The newest restore point of /srv/app lacks 1 unreadable item' },
      ],
    });
  });
});
