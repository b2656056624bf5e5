import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LifeboatError } from '../../core/api/errors';
import { classifyFsError, normalizeLocalPath, testLocalLocation } from '../../core/connect/local';
import type { LocationTestReport } from '../../core/connect/local';
import {
  classifyS3Error,
  keyFor,
  normalizePrefix,
  parseS3Url,
  testS3Location,
  type S3Location,
} from '../../core/connect/s3';
import { freePort } from '../harness/free-port';
import { s3Client } from '../harness/s3';
import { requireService } from '../harness/services';

const s3 = requireService(inject('services'), 's3');

// s3rver checks the access key id but not the signature, so a distinctive secret and session
// token can be used: the scan below proves neither leaks into a report or an error.
const SECRET = `secret-${randomUUID()}`;
const TOKEN = `token-${randomUUID()}`;
const seen: string[] = [];
function remember<T>(value: T): T {
  seen.push(
    JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message } : v)),
  );
  return value;
}

function codes(report: LocationTestReport): (string | undefined)[] {
  return report.checks.map((c) => c.error?.code);
}

function expectBadLocation(fn: () => unknown, messagePart?: string | RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(LifeboatError);
  expect((caught as LifeboatError).code).toBe('repo.bad_location');
  if (messagePart) expect((caught as LifeboatError).message).toMatch(messagePart);
  remember(caught);
}

describe('repo locations: names and paths', () => {
  it('parses s3:// URLs', () => {
    expect(parseS3Url('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseS3Url('s3://my-bucket/')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseS3Url('s3://my.bucket-1/team/lifeboat/')).toEqual({
      bucket: 'my.bucket-1',
      prefix: 'team/lifeboat',
    });
  });

  it('refuses bad s3:// URLs with repo.bad_location naming the problem', () => {
    expectBadLocation(() => parseS3Url('s3://'), /names no bucket/);
    expectBadLocation(() => parseS3Url('https://bucket/x'), /not an s3:\/\/ URL/);
    expectBadLocation(() => parseS3Url('s3://Bad_Bucket/x'), /uppercase/);
    expectBadLocation(() => parseS3Url('s3://bad_bucket/x'), /found "_"/);
    expectBadLocation(() => parseS3Url('s3://b/../x'), /3 to 63/);
    expectBadLocation(() => parseS3Url('s3://b//x'), /3 to 63/);
    expectBadLocation(() => parseS3Url('s3://bkt/../x'), /"\.\." segment/);
    expectBadLocation(() => parseS3Url('s3://bkt//x'), /empty segment/);
    expectBadLocation(() => parseS3Url('s3://bkt/a/./x'), /"\." segment/);
    expectBadLocation(() => parseS3Url('s3://192.168.1.1/x'), /IP address/);
    expectBadLocation(() => parseS3Url('s3://-bucket/x'), /start and end/);
    expectBadLocation(() => parseS3Url('s3://my..bucket/x'), /adjacent periods/);
    expectBadLocation(() => parseS3Url('s3://xn--bucket/x'), /reserved/);
    expectBadLocation(() => parseS3Url(`s3://${'a'.repeat(64)}/x`), /3 to 63/);
  });

  it('normalizes prefixes and refuses .., . and empty segments', () => {
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('/')).toBe('');
    expect(normalizePrefix('/team/lifeboat/')).toBe('team/lifeboat');
    for (const bad of ['..', '../x', 'a/../b', 'a//b', '//', '//a', 'a/./b', 'a\nb']) {
      expectBadLocation(() => normalizePrefix(bad));
    }
  });

  it('builds keys inside the prefix only', () => {
    expect(keyFor({ prefix: 'team/lifeboat' }, 'snapshots/1')).toBe('team/lifeboat/snapshots/1');
    expect(keyFor({ prefix: '' }, 'snapshots/1')).toBe('snapshots/1');
    for (const bad of ['', '..', '../x', 'a/../../x', 'a/..', '/abs', 'a//b', 'a/', './a']) {
      expectBadLocation(() => keyFor({ prefix: 'team' }, bad));
    }
    expectBadLocation(() => keyFor({ prefix: '../team' }, 'x'));
  });

  it('normalizes local folders lexically and refuses relative paths', () => {
    expect(normalizeLocalPath('/mnt/usb/../nas/./lifeboat/')).toBe('/mnt/nas/lifeboat');
    expect(normalizeLocalPath('/')).toBe('/');
    expectBadLocation(() => normalizeLocalPath('backups/lifeboat'), /not an absolute path/);
    expectBadLocation(() => normalizeLocalPath(''), /empty/);
    expectBadLocation(() => normalizeLocalPath('/a\0b'), /NUL/);
  });
});

describe('repo locations: error mapping', () => {
  const loc: S3Location = {
    endpoint: 'https://s3.example.test',
    region: 'us-east-1',
    bucket: 'team-bucket',
    prefix: 'lifeboat',
    pathStyle: true,
    credentials: { kind: 'keys', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN },
  };
  const svc = (name: string, status: number, message = 'server said no') =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('maps S3 service and network errors to repo.* codes naming bucket and endpoint', () => {
    const cases: [unknown, string][] = [
      [svc('NoSuchBucket', 404), 'repo.bucket_not_found'],
      [svc('AccessDenied', 403), 'repo.access_denied'],
      [svc('Forbidden', 403), 'repo.access_denied'],
      [svc('InvalidAccessKeyId', 403), 'repo.bad_credentials'],
      [svc('SignatureDoesNotMatch', 403), 'repo.bad_credentials'],
      [svc('ExpiredToken', 400), 'repo.bad_credentials'],
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'repo.unreachable'],
      [Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), 'repo.unreachable'],
      [Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 'repo.unreachable'],
      [svc('InternalError', 500), 'repo.error'],
    ];
    for (const [err, code] of cases) {
      const mapped = remember(classifyS3Error(err, loc, 'write'));
      expect(mapped.code).toBe(code);
      expect(mapped.message).toMatch(/team-bucket|s3\.example\.test/);
    }
    expect(classifyS3Error(svc('AccessDenied', 403), loc, 'write').message).toContain('PutObject');
    expect(
      classifyS3Error(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), loc, 'list').message,
    ).toContain('could not be resolved');
  });

  it('never puts the secret key or session token in a message, even when the server echoes them', () => {
    const echoed = svc('WeirdError', 400, `bad request signed with ${SECRET} and ${TOKEN}`);
    const mapped = remember(classifyS3Error(echoed, loc, 'read'));
    expect(mapped.code).toBe('repo.error');
    expect(mapped.message).not.toContain(SECRET);
    expect(mapped.message).not.toContain(TOKEN);
    expect(mapped.message).toContain('***');
  });

  it('maps file system errors, including a read-only file system', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyFsError(err('EROFS'), '/mnt/usb', 'write')).toMatchObject({
      code: 'repo.access_denied',
      message: expect.stringContaining('read-only'),
    });
    expect(classifyFsError(err('EACCES'), '/mnt/usb', 'write').code).toBe('repo.access_denied');
    expect(classifyFsError(err('ENOENT'), '/mnt/usb', 'list').code).toBe('repo.not_found');
    expect(classifyFsError(err('ENOTDIR'), '/mnt/usb', 'list').code).toBe('repo.not_a_directory');
    expect(classifyFsError(err('ENOSPC'), '/mnt/usb', 'write').code).toBe('repo.error');
  });
});

describe.skipIf(s3.skip)('repo locations: S3 against s3rver', () => {
  const prefix = `repo-location/${randomUUID()}`;
  let bucket = 'lifeboat-test';

  const location = (overrides: Partial<S3Location> = {}): S3Location => {
    const info = s3.get();
    return {
      endpoint: info.endpoint,
      region: info.region,
      bucket,
      prefix,
      pathStyle: true,
      credentials: {
        kind: 'keys',
        accessKeyId: info.accessKeyId,
        secretAccessKey: SECRET,
        sessionToken: TOKEN,
      },
      ...overrides,
    };
  };

  async function objectsUnder(p: string): Promise<string[]> {
    const client = s3Client(s3.get());
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${p}/` }));
      return (listed.Contents ?? []).map((o) => o.Key ?? '');
    } finally {
      client.destroy();
    }
  }

  beforeAll(() => {
    bucket = s3.get().buckets[0] ?? 'lifeboat-test';
  });

  it('passes list, write, read and delete with good credentials and leaves nothing behind', async () => {
    const report = remember(await testS3Location(location()));
    expect(report.checks.map((c) => [c.op, c.ok])).toEqual([
      ['list', true],
      ['write', true],
      ['read', true],
      ['delete', true],
    ]);
    expect(report.ok).toBe(true);
    expect(report.latencyMs).toBeGreaterThan(0);
    expect(report.latencyMs).toBe(report.checks[0]?.ms);
    expect(await objectsUnder(prefix)).toEqual([]);
  });

  it('works at the root of the bucket (empty prefix) too', async () => {
    const report = remember(await testS3Location(location({ prefix: '' })));
    expect(report.ok).toBe(true);
  });

  it('reports an unknown access key as repo.bad_credentials and skips the rest', async () => {
    const report = remember(
      await testS3Location(
        location({ credentials: { kind: 'keys', accessKeyId: 'NOT-S3RVER', secretAccessKey: SECRET } }),
      ),
    );
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['repo.bad_credentials', 'repo.skipped', 'repo.skipped', 'repo.skipped']);
    expect(report.checks[0]?.error?.message).toContain('NOT-S3RVER');
    expect(report.checks[0]?.error?.message).toContain(s3.get().endpoint);
  });

  it('reports a missing bucket as repo.bucket_not_found', async () => {
    const missing = `missing-${randomUUID()}`;
    const report = remember(await testS3Location(location({ bucket: missing })));
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['repo.bucket_not_found', 'repo.skipped', 'repo.skipped', 'repo.skipped']);
    expect(report.checks[0]?.error?.message).toContain(missing);
  });

  it('reports a closed port as repo.unreachable within the timeout', async () => {
    const port = await freePort('127.0.0.1'); // nothing listens there once freePort returns
    const timeoutMs = 3_000;
    const started = Date.now();
    const report = remember(
      await testS3Location(location({ endpoint: `http://127.0.0.1:${port}` }), { timeoutMs }),
    );
    expect(Date.now() - started).toBeLessThan(timeoutMs);
    expect(codes(report)).toEqual(['repo.unreachable', 'repo.skipped', 'repo.skipped', 'repo.skipped']);
    expect(report.checks[0]?.error?.message).toMatch(
      new RegExp(`Connection refused by 127\\.0\\.0\\.1:${port}`),
    );
  });

  it('reports a server that never answers as repo.unreachable, saying it timed out', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => void sockets.add(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const report = remember(
        await testS3Location(location({ endpoint: `http://127.0.0.1:${port}` }), { timeoutMs: 500 }),
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(codes(report)).toEqual(['repo.unreachable', 'repo.skipped', 'repo.skipped', 'repo.skipped']);
      expect(report.checks[0]?.error?.message).toMatch(/timed out|within 500 ms/i);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('throws repo.bad_location for an invalid location, before any call', async () => {
    const cases: Partial<S3Location>[] = [
      { bucket: 'Bad_Bucket' },
      { prefix: '../escape' },
      { endpoint: 'ftp://127.0.0.1:21' },
      { endpoint: 'http://user:pw@127.0.0.1:9000' },
      { region: '' },
      { credentials: { kind: 'keys', accessKeyId: '', secretAccessKey: SECRET } },
    ];
    for (const c of cases) {
      const err = await testS3Location(location(c)).catch((e: unknown) => e);
      remember(err);
      expect(err).toMatchObject({ code: 'repo.bad_location' });
    }
  });

  it('throws on cancellation and leaves nothing behind', async () => {
    const controller = new AbortController();
    controller.abort(new LifeboatError('jobs.cancelled', 'Cancelled by the user.'));
    await expect(testS3Location(location(), { signal: controller.signal })).rejects.toMatchObject({
      code: 'jobs.cancelled',
    });
    expect(await objectsUnder(prefix)).toEqual([]);
  });

  describe('with a named profile from temp ~/.aws files', () => {
    const saved = {
      HOME: process.env.HOME,
      AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
      AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
      AWS_PROFILE: process.env.AWS_PROFILE,
    };
    let home: string;
    let credentialsFile: string;

    beforeAll(async () => {
      home = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-aws-home-'));
      await mkdir(path.join(home, '.aws'));
      credentialsFile = path.join(home, '.aws', 'credentials');
      const info = s3.get();
      await writeFile(
        credentialsFile,
        `# test profiles\n[lifeboat-test]\naws_access_key_id = ${info.accessKeyId}\naws_secret_access_key = ${info.secretAccessKey}\n`,
      );
      await writeFile(
        path.join(home, '.aws', 'config'),
        `[profile from-config]\naws_access_key_id = ${info.accessKeyId}\naws_secret_access_key = ${info.secretAccessKey}\nregion = us-east-1\n`,
      );
      process.env.HOME = home;
      process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
      process.env.AWS_CONFIG_FILE = path.join(home, '.aws', 'config');
      delete process.env.AWS_PROFILE;
    });

    afterAll(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await rm(home, { recursive: true, force: true });
    });

    it('works with a profile from the credentials file and one from the config file', async () => {
      for (const profile of ['lifeboat-test', 'from-config']) {
        const report = remember(
          await testS3Location(location({ credentials: { kind: 'profile', profile } })),
        );
        expect(report.checks.map((c) => c.error?.message)).toEqual([
          undefined,
          undefined,
          undefined,
          undefined,
        ]);
        expect(report.ok).toBe(true);
      }
      expect(await objectsUnder(prefix)).toEqual([]);
    });

    it('reports an unknown profile as repo.profile_not_found', async () => {
      const report = remember(
        await testS3Location(location({ credentials: { kind: 'profile', profile: 'no-such-profile' } })),
      );
      expect(report.ok).toBe(false);
      expect(codes(report)).toEqual([
        'repo.profile_not_found',
        'repo.skipped',
        'repo.skipped',
        'repo.skipped',
      ]);
      expect(report.checks[0]?.error?.message).toContain('no-such-profile');
      expect(report.checks[0]?.error?.message).toContain(credentialsFile);
    });

    it('reports a profile without any credential source as repo.bad_credentials, without calling out', async () => {
      const profile = `empty-${randomUUID().slice(0, 8)}`;
      const config = path.join(home, '.aws', 'config');
      const before = await readFile(config, 'utf8');
      try {
        await writeFile(config, `${before}[profile ${profile}]\nregion = us-east-1\n`);
        const started = Date.now();
        const report = remember(
          await testS3Location(location({ credentials: { kind: 'profile', profile } })),
        );
        expect(Date.now() - started).toBeLessThan(500); // no fall-through to the EC2 metadata service
        expect(codes(report)).toEqual([
          'repo.bad_credentials',
          'repo.skipped',
          'repo.skipped',
          'repo.skipped',
        ]);
        expect(report.checks[0]?.error?.message).toContain(profile);
      } finally {
        await writeFile(config, before);
      }
    });

    it('re-reads the files: a profile fixed after a failed test works without a restart', async () => {
      const info = s3.get();
      const profile = `edited-${randomUUID().slice(0, 8)}`;
      const original = `[lifeboat-test]\naws_access_key_id = ${info.accessKeyId}\naws_secret_access_key = ${info.secretAccessKey}\n`;
      try {
        await writeFile(
          credentialsFile,
          `${original}[${profile}]\naws_access_key_id = WRONG\naws_secret_access_key = x\n`,
        );
        const before = remember(
          await testS3Location(location({ credentials: { kind: 'profile', profile } })),
        );
        expect(codes(before)[0]).toBe('repo.bad_credentials');
        await writeFile(
          credentialsFile,
          `${original}[${profile}]\naws_access_key_id = ${info.accessKeyId}\naws_secret_access_key = ${info.secretAccessKey}\n`,
        );
        const after = remember(await testS3Location(location({ credentials: { kind: 'profile', profile } })));
        expect(after.ok).toBe(true);
      } finally {
        await writeFile(credentialsFile, original);
      }
    });
  });

  afterAll(() => {
    // Runs after every S3 case above: nothing they reported or threw holds a secret.
    const all = seen.join('\n');
    if (process.env.SHOW_REPORTS) console.log(seen.join('\n'));
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(TOKEN);
  });
});

describe('repo locations: local folders', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-repo-location-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('passes in a writable folder and leaves it empty', async () => {
    const dir = path.join(root, 'ok');
    await mkdir(dir);
    const report = await testLocalLocation(dir);
    expect(report.checks.map((c) => [c.op, c.ok])).toEqual([
      ['list', true],
      ['write', true],
      ['read', true],
      ['delete', true],
    ]);
    expect(report.ok).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a missing folder as repo.not_found and does not create it', async () => {
    const dir = path.join(root, 'missing', 'lifeboat');
    const report = await testLocalLocation(dir);
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['repo.not_found', 'repo.skipped', 'repo.skipped', 'repo.skipped']);
    expect(report.checks[0]?.error?.message).toBe(
      `The folder ${dir} does not exist; create it or check the mount.`,
    );
    expect(await readdir(root)).not.toContain('missing');
  });

  it('reports a file as repo.not_a_directory', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const report = await testLocalLocation(file);
    expect(codes(report)).toEqual(['repo.not_a_directory', 'repo.skipped', 'repo.skipped', 'repo.skipped']);
    const below = await testLocalLocation(path.join(file, 'sub'));
    expect(codes(below)[0]).toBe('repo.not_a_directory');
  });

  it('throws repo.bad_location for a relative path', async () => {
    await expect(testLocalLocation('relative/folder')).rejects.toMatchObject({ code: 'repo.bad_location' });
  });

  describe('a folder that cannot be written', () => {
    const isRoot = process.getuid?.() === 0;
    let dir = '';
    let locked: 'chmod' | 'chattr' | undefined;
    let skipReason: string | undefined;

    beforeAll(async () => {
      dir = path.join(root, 'locked');
      await mkdir(dir);
      if (!isRoot) {
        await chmod(dir, 0o555);
        locked = 'chmod';
        return;
      }
      // As root, mode bits do not stop writes; the immutable attribute does (ext4, xfs, btrfs
      // with CAP_LINUX_IMMUTABLE). Where it is unavailable the test is skipped, saying why.
      try {
        execFileSync('chattr', ['+i', dir], { stdio: 'pipe' });
        locked = 'chattr';
      } catch (err) {
        skipReason = `running as root and 'chattr +i' failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    });

    afterAll(async () => {
      if (locked === 'chattr') execFileSync('chattr', ['-i', dir], { stdio: 'pipe' });
      if (locked === 'chmod') await chmod(dir, 0o755);
    });

    it('reports repo.access_denied for the write and skips read and delete', async (ctx) => {
      if (!locked) ctx.skip(skipReason);
      const report = await testLocalLocation(dir);
      expect(report.ok).toBe(false);
      expect(codes(report)).toEqual([undefined, 'repo.access_denied', 'repo.skipped', 'repo.skipped']);
      expect(report.checks[1]?.error?.message).toContain(dir);
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
