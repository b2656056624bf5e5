// core/connect/kube against the Kubernetes API emulator and a few hand-made servers on 127.0.0.1:
// kubeconfig import with two contexts, the cluster test, rejected credentials, a closed port, a
// server that never answers (timeout and cancel), TLS trust, and a cluster without access reviews.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { extractContext, inspectKubeconfig, kubeConfigFrom, testCluster } from '../../core/connect/kube';
import { startKubeEmulator, type KubeEmulator } from '../harness/kube-emulator/index';
import { requireService } from '../harness/services';

const kube = requireService(inject('services'), 'kube');

/** A kubeconfig with one token user for `server` (plain http needs insecure-skip-tls-verify). */
function kubeconfigFor(server: string, token = 'some-token', cluster: Record<string, unknown> = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true, ...cluster } }],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'ctx',
  });
}

function listen<T extends Server>(server: T): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function closedPort(): Promise<number> {
  const s = createTcpServer();
  const port = await listen(s);
  await close(s);
  return port;
}

const NEEDED = [
  'namespaces',
  'configmaps',
  'secrets',
  'services',
  'serviceaccounts',
  'persistentvolumeclaims',
  'deployments.apps',
  'statefulsets.apps',
  'customresourcedefinitions.apiextensions.k8s.io',
];

describe.skipIf(kube.skip)('kube connect against the emulator', () => {
  let emu: KubeEmulator;
  let twoContexts: string;

  beforeAll(async () => {
    emu = await startKubeEmulator();
    twoContexts = emu.kubeconfig({ contexts: ['prod', 'staging'] });
  });
  afterAll(() => emu?.stop());

  it('lists both contexts of a kubeconfig and its current context', () => {
    const { contexts, currentContext } = inspectKubeconfig(twoContexts, '/home/me/.kube/config');
    expect(currentContext).toBe('prod');
    expect(contexts).toEqual(
      ['prod', 'staging'].map((name) => ({
        name,
        cluster: name,
        server: emu.url,
        user: name,
        namespace: 'default',
        authKind: 'token',
        insecure: true,
      })),
    );
  });

  it.each(['prod', 'staging'])('extracts context %s as a minimal kubeconfig', async (name) => {
    const { summary, kubeconfig } = extractContext(twoContexts, { context: name });
    expect(summary).toMatchObject({ name, cluster: name, user: name, server: emu.url, authKind: 'token' });
    const only = inspectKubeconfig(kubeconfig);
    expect(only.contexts.map((c) => c.name)).toEqual([name]);
    expect(only.currentContext).toBe(name);
    expect(kubeconfig).not.toContain(name === 'prod' ? 'staging' : 'prod');
    // The minimal kubeconfig works on its own.
    const core = kubeConfigFrom(kubeconfig).makeApiClient(CoreV1Api);
    const list = await core.listNamespace({ limit: 500 });
    expect(list.items.map((n) => n.metadata?.name)).toContain('default');
  });

  it('defaults to the current context', () => {
    expect(extractContext(twoContexts, {}).summary.name).toBe('prod');
  });

  it('tests a cluster: version, latency, namespaces and every needed permission', async () => {
    const { kubeconfig } = extractContext(twoContexts, { context: 'staging' });
    const expected = (await kubeConfigFrom(kubeconfig).makeApiClient(CoreV1Api).listNamespace({})).items
      .length;
    const report = await testCluster(kubeconfig, { timeoutMs: 10_000 });
    expect(report.ok).toBe(true);
    expect(report.serverVersion).toBe('v1.30.0-lifeboat-emulator');
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.latencyMs).toBeLessThan(10_000);
    expect(report.canListNamespaces).toBe('yes');
    expect(report.namespaceCount).toBe(expected);
    expect(report.notes).toEqual([]);
    // The emulator has no RBAC: its README says every access review is allowed.
    expect(report.permissions).toHaveLength(NEEDED.length * 6);
    for (const resource of NEEDED) {
      expect(report.permissions.filter((p) => p.resource === resource).map((p) => p.verb)).toEqual([
        'get',
        'list',
        'create',
        'update',
        'patch',
        'delete',
      ]);
    }
    expect(report.permissions.every((p) => p.allowed === 'yes')).toBe(true);
  });

  it('counts namespaces across pages', async () => {
    const { kubeconfig } = extractContext(twoContexts, { context: 'prod' });
    const core = kubeConfigFrom(kubeconfig).makeApiClient(CoreV1Api);
    const before = (await core.listNamespace({})).items.length;
    await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        core.createNamespace({ body: { metadata: { name: `count-${i}` } } }),
      ),
    );
    try {
      const report = await testCluster(kubeconfig, { timeoutMs: 10_000 });
      expect(report.namespaceCount).toBe(before + 3);
    } finally {
      emu.reset();
    }
  });

  it('reports rejected credentials for a wrong token, without the token', async () => {
    const wrong = twoContexts.split(emu.token).join('wrong-token-0123456789');
    const { kubeconfig } = extractContext(wrong, { context: 'prod' });
    const report = await testCluster(kubeconfig, { timeoutMs: 10_000 });
    expect(report.ok).toBe(false);
    expect(report.notes.join('\n')).toMatch(/rejected the credentials of user "prod".*401/);
    expect(report.canListNamespaces).toBe('unknown');
    expect(JSON.stringify(report)).not.toContain('wrong-token-0123456789');
  });

  it('works against the shared emulator of the test harness', async () => {
    const info = kube.get();
    const { summary, kubeconfig } = extractContext(info.kubeconfig, {});
    expect(summary.server).toBe(info.url);
    const report = await testCluster(kubeconfig, { timeoutMs: 10_000 });
    expect(report).toMatchObject({ ok: true, canListNamespaces: 'yes' });
  });
});

describe('kube connect: unreachable and slow clusters', () => {
  it('reports a closed port quickly as refused', async () => {
    const port = await closedPort();
    const started = Date.now();
    const report = await testCluster(kubeconfigFor(`http://127.0.0.1:${port}`), { timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(report.ok).toBe(false);
    expect(report.notes.join('\n')).toMatch(/refused/i);
    expect(report.notes.join('\n')).toContain(`127.0.0.1:${port}`);
    expect(report.permissions.every((p) => p.allowed === 'unknown')).toBe(true);
  });

  describe('a server that accepts and never answers', () => {
    let server: Server;
    let port: number;
    const sockets = new Set<Socket>();

    beforeAll(async () => {
      server = createTcpServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
        s.resume(); // read (and drop) the request, so the client's FIN is seen
      });
      port = await listen(server);
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await close(server);
    });

    it('respects the timeout and closes its connections', async () => {
      const started = Date.now();
      const report = await testCluster(kubeconfigFor(`http://127.0.0.1:${port}`), { timeoutMs: 700 });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(650);
      expect(took).toBeLessThan(2500);
      expect(report.ok).toBe(false);
      expect(report.notes.join('\n')).toMatch(/Timed out after 0\.7 s while reading the server version/);
      // The aborted request closed its socket: nothing keeps the process alive.
      await expect.poll(() => sockets.size, { timeout: 2000 }).toBe(0);
    });

    it('throws kube.cancelled when the caller aborts', async () => {
      const ac = new AbortController();
      const started = Date.now();
      setTimeout(() => ac.abort(), 200);
      await expect(
        testCluster(kubeconfigFor(`http://127.0.0.1:${port}`), { timeoutMs: 10_000, signal: ac.signal }),
      ).rejects.toMatchObject({ code: 'kube.cancelled' });
      expect(Date.now() - started).toBeLessThan(2000);
      await expect.poll(() => sockets.size, { timeout: 2000 }).toBe(0);
    });

    it('throws kube.cancelled for an already aborted signal', async () => {
      await expect(
        testCluster(kubeconfigFor(`http://127.0.0.1:${port}`), {
          timeoutMs: 10_000,
          signal: AbortSignal.abort(),
        }),
      ).rejects.toMatchObject({ code: 'kube.cancelled' });
    });
  });
});

/**
 * A tiny fake API server: answers /version, forbids listing namespaces, and either has no access
 * reviews (404) or denies every one.
 */
function fakeApiServer(reviews: 'missing' | 'deny') {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, reason: string, message: string) =>
      json(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
    req.resume();
    if (req.url === '/version') return json(200, { major: '1', minor: '29', gitVersion: 'v1.29.3' });
    if (req.url?.startsWith('/api/v1/namespaces')) {
      return status(
        403,
        'Forbidden',
        'namespaces is forbidden: User "backup" cannot list resource "namespaces" in API group "" at the cluster scope',
      );
    }
    if (reviews === 'deny' && req.url === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
      return json(201, {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        spec: {},
        status: { allowed: false },
      });
    }
    status(404, 'NotFound', 'the server could not find the requested resource');
  };
}

describe('kube connect: partial access', () => {
  const servers: Server[] = [];
  async function serve(reviews: 'missing' | 'deny'): Promise<string> {
    const server = createHttpServer(fakeApiServer(reviews));
    servers.push(server);
    return kubeconfigFor(`http://127.0.0.1:${await listen(server)}`);
  }
  afterAll(() => Promise.all(servers.map(close)));

  it("reports 403 on namespaces as 'no' and missing access reviews as 'unknown' with notes", async () => {
    const report = await testCluster(await serve('missing'), { timeoutMs: 10_000 });
    expect(report.ok).toBe(true); // reachable, credentials accepted; what is allowed is not known
    expect(report.serverVersion).toBe('v1.29.3');
    expect(report.canListNamespaces).toBe('no');
    expect(report.namespaceCount).toBeUndefined();
    expect(report.permissions.every((p) => p.allowed === 'unknown')).toBe(true);
    const notes = report.notes.join('\n');
    expect(notes).toMatch(
      /Forbidden \(HTTP 403\) while listing namespaces: namespaces is forbidden: User "backup"/,
    );
    expect(notes).toMatch(/SelfSubjectAccessReview is not available on this cluster \(HTTP 404\)/);
  });

  it('reports a cluster that allows nothing Lifeboat needs as not ok', async () => {
    const report = await testCluster(await serve('deny'), { timeoutMs: 10_000 });
    expect(report.ok).toBe(false);
    expect(report.canListNamespaces).toBe('no');
    expect(report.permissions.every((p) => p.allowed === 'no')).toBe(true);
    expect(report.notes.join('\n')).toMatch(/allow none of what Lifeboat needs/);
  });
});

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveOpenssl())('kube connect: TLS', () => {
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeboat-kube-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'server.key'),
        '-out',
        join(dir, 'ca.crt'),
        '-days',
        '1',
        '-subj',
        '/CN=lifeboat-test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const { readFileSync } = await import('node:fs');
    server = createHttpsServer(
      { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'ca.crt')) },
      fakeApiServer('missing'),
    );
    port = await listen(server);
  });
  afterAll(async () => {
    if (server) await close(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports an untrusted (self-signed) server certificate', async () => {
    const text = kubeconfigFor(`https://127.0.0.1:${port}`, 't0ken', { 'insecure-skip-tls-verify': false });
    const report = await testCluster(extractContext(text, {}).kubeconfig, { timeoutMs: 10_000 });
    expect(report.ok).toBe(false);
    expect(report.notes.join('\n')).toMatch(/TLS certificate is not trusted/);
  });

  it('trusts it with the CA file named relative to the kubeconfig, inlined on import', async () => {
    const text = kubeconfigFor(`https://127.0.0.1:${port}`, 't0ken', {
      'insecure-skip-tls-verify': false,
      'certificate-authority': 'ca.crt',
    });
    writeFileSync(join(dir, 'config'), text);
    const { kubeconfig } = extractContext(text, { sourcePath: join(dir, 'config') });
    expect(kubeconfig).toContain('certificate-authority-data:');
    rmSync(join(dir, 'config'));
    const report = await testCluster(kubeconfig, { timeoutMs: 10_000 });
    expect(report.serverVersion).toBe('v1.29.3');
    expect(report.canListNamespaces).toBe('no');
  });
});
