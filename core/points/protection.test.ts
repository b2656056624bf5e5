// system.status through the contract on a real catalog (the report's sample estate: a fresh and a
// stale scope in one system, a system with no point, a verified one), and the cases that must not
// look protected: a newer safety point, a partial or damaged newest point.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLifeboat, type Lifeboat } from '../api/lifeboat';
import type { SystemStatus } from '../api/contract';
import { recordSamplePoint, seedReportSample } from '../journal/report/sample-estate';

const hour = 3_600_000;

describe('system.status', () => {
  let lb: Lifeboat;
  let now: Date;
  const ago = (h: number) => new Date(now.getTime() - h * hour).toISOString();
  const status = async (name: string): Promise<SystemStatus> => {
    const { systems } = await lb.call('system.status', {});
    const s = systems.find((x) => x.system === name);
    if (!s) throw new Error(`no status for ${name}`);
    return s;
  };
  const record = (scope: string, hoursAgo: number, opts: { safety?: boolean; unreadable?: number } = {}) =>
    recordSamplePoint(lb, scope, ago(hoursAgo), opts);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeboat-status-'));
    lb = createLifeboat({ dataDir: join(dir, 'data'), mode: 'cli', actor: 'oncall' });
    now = new Date();
    await seedReportSample(lb, join(dir, 'repo'), now);
  });

  it('rates a system by its worst scope, and says when each scope goes stale', async () => {
    const billing = await status('billing-api');
    expect(billing.protection).toBe('stale');
    expect(billing.rpo.seconds).toBe(86_400);
    const [nginx, srv] = billing.scopes;
    expect(nginx).toMatchObject({ scope: 'server:web-1:/etc/nginx', protection: 'fresh' });
    expect(nginx!.newest).toMatchObject({ evidence: 'verified', ageSeconds: 3 * 3600 });
    expect(nginx!.newest!.time).toBe(ago(3));
    expect(nginx!.staleAt).toBe(ago(3 - 24));
    expect(nginx!.lastVerified?.id).toBe(nginx!.newest!.id);
    // The newest of /srv/billing is two days old and only had its structure checked.
    expect(srv).toMatchObject({ protection: 'stale', newest: { evidence: 'checked' } });
    expect(srv!.lastVerified).toBeUndefined();
  });

  it('says "none" for a system without any restore point', async () => {
    const db = await status('customer-db');
    expect(db.protection).toBe('none');
    expect(db.scopes).toHaveLength(1);
    expect(db.scopes[0]!.newest).toBeUndefined();
    expect(db.scopes[0]!.staleAt).toBeUndefined();
    expect((await status('status-page')).protection).toBe('fresh');
  });

  it('does not count a safety point as protection', async () => {
    // A restore an hour ago captured what it overwrote: the scope holds no new backup.
    record('server:web-1:/srv/billing', 1, { safety: true });
    const srv = (await status('billing-api')).scopes[1]!;
    expect(srv.protection).toBe('stale');
    expect(srv.newest!.time).toBe(ago(50));
  });

  it('keeps a partial or damaged newest point fresh but says what it lacks', async () => {
    const pid = record('server:web-1:/var/www/status', 0.5, { unreadable: 7 });
    let page = (await status('status-page')).scopes[0]!;
    expect(page.protection).toBe('fresh');
    expect(page.newest).toMatchObject({ id: pid, unreadable: 7, evidence: 'unverified' });
    // The older, verified point is still the newest verified one.
    expect(page.lastVerified?.verifiedAt).toBe(ago(29));

    lb.services.points.recordVerification(pid, {
      at: now.toISOString(),
      mode: 'read-data',
      ok: false,
      damage: 2,
      checkedBlobs: 3,
      bytesRead: 300,
    });
    page = (await status('status-page')).scopes[0]!;
    expect(page.newest!.evidence).toBe('damaged');
    expect(page.lastVerified!.id).not.toBe(pid);
  });
});
