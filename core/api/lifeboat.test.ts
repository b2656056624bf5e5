import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methodNames, methods } from './contract';
import { createLifeboat, type Lifeboat } from './lifeboat';

let open: Lifeboat[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

function lifeboat(): Lifeboat {
  const l = createLifeboat({
    dataDir: mkdtempSync(join(tmpdir(), 'lifeboat-api-')),
    mode: 'cli',
    testMethods: {
      'test.countJob': {
        input: z.object({ n: z.number().int().positive() }).strict(),
        handle: (i, s) => {
          const { n } = i as { n: number };
          return s.jobs.start({
            kind: 'test',
            title: `count to ${n}`,
            async run({ progress }) {
              progress.total({ items: n });
              for (let k = 0; k < n; k++) progress.add({ items: 1 });
            },
          });
        },
      },
    },
  });
  open.push(l);
  return l;
}

describe('dispatch', () => {
  it('answers every method of the contract (no method is left unimplemented)', async () => {
    const l = lifeboat();
    for (const m of methodNames) {
      expect(methods[m].summary.length).toBeGreaterThan(10);
      // With empty or plausible input: a result or a clear domain/input error — never
      // "unknown method", never an internal error.
      for (const input of [{}, { name: 'nothing-here', id: 'none' }]) {
        const env = await l.dispatch(m, input);
        if (!env.ok)
          expect(env.error.code, `${m}: ${env.error.message}`).not.toMatch(
            /^(api\.unknown_method|internal\.)/,
          );
      }
    }
  });

  it('returns app.info with the catalog schema', async () => {
    const l = lifeboat();
    const info = await l.call('app.info', {});
    expect(info.name).toBe('Lifeboat');
    expect(info.catalogSchemaVersion).toBeGreaterThanOrEqual(1);
    expect(info.dataDir).toBe(l.services.dataDir);
  });

  it('refuses an unknown method and malformed input before anything runs', async () => {
    const l = lifeboat();
    expect(await l.dispatch('nope.never', {})).toEqual({
      ok: false,
      error: {
        code: 'api.unknown_method',
        message: 'Unknown method "nope.never".',
      },
    });
    const bad = await l.dispatch('jobs.list', { limit: 'lots', extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('api.invalid_input');
      expect(bad.error.message).toContain('limit');
      expect(bad.error.message).toContain('extra');
    }
    const notObject = await l.dispatch('app.info', 'hello');
    expect(!notObject.ok && notObject.error.code).toBe('api.invalid_input');
    const started = await l.dispatch('test.countJob', { n: -1 });
    expect(!started.ok && started.error.code).toBe('api.invalid_input');
    expect((await l.call('jobs.list', {})).jobs).toEqual([]);
  });

  it('runs a job started through dispatch and lists it', async () => {
    const l = lifeboat();
    const started = await l.dispatch('test.countJob', { n: 5 });
    expect(started.ok).toBe(true);
    const id = (started as { ok: true; result: { id: string } }).result.id;
    const job = await l.jobs.wait(id);
    expect(job.state).toBe('Succeeded');
    const { jobs } = await l.call('jobs.list', { states: ['Succeeded'] });
    expect(jobs.map((j) => j.id)).toEqual([id]);
    const { entries, headHash } = await l.call('journal.list', {});
    expect(entries[0]?.hash).toBe(headHash);
  });
});
