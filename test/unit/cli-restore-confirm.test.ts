// `lifeboat restore` when the live target moves between the preview and the write: at a terminal
// it plans again and asks again; with --yes (which agreed to the preview printed before) it shows
// the new plan and stops, writing nothing more. Against a fake Lifeboat: only the CLI's logic.
import { describe, expect, it } from 'vitest';
import type { FilesPreview } from '../../core/api/contract';
import type { Lifeboat } from '../../core/api/lifeboat';
import { carryOut } from '../../core/cli/commands/restore';
import type { CliContext } from '../../core/cli/context';
import { job, plan, restore } from './view-fixtures';

function fakeContext(outcomes: ('changed' | 'done')[]) {
  const out: string[] = [];
  const err: string[] = [];
  const executed: string[] = [];
  const lifeboat = {
    async call(method: string, input: { planId?: string; id?: string }) {
      if (method === 'restore.execute') {
        executed.push(input.planId!);
        const n = executed.length;
        return { job: job(`job-${n}`, 'Running'), restore: restore(`r-${n}`, input.planId!) };
      }
      if (method === 'restore.get') {
        const n = Number(input.id!.slice(2));
        const ok = outcomes[n - 1] === 'done';
        return {
          restore: restore(input.id!, executed[n - 1]!, {
            state: ok ? 'Succeeded' : 'Failed',
            counts: ok ? { done: 1, failed: 0, notDone: 0 } : { done: 0, failed: 0, notDone: 1 },
            items: [{ item: '/srv/site/a', action: 'replace', result: ok ? 'done' : 'not done' }],
          }),
        };
      }
      throw new Error(`unexpected call ${method}`);
    },
    jobs: {
      async wait(id: string) {
        const n = Number(id.slice(4));
        if (outcomes[n - 1] === 'done') return job(id, 'Succeeded');
        return {
          ...job(id, 'Failed'),
          error: { code: 'restore.target_changed', message: '/srv/site/a changed since the preview.' },
        };
      },
      cancel() {},
    },
    subscribe: () => () => {},
  } as unknown as Lifeboat;
  const c: CliContext = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    json: false,
    dataDir: '/nonexistent',
    open: () => lifeboat,
    print: (_data, human) => out.push(human()),
    exitCode: 0,
    close: async () => {},
  };
  return { c, out, err, executed };
}

describe('restore when the target moved after the preview', () => {
  it('with --yes: shows the new plan, does not carry it out, and exits non-zero', async () => {
    const { c, out, err, executed } = fakeContext(['changed', 'done']);
    const replans: string[] = [];
    await carryOut(
      c,
      plan('plan-1'),
      async () => {
        replans.push('plan-2');
        const preview: FilesPreview = {
          ...(plan('x').preview as FilesPreview),
          replace: [{ path: '/srv/site/b' }],
        };
        return plan('plan-2', { preview });
      },
      true,
    );
    expect(executed).toEqual(['plan-1']);
    expect(replans).toEqual(['plan-2']);
    expect(c.exitCode).toBe(1);
    expect(out.at(-1)).toContain('/srv/site/b');
    expect(err.join('\n')).toMatch(/changed since the preview[\s\S]*Nothing was written/);
  });

  it('with --yes and nothing moved: executes the plan once and exits 0', async () => {
    const { c, executed } = fakeContext(['done']);
    await carryOut(c, plan('plan-1'), () => Promise.reject(new Error('must not re-plan')), true);
    expect(executed).toEqual(['plan-1']);
    expect(c.exitCode).toBe(0);
  });

  it('without --yes and no terminal to ask at: refuses before executing anything', async () => {
    const { c, executed } = fakeContext(['done']);
    await expect(
      carryOut(c, plan('plan-1'), () => Promise.reject(new Error('must not re-plan'))),
    ).rejects.toThrow(/--yes/);
    expect(executed).toEqual([]);
  });
});
