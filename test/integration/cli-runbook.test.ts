// Runbooks from the built `lifeboat` binary (out/cli/lifeboat.js; `npm run build` first): the
// built-in templates are inside the bundle, imports are versioned, errors name FILE:LINE:COL,
// exports give back the file byte for byte, and a system without a runbook gets its default.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEstate } from '../../core/runbooks/test-kit';

const bin = join(process.cwd(), 'out/cli/lifeboat.js');
const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-runbook-'));
const data = join(dir, 'data');

function lifeboat(args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--data-dir', data, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, LIFEBOAT_HOME: '', LIFEBOAT_PASSPHRASE: 'cli runbook passphrase' },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const runbook = `# billing: nginx config went bad
name: billing
system: billing
owner: { team: payments, contact: '#payments-oncall' }
steps:
  - id: check-symptoms
    kind: check
    title: Confirm 502s
    text: The edge dashboard shows 5xx.
  - id: approve
    kind: approve
    title: Approve
    approvers: 2
    text: nginx.conf goes back to before the incident.
  - id: restore-config
    kind: restore
    title: Put nginx.conf back
    scope: server:web-1:/etc/nginx
    paths: [/etc/nginx/nginx.conf]
    before: incident
  - id: verify
    kind: verify
    title: Healthy
    checks:
      - http: { url: 'https://billing.example/healthz' }
`;

describe('lifeboat runbook', { timeout: 90_000 }, () => {
  beforeAll(() => {
    writeFileSync(join(dir, 'estate.yaml'), testEstate);
    const imported = lifeboat(['estate', 'import', 'estate.yaml']);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
  });

  it('lists the built-in templates before anything is imported', () => {
    const list = lifeboat(['runbook', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/restore-server-file\s+default \(server-path\)\s+built-in\s+5/);
    expect(list.out).toMatch(/recover-namespace\s+default \(cluster-namespace\)/);
    expect(list.out).toMatch(/roll-back-workload\s+default \(cluster-resource\)/);
  });

  it('refuses a bad runbook with FILE:LINE:COL for every problem, storing nothing', () => {
    const bad = runbook.replace('kind: restore\n', 'kind: restor\n').replace("url: 'https:", "url: 'ftp:");
    writeFileSync(join(dir, 'bad.yaml'), bad);
    const r = lifeboat(['runbook', 'import', 'bad.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Runbook bad.yaml is not valid (2 problems):');
    expect(r.err).toContain(
      'bad.yaml:16:11: step "restore-config": unknown kind "restor" (check, approve, restore, verify, command, note)',
    );
    expect(r.err).toContain(
      'bad.yaml:25:22: step "verify": checks[0].http.url: "ftp://billing.example/healthz"',
    );
    expect(r.err).toContain('[runbook.invalid]');
    const json = JSON.parse(lifeboat(['--json', 'runbook', 'list']).out) as { source: string }[];
    expect(json.every((x) => x.source === 'built-in')).toBe(true);
  });

  it('imports, keeps versions, shows and exports the text exactly', () => {
    writeFileSync(join(dir, 'billing.yaml'), runbook);
    const first = lifeboat(['runbook', 'import', 'billing.yaml']);
    expect(first.err).toBe('');
    expect(first.out).toContain('Imported runbook billing version 1 (for system billing, 4 steps).');
    expect(lifeboat(['runbook', 'import', 'billing.yaml']).out).toContain(
      'Runbook billing is unchanged (version 1); nothing stored.',
    );
    writeFileSync(join(dir, 'billing.yaml'), runbook.replace('Confirm 502s', 'Confirm 502s and 503s'));
    expect(lifeboat(['runbook', 'import', 'billing.yaml']).out).toContain(
      'Imported runbook billing version 2',
    );

    const show = lifeboat(['runbook', 'show', 'billing']);
    expect(show.code).toBe(0);
    expect(show.out).toContain('billing — runbook of system billing');
    expect(show.out).toContain('owner      payments (#payments-oncall)');
    expect(show.out).toContain('1. check-symptoms [check] Confirm 502s and 503s');
    expect(show.out).toContain('two different approvers');
    expect(show.out).toContain('server:web-1:/etc/nginx — paths /etc/nginx/nginx.conf');
    expect(show.out).toContain('newest usable point before the incident, in place');
    expect(show.out).toMatch(/versions[^\n]*\n\s+2 .*\n\s+1 /);
    expect(lifeboat(['runbook', 'show', 'billing', '1']).out).toContain(
      '1. check-symptoms [check] Confirm 502s\n',
    );

    expect(lifeboat(['runbook', 'export', 'billing', '1']).out).toBe(runbook);
    const out = join(dir, 'exported.yaml');
    const exported = lifeboat(['runbook', 'export', 'billing', '--out', out]);
    expect(exported.out).toContain(`Wrote runbook billing version 2 to ${out}.`);
    expect(readFileSync(out, 'utf8')).toBe(runbook.replace('Confirm 502s', 'Confirm 502s and 503s'));
    const list = lifeboat(['runbook', 'list']);
    expect(list.out).toMatch(/billing\s+billing\s+payments \(#payments-oncall\)\s+2\s+4/);
  });

  it("resolves what a run uses: the system's own runbook, else the default filled in from its scope", () => {
    const own = lifeboat(['runbook', 'resolve', 'billing']);
    expect(own.code).toBe(0);
    expect(own.out).toContain('System "billing"\'s own runbook "billing", version 2.');
    const shop = lifeboat(['--json', 'runbook', 'resolve', 'shop']);
    const r = JSON.parse(shop.out) as {
      origin: string;
      runbook: { name: string; steps: { scope?: string }[] };
    };
    expect(r.origin).toBe('default');
    expect(r.runbook.name).toBe('recover-namespace');
    expect(r.runbook.steps.map((s) => s.scope).filter(Boolean)).toEqual(['cluster:prod:namespace/shop']);
    const set = lifeboat([
      'runbook',
      'resolve',
      'billing',
      '--name',
      'restore-server-file',
      '--set',
      'file=/etc/nginx/nginx.conf',
      'healthUrl=https://billing.example/healthz',
    ]);
    expect(set.code).toBe(0);
    expect(set.out).toContain(
      'Template "restore-server-file", as asked, filled in from scope server:web-1:/etc/nginx.',
    );
    expect(set.out).toContain('http https://billing.example/healthz → 200 (10s)');
    const missing = lifeboat(['runbook', 'resolve', 'billing', '--set', 'nonsense']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--set takes NAME=VALUE');
  });

  it('removes a runbook; built-in templates stay', () => {
    expect(lifeboat(['runbook', 'remove', 'billing']).out).toContain(
      'Removed runbook billing (2 versions kept on record).',
    );
    const builtIn = lifeboat(['runbook', 'remove', 'restore-server-file']);
    expect(builtIn.code).toBe(1);
    expect(builtIn.err).toContain('[runbook.built_in]');
    expect(lifeboat(['runbook', 'resolve', 'billing']).out).toContain('has no runbook of its own');
  });
});
