// Pausing a run before its next step, a run interrupted by closing Lifeboat mid-step (an HTTP
// probe in flight) then resumed by the next Lifeboat on the same data folder, and a probe of a
// server that never answers failing by its time limit. Needs no server or cluster: the probes go
// to tiny HTTP servers started here.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';

async function ok<T>(l: Lifeboat, method: string, input: unknown): Promise<T> {
  const env = await l.dispatch(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.code}: ${env.error.message}`);
  return env.result as T;
}
const run = async (l: Lifeboat, method: string, input: unknown) =>
  (await ok<{ run: RunView }>(l, method, input)).run;
async function settle(l: Lifeboat, id: string): Promise<RunView> {
  for (;;) {
    const r = await run(l, 'run.get', { id });
    if (r.state !== 'Running') return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}
const states = (r: RunView) => Object.fromEntries(r.steps.map((s) => [s.id, s.state]));
const step = (r: RunView, id: string) => r.steps.find((s) => s.id === id)!;

describe('pause, interruption and resume', () => {
  const root = mkdtempSync(join(tmpdir(), 'lifeboat-runs-resume-'));
  const servers: Server[] = [];
  const estate = `apiVersion: lifeboat.io/v1\nkind: Estate\nrepositories:\n  - { name: usb, location: { kind: local, path: ${join(root, 'repo')} } }\nsystems:\n  - { name: probe, ownerTeam: ops, rpo: 24h, rto: 1h, repository: usb, scopes: ['server:nowhere:/srv'] }\nservers:\n  - { name: nowhere, host: 127.0.0.1, user: x, auth: agent }\n`;
  afterAll(() =>
    servers.forEach((s) => {
      s.closeAllConnections();
      s.close();
    }),
  );

  it('pauses before the next step, and resumes a run interrupted by closing Lifeboat', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      if (requests === 1) return; // the first probe hangs until Lifeboat goes away
      setTimeout(() => res.writeHead(200).end('ok'), 300);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const once = {
      url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/healthz`,
    };
    const dir = join(root, 'resume');
    let l1 = createLifeboat({ dataDir: dir, mode: 'cli', actor: 'test' });
    await ok(l1, 'estate.import', {
      content: estate,
    });
    await ok(l1, 'runbook.import', {
      yaml: `name: probe\nsystem: probe\nsteps:\n  - id: probe\n    kind: verify\n    title: Probe\n    checks:\n      - http: { url: '${once.url}', timeoutSeconds: 60 }\n  - { id: done, kind: note, title: Done, text: Recorded. }\n`,
    });
    const r1 = await run(l1, 'run.start', { system: 'probe', mode: 'incident' });
    while (requests === 0) await new Promise((res) => setTimeout(res, 50));
    expect((await run(l1, 'run.get', { id: r1.id })).state).toBe('Running');
    await l1.close();

    l1 = createLifeboat({ dataDir: dir, mode: 'cli', actor: 'test' });
    try {
      const interrupted = await run(l1, 'run.get', { id: r1.id });
      expect(interrupted.state).toBe('Interrupted');
      expect(step(interrupted, 'probe').state).toBe('Running');
      await run(l1, 'run.resume', { id: r1.id });
      const done = await settle(l1, r1.id);
      expect(done.state).toBe('Succeeded');
      expect(requests).toBe(2);
      const actions = (
        await ok<{ entries: { action: string; subject: string }[] }>(l1, 'journal.list', { limit: 100 })
      ).entries
        .filter((e) => e.subject === r1.id)
        .map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['run.interrupted', 'run.resumed', 'run.finished']));

      const r2 = await run(l1, 'run.start', { system: 'probe', mode: 'incident' });
      expect(r2.state).toBe('Running');
      expect((await run(l1, 'run.pause', { id: r2.id })).state).toBe('Running'); // the probe finishes first
      const paused = await settle(l1, r2.id);
      expect(paused.state).toBe('Paused');
      expect(states(paused)).toEqual({ probe: 'Succeeded', done: 'Pending' });
      await run(l1, 'run.resume', { id: r2.id });
      expect((await settle(l1, r2.id)).state).toBe('Succeeded');
    } finally {
      await l1.close();
    }
  });

  it('a check against a server that never answers fails the step by its time limit', async () => {
    const server = createServer(() => {}); // never answers
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/healthz`;
    const l = createLifeboat({ dataDir: join(root, 'silent'), mode: 'cli', actor: 'test' });
    try {
      await ok(l, 'estate.import', { content: estate });
      await ok(l, 'runbook.import', {
        yaml: `name: silent\nsystem: probe\nsteps:\n  - id: probe\n    kind: verify\n    title: Probe\n    checks:\n      - http: { url: '${url}', timeoutSeconds: 2 }\n`,
      });
      const started = Date.now();
      const r = await settle(l, (await run(l, 'run.start', { system: 'probe', mode: 'incident' })).id);
      expect(r.state).toBe('Failed');
      expect(step(r, 'probe').checks?.[0]).toMatchObject({ ok: false, message: 'no answer within 2 s' });
      expect(step(r, 'probe').error?.code).toBe('run.check_failed');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await l.close();
    }
  });
});
