// The estate from the command line, as the README tells a new user to do it: vault, a server
// (host key accepted), a cluster, repositories, a system with two scopes; export and import.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startKubeEmulator, type KubeEmulator } from '../harness/kube-emulator/index';
import { requireService } from '../harness/services';
import { cliFor } from './cli-run';

const services = inject('services');
const sshd = requireService(services, 'sshd');
const s3 = requireService(services, 's3');

const passphrase = 'cli estate passphrase';
const lifeboat = (dataDir: string, args: string[], env?: NodeJS.ProcessEnv) =>
  cliFor(dataDir, passphrase)(args, env);

describe.skipIf(sshd.skip || s3.skip)('estate from the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-estate-'));
  const data = join(dir, 'data');
  let emulator: KubeEmulator;
  let kubeconfig: string;

  beforeAll(async () => {
    emulator = await startKubeEmulator();
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, emulator.kubeconfig({ contexts: ['prod', 'staging'] }));
  });
  afterAll(() => emulator.stop());

  it('adds a server with its key, accepting the host key it was told, and tests it', async () => {
    const s = sshd.get();
    const add = await lifeboat(data, [
      'server',
      'add',
      'web-1',
      '--host',
      s.host,
      '--port',
      String(s.port),
      '--user',
      s.user,
      '--key',
      s.clientKeyPath,
      '--accept-host-key',
      s.hostKeyFingerprint,
    ]);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    expect(add.out).toContain(`Host key ${s.hostKeyFingerprint}`);
    const test = await lifeboat(data, ['server', 'test', 'web-1']);
    expect(test.code).toBe(0);
    expect(test.out).toMatch(/sha256sum\s+yes/);
    const list = JSON.parse((await lifeboat(data, ['--json', 'server', 'list'])).out) as {
      name: string;
      hostKey?: { fingerprint: string };
    }[];
    expect(list.map((x) => [x.name, x.hostKey?.fingerprint])).toEqual([['web-1', s.hostKeyFingerprint]]);
  });

  it('without --accept-host-key shows the fingerprint and the exact command to accept it', async () => {
    const s = sshd.get();
    const add = await lifeboat(
      data,
      [
        'server',
        'add',
        'web-2',
        '--host',
        s.host,
        '--port',
        String(s.port),
        '--user',
        s.user,
        '--key',
        s.encryptedKeyPath,
        '--key-passphrase-env',
        'KEY_PASS',
      ],
      { KEY_PASS: s.encryptedKeyPassphrase },
    );
    expect(add.code).toBe(0);
    expect(add.out).toContain(`lifeboat server accept-host-key web-2 ${s.hostKeyFingerprint}`);
    const test = await lifeboat(data, ['server', 'test', 'web-2']);
    expect(test.code).toBe(1);
    expect(test.err).toContain('[ssh.host_key_unknown]');
    expect(test.err).toContain(`lifeboat server accept-host-key web-2 ${s.hostKeyFingerprint}`);
    expect((await lifeboat(data, ['server', 'accept-host-key', 'web-2', s.hostKeyFingerprint])).code).toBe(0);
    expect((await lifeboat(data, ['server', 'test', 'web-2'])).code).toBe(0);
  });

  it('refuses bad usage with exit 2 and names what is wrong', async () => {
    const s = sshd.get();
    const noAuth = await lifeboat(data, ['server', 'add', 'x', '--host', s.host, '--user', s.user]);
    expect(noAuth.code).toBe(2);
    expect(noAuth.err).toContain('--key FILE, --agent or --password-env VAR');
    const unset = await lifeboat(data, [
      'server',
      'add',
      'x',
      '--host',
      s.host,
      '--user',
      s.user,
      '--password-env',
      'NOPE_NOT_SET',
    ]);
    expect(unset.code).toBe(2);
    expect(unset.err).toContain('NOPE_NOT_SET is not set');
    const badName = await lifeboat(data, [
      'server',
      'add',
      'Bad Name',
      '--host',
      s.host,
      '--user',
      s.user,
      '--agent',
    ]);
    expect(badName.code).toBe(2); // malformed input: a usage error, wherever it is caught
    expect(badName.err).toContain('[api.invalid_input]');
  });

  it('without the vault passphrase (not a terminal) says how to give it', async () => {
    const fresh = join(dir, 'fresh');
    const s = sshd.get();
    const r = await lifeboat(
      fresh,
      ['server', 'add', 'w', '--host', s.host, '--user', s.user, '--key', s.clientKeyPath],
      {
        LIFEBOAT_PASSPHRASE: '',
      },
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('LIFEBOAT_PASSPHRASE');
    const wrong = await lifeboat(data, ['server', 'test', 'web-1'], {
      LIFEBOAT_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('[vault.wrong_passphrase]');
  });

  it('imports a cluster context from a kubeconfig and tests it', async () => {
    const contexts = await lifeboat(data, ['cluster', 'contexts', '--kubeconfig', kubeconfig]);
    expect(contexts.out).toMatch(/prod.*yes/);
    expect(contexts.out).toContain('staging');
    expect(
      (await lifeboat(data, ['cluster', 'add', 'prod', '--kubeconfig', kubeconfig, '--context', 'prod']))
        .code,
    ).toBe(0);
    const test = await lifeboat(data, ['cluster', 'test', 'prod']);
    expect(test.code).toBe(0);
    expect(test.out).toContain('List namespaces: yes');
    const missing = await lifeboat(data, ['cluster', 'add', 'x', '--kubeconfig', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('[cli.file_unreadable]');
  });

  it('adds a local and an S3 repository and tests both', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lifeboat-cli-repo-'));
    expect((await lifeboat(data, ['repo', 'add', 'usb', '--path', folder])).code).toBe(0);
    expect((await lifeboat(data, ['repo', 'test', 'usb'])).out).toContain('OK');
    const i = s3.get();
    const add = await lifeboat(
      data,
      [
        'repo',
        'add',
        'offsite',
        '--s3',
        's3://lifeboat-test/cli-estate',
        '--endpoint',
        i.endpoint,
        '--path-style',
        '--access-key-env',
        'AK',
        '--secret-key-env',
        'SK',
      ],
      { AK: i.accessKeyId, SK: i.secretAccessKey },
    );
    expect(add.code).toBe(0);
    const test = await lifeboat(data, ['repo', 'test', 'offsite']);
    expect(test.code).toBe(0);
    expect(test.out).toMatch(/delete\s+ok/);
    const list = await lifeboat(data, ['repo', 'list']);
    expect(list.out).toContain('secret set');
    expect(list.out).toContain('not set (repo init offsite, or repo connect offsite)');
  });

  it('defines a system with two scopes and refuses broken ones', async () => {
    const add = await lifeboat(data, [
      'system',
      'add',
      'billing',
      '--owner',
      'payments',
      '--contact',
      '#payments-oncall',
      '--rpo',
      '24h',
      '--rto',
      '1h',
      '--drill-every',
      '30d',
      '--repo',
      'offsite',
      '--scope',
      'server:web-1:/etc/nginx',
      'cluster:prod:namespace/billing',
    ]);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    const show = await lifeboat(data, ['system', 'show', 'billing']);
    expect(show.out).toContain('server:web-1:/etc/nginx');
    expect(show.out).toContain('cluster:prod:namespace/billing');
    const bad = await lifeboat(data, [
      'system',
      'add',
      'x',
      '--owner',
      'o',
      '--rpo',
      '24h',
      '--rto',
      '1h',
      '--repo',
      'offsite',
      '--scope',
      'server:web-9:/etc',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('unknown server "web-9"');
    const inUse = await lifeboat(data, ['server', 'remove', 'web-1']);
    expect(inUse.code).toBe(1);
    expect(inUse.err).toContain('[estate.in_use]');
  });

  it('creates a repository, backs up a system, lists, shows and verifies its restore point', async () => {
    const { makeTree } = await import('../../core/providers/native/testing');
    const tree = makeTree();
    const repoDir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-points-'));
    expect((await lifeboat(data, ['repo', 'add', 'vault-disk', '--path', repoDir])).code).toBe(0);
    const init = await lifeboat(data, ['repo', 'init', 'vault-disk', '--passphrase-env', 'RP'], {
      RP: 'repository passphrase',
    });
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    const sys = await lifeboat(data, [
      'system',
      'add',
      'files',
      '--owner',
      'ops',
      '--rpo',
      '24h',
      '--rto',
      '1h',
      '--repo',
      'vault-disk',
      '--scope',
      `server:web-1:${join(tree.root, 'data')}`,
    ]);
    expect(sys.code).toBe(0);
    const backup = await lifeboat(data, ['backup', 'files']);
    expect(backup.err).toBe('');
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/Succeeded — restore point [0-9a-f]{8}: \d+ files/);
    const list = JSON.parse((await lifeboat(data, ['--json', 'points', 'files'])).out) as {
      id: string;
      shortId: string;
    }[];
    expect(list).toHaveLength(1);
    const show = await lifeboat(data, ['points', 'show', list[0]!.shortId, '--path', 'data']);
    expect(show.out).toMatch(/-rw-r--r-- .* with space\.txt/);
    expect(show.out).toContain('link -> with space.txt');
    const verify = await lifeboat(data, ['verify', list[0]!.shortId, '--read-data']);
    expect(verify.code).toBe(0);
    expect(verify.out).toContain('no damage');
    expect((await lifeboat(data, ['points'])).out).toMatch(/verified \d{4}-\d{2}-\d{2}/);
    const rebuild = await lifeboat(data, ['catalog', 'rebuild']);
    expect(rebuild.out).toContain('1 restore point from the repositories');
    // The other repositories of this estate were never initialised: said, and the exit code says it too.
    expect(rebuild.out).toContain('repository usb: no passphrase in the vault');
    expect(rebuild.code).toBe(1);
    const bad = await lifeboat(data, ['verify', list[0]!.shortId, '--read-data', '--sample', '5']);
    expect(bad.code).toBe(2);
  });

  it('exports and imports the estate; a bundle carries the secrets to a new laptop', async () => {
    const yamlFile = join(dir, 'estate.yaml');
    expect((await lifeboat(data, ['estate', 'export', yamlFile])).code).toBe(0);
    const yaml = readFileSync(yamlFile, 'utf8');
    expect(yaml).toContain('billing');
    expect(yaml).not.toContain(readFileSync(sshd.get().clientKeyPath, 'utf8').split('\n')[1]);
    const bundle = join(dir, 'estate.bundle');
    expect(
      (
        await lifeboat(data, ['estate', 'export', bundle, '--bundle-passphrase-env', 'BP'], {
          BP: 'handover passphrase',
        })
      ).code,
    ).toBe(0);
    const laptop = join(dir, 'laptop');
    const imported = await lifeboat(laptop, ['estate', 'import', bundle, '--bundle-passphrase-env', 'BP'], {
      BP: 'handover passphrase',
    });
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect((await lifeboat(laptop, ['server', 'test', 'web-1'])).code).toBe(0);
    const again = await lifeboat(laptop, ['estate', 'import', yamlFile]);
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('conflict');
  });
});
