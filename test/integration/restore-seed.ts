// What the restore and run tests set up alike: calls through the contract that throw on an
// error envelope, the harness sshd as a server entry, a system "app" backed up into a local
// repository, plan / execute / get through the contract, and a small "shop" namespace (a
// Deployment and a ConfigMap) in the Kubernetes emulator.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import type { JobView, PlanView, RestoreView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';
import type { SshSession } from '../../core/connect/ssh';
import type { SshdInfo } from '../harness/sshd';

export async function ok<T>(l: Lifeboat, method: string, input: unknown): Promise<T> {
  const env = await l.dispatch(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.code}: ${env.error.message}`);
  return env.result as T;
}

export async function err(l: Lifeboat, method: string, input: unknown) {
  const env = await l.dispatch(method, input);
  if (env.ok) throw new Error(`${method} unexpectedly succeeded`);
  return env.error;
}

/** A password login to the harness sshd (a plain account), instead of its key login as root. */
export interface Login {
  user: string;
  password: string;
}

/** The harness sshd as server `name`, its host key accepted. */
export function addServer(l: Lifeboat, name: string, s: SshdInfo, login?: Login) {
  return ok(l, 'server.add', {
    name,
    host: s.host,
    port: s.port,
    user: login?.user ?? s.user,
    auth: login ? { kind: 'password', password: login.password } : { kind: 'key', privateKey: s.clientKey },
    acceptHostKey: s.hostKeyFingerprint,
  });
}

/** A vault, the harness sshd as `servers`, repository "usb" in `root`/repo, and system "app" of
 * `scope` — with one backup taken, which must succeed, unless `backup` is false. */
export async function seedApp(
  l: Lifeboat,
  s: SshdInfo,
  root: string,
  scope: string,
  opts: { servers?: string[]; login?: Login; backup?: boolean } = {},
) {
  await ok(l, 'vault.init', { passphrase: 'laptop vault passphrase' });
  for (const name of opts.servers ?? ['web-1']) await addServer(l, name, s, opts.login);
  mkdirSync(join(root, 'repo'));
  await ok(l, 'repo.add', { name: 'usb', location: { kind: 'local', path: join(root, 'repo') } });
  await ok(l, 'repo.init', { name: 'usb', passphrase: 'usb repository passphrase' });
  await ok(l, 'system.add', {
    name: 'app',
    ownerTeam: 'ops',
    rpo: '1h',
    rto: '15m',
    repository: 'usb',
    scopes: [scope],
  });
  if (opts.backup === false) return;
  const { jobs } = await ok<{ jobs: JobView[] }>(l, 'backup.start', { system: 'app' });
  const done = await l.jobs.wait(jobs[0]!.id);
  if (done.state !== 'Succeeded') throw new Error(`the seed backup ended ${done.state}`);
}

/** A new laptop: a fresh data dir holding `from`'s estate (servers, repositories and their
 * passphrases, systems) through an export and import; its catalog is empty. Close it when done. */
export async function newLaptop(from: Lifeboat): Promise<Lifeboat> {
  const { content } = await ok<{ content: string }>(from, 'estate.export', {
    bundlePassphrase: 'handover passphrase',
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'lifeboat-laptop-'));
  const laptop = createLifeboat({ dataDir, mode: 'cli', actor: 'test' });
  await ok(laptop, 'vault.init', { passphrase: 'new laptop vault passphrase' });
  await ok(laptop, 'estate.import', { content, bundlePassphrase: 'handover passphrase' });
  return laptop;
}

export const planRestore = async (l: Lifeboat, input: unknown) =>
  (await ok<{ plan: PlanView }>(l, 'restore.plan', input)).plan;

export const getRestore = async (l: Lifeboat, id: string) =>
  (await ok<{ restore: RestoreView }>(l, 'restore.get', { id })).restore;

/** Executes a plan and waits for its job: the job and the restore record as they ended. */
export async function execute(l: Lifeboat, p: PlanView): Promise<{ job: JobView; restore: RestoreView }> {
  const r = await ok<{ job: JobView; restore: RestoreView }>(l, 'restore.execute', { planId: p.id });
  const job = await l.jobs.wait(r.job.id);
  return { job, restore: await getRestore(l, r.restore.id) };
}

/** Every SSH session the core opens from now on (backups, restores) passes through `wrap`; the
 * returned function puts the plain connect back. */
export function wrapSessions(l: Lifeboat, wrap: (s: SshSession) => SshSession): () => void {
  const servers = l.services.estate.servers;
  const connect = servers.connect;
  servers.connect = async (name, signal) => wrap(await connect.call(servers, name, signal));
  return () => {
    servers.connect = connect;
  };
}

/** Creates namespace `ns` with Deployment/web (2 replicas) and ConfigMap/settings (mode: production). */
export async function shopNamespace(kubeconfig: string, ns: string): Promise<KubernetesObjectApi> {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const api = KubernetesObjectApi.makeApiClient(kc);
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  } as KubernetesObject);
  await api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: ns },
    data: { mode: 'production' },
  } as KubernetesObject);
  return api;
}
