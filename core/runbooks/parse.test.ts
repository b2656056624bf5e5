import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lifeboat } from '../api/lifeboat';
import { parseRunbook } from './parse';
import { failure, lifeboatWithEstate } from './test-kit';

const good = `name: billing-config
system: billing
steps:
  - id: check-symptoms
    kind: check
    title: Confirm 502s
    text: The edge dashboard shows 5xx.
  - id: approve
    kind: approve
    title: Approve
    approvers: 2
    text: nginx config goes back.
  - id: restore-config
    kind: restore
    title: Put nginx.conf back
    scope: server:web-1:/etc/nginx
    paths: [/etc/nginx/nginx.conf]
    before: incident
  - id: verify
    kind: verify
    title: Healthy
    after: [restore-config]
    checks:
      - http: { url: https://billing.example/healthz, bodyRegex: 'ok' }
      - fileHash: { scope: server:web-1:/etc/nginx, path: /etc/nginx/nginx.conf }
      - ssh: { server: web-1, command: "docker inspect -f '{{.State.Status}}' nginx" }
  - id: tell
    kind: note
    title: Tell support
    text: Invoices work again.
    after: []
`;

/** `good` with one line replaced (1-based), to make one mistake at a known line. */
function withLine(line: number, text: string): string {
  const lines = good.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

describe('runbook parsing', () => {
  it('reads a good runbook: defaults, explicit after, checks by type, Go templates left alone', () => {
    const { spec } = parseRunbook(good);
    expect(spec.steps.map((s) => [s.id, s.after])).toEqual([
      ['check-symptoms', []],
      ['approve', ['check-symptoms']],
      ['restore-config', ['approve']],
      ['verify', ['restore-config']],
      ['tell', []],
    ]);
    const verify = spec.steps[3];
    expect(verify?.kind === 'verify' && verify.checks.map((c) => c.type)).toEqual([
      'http',
      'fileHash',
      'ssh',
    ]);
    expect(verify?.kind === 'verify' && verify.checks[0]).toMatchObject({
      expectStatus: 200,
      timeoutSeconds: 10,
    });
    expect(spec.steps[2]).toMatchObject({ kind: 'restore', deleteExtra: false, conflict: 'update' });
  });

  it('documents formats that parse: every example of RUNBOOK-FORMAT.md', () => {
    const doc = readFileSync(new URL('./RUNBOOK-FORMAT.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const text of examples) expect(() => parseRunbook(text)).not.toThrow();
  });

  it('names FILE:LINE:COL and caps the list at 20 problems', () => {
    const many = `name: x\nsystem: billing\nsteps:\n${Array.from({ length: 25 }, (_, i) => `  - { id: s${i}, kind: note, title: t }`).join('\n')}\n`;
    try {
      parseRunbook(many, 'many.yaml');
      expect.unreachable();
    } catch (e) {
      const lines = (e as Error).message.split('\n');
      expect(lines[0]).toBe('Runbook many.yaml is not valid (25 problems):');
      expect(lines[1]).toBe('  many.yaml:4:5: step "s0": "text" is missing');
      expect(lines.at(-1)).toBe('  … and 5 more');
    }
  });
});

describe('a bad runbook is refused with the line and nothing is stored', () => {
  let lifeboat: Lifeboat;
  beforeAll(async () => {
    lifeboat = await lifeboatWithEstate();
  });
  afterAll(() => lifeboat.close());

  const cases: { name: string; yaml: string; line: number; message: string }[] = [
    {
      name: 'an unknown kind',
      yaml: withLine(14, '    kind: restor'),
      line: 14,
      message:
        'step "restore-config": unknown kind "restor" (check, approve, restore, verify, command, note)',
    },
    {
      name: 'a restore step without a scope',
      yaml: withLine(16, '    # no scope'),
      line: 13,
      message:
        'step "restore-config": a restore step needs a scope (or the runbook declares a "scope" parameter to fill it)',
    },
    {
      name: 'a cycle in after',
      yaml: withLine(4, '  - id: check-symptoms\n    after: [verify]'),
      line: 5,
      message:
        'steps wait for each other in a cycle: check-symptoms → verify → restore-config → approve → check-symptoms',
    },
    {
      name: 'a duplicate step id',
      yaml: withLine(8, '  - id: check-symptoms'),
      line: 8,
      message: 'duplicate step id "check-symptoms": step 1 (line 4) has it too',
    },
    {
      name: 'a regex that does not compile',
      yaml: withLine(24, "      - http: { url: https://billing.example/healthz, bodyRegex: '(ok' }"),
      line: 24,
      message: 'step "verify": checks[0].http.bodyRegex: not a valid regular expression',
    },
    {
      name: 'a URL that is not http(s)',
      yaml: withLine(24, '      - http: { url: ftp://billing.example/healthz }'),
      line: 24,
      message:
        'step "verify": checks[0].http.url: "ftp://billing.example/healthz" is not an http:// or https:// URL',
    },
    {
      name: 'a bad scope',
      yaml: withLine(16, '    scope: server:web-1:etc/nginx'),
      line: 16,
      message: 'step "restore-config": scope: Scope "server:web-1:etc/nginx": the path must be absolute',
    },
    {
      name: 'a path outside the scope',
      yaml: withLine(17, '    paths: [/etc/passwd]'),
      line: 17,
      message: 'step "restore-config": paths[0]: "/etc/passwd" is outside the scope\'s path /etc/nginx',
    },
    {
      name: 'after naming an unknown step',
      yaml: withLine(22, '    after: [restore-conf]'),
      line: 22,
      message: 'step "verify": after: no step has the id "restore-conf"',
    },
    {
      name: 'an unknown field',
      yaml: withLine(11, '    approver: 2'),
      line: 11,
      message: 'step "approve": unknown field "approver"',
    },
    {
      name: 'an undeclared parameter',
      yaml: withLine(7, '    text: Look at {{dashboard}}'),
      line: 7,
      message: 'step "check-symptoms": text: unknown parameter "{{dashboard}}" (the runbook declares none)',
    },
    {
      name: 'a system that does not exist',
      yaml: withLine(2, 'system: billng'),
      line: 2,
      message: 'there is no system named "billng" (systems: api, billing, shop)',
    },
    {
      name: 'YAML that does not parse',
      yaml: withLine(17, '    paths: [/etc/nginx/nginx.conf'),
      line: 18,
      message: 'not valid YAML',
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const error = await failure(lifeboat, 'runbook.import', { yaml: c.yaml, filename: 'billing.yaml' });
      expect(error.code).toBe('runbook.invalid');
      const issue = error.details?.issues?.find((i) => i.message.includes(c.message));
      expect(issue, error.message).toBeDefined();
      expect(issue?.line, error.message).toBe(c.line);
      expect(error.message).toContain(`billing.yaml:${c.line}:`);
      const { runbooks } = await lifeboat.call('runbook.list', {});
      expect(runbooks.filter((r) => r.source === 'catalog')).toEqual([]);
      const { entries } = await lifeboat.call('journal.list', {});
      expect(entries.filter((e) => e.action.startsWith('runbook.'))).toEqual([]);
    });
  }

  it('lists every problem of a file at once, in line order', async () => {
    const yaml = withLine(24, '      - http: { url: ftp://x }').replace('kind: restore', 'kind: restor');
    const error = await failure(lifeboat, 'runbook.import', { yaml });
    expect(error.details?.issues?.map((i) => i.line)).toEqual([14, 24]);
    expect(error.message).toMatch(/^Runbook is not valid \(2 problems\):\n {2}line 14, column 11: /);
  });
});
