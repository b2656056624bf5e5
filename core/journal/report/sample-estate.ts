// A sample estate with history, for the report's tests and its browser screenshot. The estate
// (vault, servers, repository, systems) goes through the contract like any user's; the history
// (restore points, verifications, restores) is recorded straight into the catalog, as the backup,
// verify and restore engines record it, because taking real points needs real servers. It holds
// every case the report must show: fresh, stale and missing points, a gap over the RPO, full and
// partial verification, damage, restores in place and alongside, an undo, a failure, and names
// and messages that try to inject markup.
import { createHash } from 'node:crypto';
import type { PlanView, RestoreItemResult } from '../../api/contract';
import type { Lifeboat } from '../../api/lifeboat';

export const hostile = {
  owner: '<script>alert("owner")</script> & "DBA" team',
  path: '/var/lib/<pg>&"data"',
  error: 'disk full writing <img src=x onerror=alert(1)>',
  description: 'Customer records. <b>Not bold</b> <a href="javascript:alert(1)">link</a>',
};

const hour = 3_600_000;
const id = (text: string) => createHash('sha256').update(text).digest('hex');

export async function seedReportSample(lb: Lifeboat, repoDir: string, now: Date): Promise<void> {
  await lb.call('vault.init', { passphrase: 'sample vault passphrase' });
  await lb.call('server.add', { name: 'web-1', host: '10.0.0.5', user: 'deploy', auth: { kind: 'agent' } });
  await lb.call('server.add', { name: 'db-1', host: '10.0.0.9', user: 'deploy', auth: { kind: 'agent' } });
  await lb.call('repo.add', { name: 'offsite', location: { kind: 'local', path: repoDir } });
  await lb.call('system.add', {
    name: 'billing-api',
    ownerTeam: 'payments',
    ownerContact: '#payments-oncall',
    criticality: 'critical',
    rpo: '24h',
    rto: '1h',
    drillEvery: '30d',
    repository: 'offsite',
    scopes: ['server:web-1:/etc/nginx', 'server:web-1:/srv/billing'],
  });
  await lb.call('system.add', {
    name: 'customer-db',
    ownerTeam: hostile.owner,
    criticality: 'high',
    rpo: '1h',
    rto: '4h',
    repository: 'offsite',
    scopes: [`server:db-1:${hostile.path}`],
    description: hostile.description,
  });
  await lb.call('system.add', {
    name: 'status-page',
    ownerTeam: 'site reliability',
    criticality: 'low',
    rpo: '7d',
    rto: '1d',
    repository: 'offsite',
    scopes: ['server:web-1:/var/www/status'],
  });

  const s = lb.services;
  const point = (system: string, scope: string, hoursAgo: number, extra: { kind?: 'safety' } = {}) =>
    recordSamplePoint(lb, scope, new Date(now.getTime() - hoursAgo * hour).toISOString(), {
      system,
      safety: extra.kind === 'safety',
      files: 120 + Math.round(hoursAgo),
      bytes: 3_400_000 + Math.round(hoursAgo) * 1000,
    });
  const verify = (pid: string, hoursAgo: number, mode: string, damage = 0) =>
    s.points.recordVerification(pid, {
      at: new Date(now.getTime() - hoursAgo * hour).toISOString(),
      mode,
      ok: damage === 0,
      damage,
      checkedBlobs: 52,
      bytesRead: mode === 'structure' ? 0 : 3_400_000,
    });

  // billing-api /etc/nginx: daily, with one 3-day gap; the newest 3 hours old (fresh).
  const nginx = [3, 27, 51, 123, 147, 171].map((h) => point('billing-api', 'server:web-1:/etc/nginx', h));
  verify(nginx[0]!, 2, 'read-data');
  verify(nginx[1]!, 26, 'sample');
  verify(nginx[3]!, 100, 'read-data', 2);
  // billing-api /srv/billing: the newest is two days old against a 24h RPO (stale).
  const billing = [50, 74, 98].map((h) => point('billing-api', 'server:web-1:/srv/billing', h));
  verify(billing[0]!, 49, 'structure');
  // status-page: weekly-ish and verified.
  const status = point('status-page', 'server:web-1:/var/www/status', 30);
  verify(status, 29, 'read-data');
  // customer-db has no restore point at all.

  const safety = point('billing-api', 'server:web-1:/etc/nginx', 20, { kind: 'safety' });
  restore(lb, {
    id: 'r1a2b3c4d5e6',
    scope: 'server:web-1:/etc/nginx',
    destination: 'server:web-1:/etc/nginx',
    pointId: nginx[1]!,
    safetyPointId: safety,
    durationMs: 42_000,
    state: 'Succeeded',
    items: 3,
  });
  restore(lb, {
    id: 'u9f8e7d6c5b4',
    scope: 'server:web-1:/etc/nginx',
    destination: 'server:web-1:/etc/nginx',
    pointId: safety,
    undoOf: 'r1a2b3c4d5e6',
    durationMs: 9_000,
    state: 'Succeeded',
    items: 3,
  });
  restore(lb, {
    id: 'f0e1d2c3b4a5',
    scope: 'server:web-1:/srv/billing',
    destination: 'server:web-1:/srv/billing-check',
    pointId: billing[0]!,
    durationMs: 5_400_000,
    state: 'Failed',
    items: 4,
    error: { code: 'restore.write_failed', message: hostile.error },
  });
}

/** Records a restore point of `scope` taken at `time`, as a backup (or a restore's safety point)
 * records it; returns its id. */
export function recordSamplePoint(
  lb: Lifeboat,
  scope: string,
  time: string,
  opts: { system?: string; safety?: boolean; unreadable?: number; files?: number; bytes?: number } = {},
): string {
  const pid = id(`${scope}@${time}${opts.safety ? 'safety' : ''}${opts.unreadable ?? ''}`);
  lb.services.points.record({
    id: pid,
    repository: 'offsite',
    repositoryId: id('offsite'),
    snapshot: {
      version: 1,
      complete: true,
      time,
      scope,
      ...(opts.system ? { system: opts.system } : {}),
      host: scope.split(':')[1] ?? '',
      paths: [scope.split(':')[2] ?? '/'],
      tree: id(`tree ${pid}`),
      stats: {
        files: opts.files ?? 3,
        dirs: 14,
        bytes: opts.bytes ?? 300,
        blobsNew: 3,
        bytesNew: 90_000,
        durationMs: 4_200,
      },
      ...(opts.safety ? { tags: ['safety'] } : {}),
      ...(opts.unreadable
        ? { unreadable: { count: opts.unreadable, items: [{ path: '/x', reason: 'Permission denied' }] } }
        : {}),
    },
  });
  return pid;
}

interface SampleRestore {
  id: string;
  scope: string;
  destination: string;
  pointId: string;
  safetyPointId?: string;
  undoOf?: string;
  durationMs: number;
  state: 'Succeeded' | 'Failed';
  items: number;
  error?: { code: string; message: string };
}

function restore(lb: Lifeboat, r: SampleRestore): void {
  const store = lb.services.restores;
  // The store stamps restores with the time they are recorded; the plan says the same.
  const started = new Date().toISOString();
  const plan: PlanView = {
    id: `plan-${r.id}`,
    createdAt: started,
    actor: 'cli',
    ...(r.undoOf ? { undoOf: r.undoOf } : {}),
    source: { scope: r.scope },
    point: {
      id: r.pointId,
      shortId: r.pointId.slice(0, 8),
      time: started,
      repository: 'offsite',
      kind: r.undoOf ? 'safety' : 'backup',
      why: 'chosen by id',
    },
    destination: { scope: r.destination, inPlace: r.scope === r.destination },
    subset: {},
    options: { deleteExtra: false, conflict: 'update' },
    preview: { kind: 'files', create: [], replace: [], delete: [], unchanged: 0, skipped: [], bytes: 0 },
    dataLoss: { from: started, to: started, changedSince: 0, summary: '' },
    estimate: { basis: 'no earlier restores' },
    safety: { items: 0, bytes: 0, summary: '' },
    empty: false,
  };
  const items: RestoreItemResult[] = Array.from({ length: r.items }, (_, i) => ({
    item: `${r.destination.split(':')[2] ?? ''}/file-${i}`,
    action: 'replace',
    result: r.state === 'Failed' && i > 0 ? 'not done' : r.state === 'Failed' ? 'failed' : 'done',
  }));
  store.savePlan(plan);
  store.start({ id: r.id, plan, jobId: `job-${r.id}`, actor: 'cli', items });
  if (r.safetyPointId) store.update(r.id, { items, safetyPointId: r.safetyPointId });
  store.finish(r.id, {
    state: r.state,
    items,
    bytes: 48_000,
    durationMs: r.durationMs,
    ...(r.error ? { error: r.error } : {}),
  });
}
