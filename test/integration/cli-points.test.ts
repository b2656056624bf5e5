// `lifeboat points [SYSTEM] [--scope SCOPE]` and `points show ID --path DIR` through the built
// CLI, against the real sshd and a repository on a local folder. A listing's filters are checked
// as `backup` checks them: an unknown system, a malformed scope, or a scope the system does not
// have is an error naming it (exit 1) — not "No restore points yet" while points exist; valid
// filters that match nothing say of what. `points show --path` takes the absolute path inside the
// point's scope that `plan --path` takes, and still the path relative to the point's top.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { requireService } from '../harness/services';
import { cliFor, estateSteps } from './cli-run';

const sshd = requireService(inject('services'), 'sshd');

const lifeboat = (dataDir: string, args: string[], env?: NodeJS.ProcessEnv) =>
  cliFor(dataDir, 'cli points passphrase')(args, env);

describe.skipIf(sshd.skip)('points from the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-points-'));
  const data = join(dir, 'data');
  const tree = join(dir, 'server', 'walk-tree');
  const walk = `server:web-1:${tree}`;
  const empty = `server:web-1:${join(dir, 'server', 'empty')}`;
  const goneScope = `server:web-1:${join(dir, 'server', 'gone')}`;
  let id = '';

  const points = async (args: string[]) => {
    const r = await lifeboat(data, ['--json', 'points', ...args]);
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as { shortId: string; scope: string; system?: string }[];
  };

  beforeAll(async () => {
    mkdirSync(join(tree, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(tree, 'a.txt'), 'a\n');
    writeFileSync(join(tree, 'sub', 'b.txt'), 'b\n');
    writeFileSync(join(tree, 'sub', 'deeper', 'c.txt'), 'c\n');
    mkdirSync(join(dir, 'server', 'empty'), { recursive: true });
    mkdirSync(join(dir, 'server', 'gone'), { recursive: true });
    writeFileSync(join(dir, 'server', 'gone', 'old.txt'), 'old\n');
    mkdirSync(join(dir, 'repo'));
    const steps = [
      ...estateSteps(sshd.get(), join(dir, 'repo'), [
        ['walk', walk],
        ['empty', empty],
        ['gone', goneScope],
      ]),
      ['backup', 'walk'],
      ['backup', 'gone'],
      // Its restore points outlive it (they stay in the repository and the catalog).
      ['system', 'remove', 'gone'],
    ];
    for (const args of steps) {
      const r = await lifeboat(data, args, { RP: 'repository passphrase' });
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    const [p] = await points(['walk']);
    id = p!.shortId;
  }, 90_000);

  it('refuses an unknown system, a malformed scope and a scope the system lacks, naming them', async () => {
    const cases: [string[], string[]][] = [
      [
        ['nosuch'],
        ['There is no system named "nosuch"', 'the systems are empty, walk', '[estate.not_found]'],
      ],
      [
        ['--scope', 'bogus'],
        ['Scope "bogus"', '[estate.bad_scope]'],
      ],
      [
        ['walk', '--scope', 'bogus'],
        ['Scope "bogus"', '[estate.bad_scope]'],
      ],
      [
        ['walk', '--scope', 'server:web-1:/nope'],
        ['System "walk" has no scope server:web-1:/nope', `its scopes are ${walk}`, '[points.unknown_scope]'],
      ],
      [
        ['walk', '--scope', empty],
        [`System "walk" has no scope ${empty}`, '[points.unknown_scope]'],
      ],
      [
        ['--scope', 'server:web-1:/nope'],
        ['No system has the scope server:web-1:/nope', walk, empty],
      ],
    ];
    for (const [args, says] of cases) {
      for (const json of [[], ['--json']]) {
        const r = await lifeboat(data, [...json, 'points', ...args]);
        expect(r.code, `points ${args.join(' ')}: ${r.out}`).toBe(1);
        expect(r.out).toBe('');
        for (const s of says) expect(r.err).toContain(s);
        expect(r.err).not.toContain('No restore points yet');
      }
    }
  });

  it('says of what there are no restore points when the filters are valid', async () => {
    const none = await lifeboat(data, ['points', 'empty']);
    expect(none.code, none.err).toBe(0);
    expect(none.out).toBe('No restore points of system empty yet. Take one: lifeboat backup empty\n');
    const scoped = await lifeboat(data, ['points', 'empty', '--scope', `${empty}/`]);
    expect(scoped.code, scoped.err).toBe(0);
    expect(scoped.out).toContain(`No restore points of ${empty} (system empty) yet.`);
    const byScope = await lifeboat(data, ['points', '--scope', empty]);
    expect(byScope.out).toContain(
      `No restore points of ${empty} yet. Take one: lifeboat backup empty --scope`,
    );
    expect(await points(['empty'])).toEqual([]);
  });

  it('lists what matches: the scope as backup reads it, and the points of a removed system', async () => {
    expect((await points(['walk', '--scope', `${walk}/`])).map((p) => p.scope)).toEqual([walk]);
    expect((await points(['--scope', walk])).map((p) => p.system)).toEqual(['walk']);
    expect((await points(['gone'])).map((p) => p.scope)).toEqual([goneScope]);
    expect((await points(['--scope', goneScope])).map((p) => p.system)).toEqual(['gone']);
    expect((await points([])).length).toBe(2);
  });

  it('points show --path takes the absolute path inside the scope, and the relative one still', async () => {
    // The point is `tar -C dirname(scope) basename(scope)`: its top holds walk-tree/ alone.
    const top = await lifeboat(data, ['points', 'show', id]);
    expect(top.code, top.err).toBe(0);
    expect(top.out).toContain('3 files, 3 dirs');
    expect(top.out).toContain(`\n${join(dir, 'server')}\n`);
    expect(top.out).toMatch(/ walk-tree\/\n?$/);

    for (const path of [tree, `${tree}/`, 'walk-tree', '/walk-tree']) {
      const r = await lifeboat(data, ['points', 'show', id, '--path', path]);
      expect(r.code, `${path}: ${r.err}`).toBe(0);
      expect(r.out).toContain(`\n${tree}\n`);
      expect(r.out).toMatch(/ a\.txt\n/);
      expect(r.out).toMatch(/ sub\/\n?/);
    }
    for (const path of [join(tree, 'sub'), 'walk-tree/sub']) {
      const r = await lifeboat(data, ['points', 'show', id, '--path', path]);
      expect(r.code, `${path}: ${r.err}`).toBe(0);
      expect(r.out).toContain(`\n${join(tree, 'sub')}\n`);
      expect(r.out).toMatch(/ b\.txt\n/);
      expect(r.out).toMatch(/ deeper\//);
    }
    const deeper = await lifeboat(data, [
      '--json',
      'points',
      'show',
      id,
      '--path',
      join(tree, 'sub', 'deeper'),
    ]);
    expect(JSON.parse(deeper.out)).toMatchObject({
      path: 'walk-tree/sub/deeper',
      entries: [{ name: 'c.txt' }],
    });

    for (const path of [join(tree, 'nope'), join(tree, 'a.txt'), '/nope', 'nope']) {
      const r = await lifeboat(data, ['points', 'show', id, '--path', path]);
      expect(r.code, path).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toContain(`of ${walk} has no directory "${path}": give an absolute path inside ${tree};`);
      expect(r.err).toContain('[points.no_such_directory]');
    }
  });
});
