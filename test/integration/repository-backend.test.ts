// The repository Backend contract against s3rver, plus what only S3 has: the prefix boundary,
// the headers that let a server reject a cut-short upload, and a body cut short on the way back.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import type { S3Location } from '../../core/connect/s3';
import {
  backendContract,
  collect,
  expectCode,
  hex64,
  mapLimit,
  packKey,
} from '../../core/repository/backend/contract-tests';
import { createS3Backend, type S3Backend } from '../../core/repository/backend/s3';
import { freePort } from '../harness/free-port';
import { s3Client, type S3Info } from '../harness/s3';
import { requireService } from '../harness/services';

const s3 = requireService(inject('services'), 's3');
const BUCKET = 'lifeboat-test';

function locationFor(info: S3Info, prefix: string, overrides: Partial<S3Location> = {}): S3Location {
  return {
    endpoint: info.endpoint,
    region: info.region,
    bucket: BUCKET,
    prefix,
    pathStyle: true,
    credentials: { kind: 'keys', accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    ...overrides,
  };
}

/** Deletes every object under `prefix` (a whole test's worth) with a plain client. */
async function removeAll(client: S3Client, prefix: string): Promise<void> {
  let ContinuationToken: string | undefined;
  const keys: string[] = [];
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken }),
    );
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  await mapLimit(keys, 32, async (Key) => {
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
  });
}

/** A fresh repository under a unique prefix, with a raw client for looking behind its back. */
function freshRepo(): { backend: S3Backend; raw: S3Client; prefix: string; close(): Promise<void> } {
  const info = s3.get();
  const prefix = `repository-backend/${randomUUID()}`;
  const backend = createS3Backend(locationFor(info, prefix));
  const raw = s3Client(info);
  return {
    backend,
    raw,
    prefix,
    async close() {
      await removeAll(raw, `${prefix}`);
      backend.destroy();
      raw.destroy();
    },
  };
}

describe.skipIf(s3.skip)('repository backend on S3 (s3rver)', () => {
  backendContract(
    's3',
    async () => {
      const repo = freshRepo();
      return {
        backend: repo.backend,
        cleanup: () => repo.close(),
        putForeign: async (relativePath, data) => {
          await repo.raw.send(
            new PutObjectCommand({ Bucket: BUCKET, Key: `${repo.prefix}/${relativePath}`, Body: data }),
          );
        },
      };
    },
    // More than one ListObjectsV2 page (1,000 keys).
    { listCount: 1200, listTimeoutMs: 180_000 },
  );

  it('never leaves its prefix: neighbours are invisible, every request stays under the prefix', async () => {
    const repo = freshRepo();
    const { backend, raw, prefix } = repo;
    const parent = prefix.slice(0, prefix.lastIndexOf('/'));
    const neighbours = [`${prefix}x/config`, `${prefix}-evil/keys/${hex64()}`, `${parent}/config`];
    try {
      for (const Key of neighbours) {
        await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'neighbour' }));
      }
      const paths: string[] = [];
      backend.client.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { path?: string; query?: Record<string, unknown> };
          paths.push(`${req.path ?? ''}?prefix=${String(req.query?.['prefix'] ?? '')}`);
          return next(args);
        },
        { step: 'finalizeRequest', name: 'recordPaths' },
      );

      expect(await collect(backend.list(''))).toEqual([]);
      expect(await backend.stat('config')).toBeUndefined();
      await expectCode(backend.get('config'), 'repo.object_missing');
      for (const bad of ['../config', `../${prefix.split('/').pop()}x/config`, '../../config', '/config']) {
        await expectCode(backend.get(bad), 'repo.bad_key');
        await expectCode(backend.put(bad, Buffer.from('x')), 'repo.bad_key');
        await expectCode(backend.delete(bad), 'repo.bad_key');
      }
      for (const bad of ['../', '../../', '/']) await expectCode(collect(backend.list(bad)), 'repo.bad_key');
      const key = `snapshots/${hex64()}`;
      await backend.put(key, Buffer.from('mine'));
      expect(await collect(backend.list(''))).toEqual([{ key, size: 4 }]);
      await backend.delete(key);

      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) {
        const [pathPart, listPrefix] = p.split('?prefix=') as [string, string];
        if (listPrefix !== '') expect(listPrefix.startsWith(`${prefix}/`), p).toBe(true);
        else expect(pathPart.startsWith(`/${BUCKET}/${prefix}/`), p).toBe(true);
      }
      // The neighbours are untouched.
      const left = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: parent }));
      expect((left.Contents ?? []).map((o) => o.Key).sort()).toEqual([...neighbours].sort());
    } finally {
      for (const Key of neighbours) await raw.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
      await repo.close();
    }
  });

  it('sends Content-Length and Content-MD5, so a server can refuse a cut-short upload', async () => {
    const repo = freshRepo();
    try {
      const seen: Array<Record<string, string>> = [];
      repo.backend.client.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { method?: string; headers?: Record<string, string> };
          if (req.method === 'PUT') seen.push({ ...req.headers });
          return next(args);
        },
        { step: 'finalizeRequest', name: 'recordPutHeaders', priority: 'low' },
      );
      const data = randomBytes(70_000);
      await repo.backend.put(packKey(), data);
      expect(seen).toHaveLength(1);
      const headers = Object.fromEntries(Object.entries(seen[0] ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      expect(headers['content-length']).toBe(String(data.length));
      expect(headers['content-md5']).toBe(createHash('md5').update(data).digest('base64'));
      // No aws-chunked framing (s3rver would store it as the body).
      expect(headers['content-encoding'] ?? '').not.toContain('aws-chunked');
    } finally {
      await repo.close();
    }
  });

  it('reports a refused upload (BadDigest) as repo.upload_damaged, with nothing stored', async () => {
    // s3rver does not check Content-MD5, so the refusal a real server sends is simulated.
    const repo = freshRepo();
    try {
      repo.backend.client.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { method?: string };
          if (req.method !== 'PUT') return next(args);
          throw Object.assign(new Error('The Content-MD5 you specified did not match what we received.'), {
            name: 'BadDigest',
            $metadata: { httpStatusCode: 400 },
          });
        },
        { step: 'finalizeRequest', name: 'badDigest' },
      );
      const key = packKey();
      const err = await expectCode(repo.backend.put(key, randomBytes(1000)), 'repo.upload_damaged');
      expect(err.message).toContain(key);
      expect(await repo.backend.stat(key)).toBeUndefined();
    } finally {
      await repo.close();
    }
  });

  it('detects a body cut short on the way back (whole and ranged reads)', async () => {
    const repo = freshRepo();
    try {
      const key = packKey();
      await repo.backend.put(key, randomBytes(10_000));
      let cut = false;
      repo.backend.client.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          const response = result.response as { body?: unknown };
          if (cut && response.body instanceof Readable) {
            const chunks: Buffer[] = [];
            for await (const c of response.body) chunks.push(Buffer.from(c as Uint8Array));
            const whole = Buffer.concat(chunks);
            response.body = Readable.from([whole.subarray(0, Math.floor(whole.length / 2))]);
          }
          return result;
        },
        // Inside the deserializer: sees the raw HTTP response.
        { step: 'deserialize', name: 'cutBody', priority: 'low' },
      );
      cut = true;
      const whole = await expectCode(repo.backend.get(key), 'repo.short_read');
      expect(whole.message).toContain(key);
      await expectCode(repo.backend.get(key, { offset: 100, length: 5000 }), 'repo.short_read');
      cut = false;
      expect((await repo.backend.get(key)).length).toBe(10_000);
    } finally {
      await repo.close();
    }
  });

  it('reports a missing bucket and an unreachable endpoint', async () => {
    const info = s3.get();
    const noBucket = createS3Backend(locationFor(info, 'x', { bucket: 'lifeboat-no-such-bucket' }));
    try {
      await expectCode(noBucket.put('config', Buffer.from('x')), 'repo.bucket_not_found');
      await expectCode(noBucket.get('config'), 'repo.bucket_not_found');
      await expectCode(collect(noBucket.list('')), 'repo.bucket_not_found');
    } finally {
      noBucket.destroy();
    }
    const port = await freePort();
    const down = createS3Backend(locationFor(info, 'x', { endpoint: `http://127.0.0.1:${port}` }));
    try {
      const err = await expectCode(down.get(`keys/${hex64()}`), 'repo.unreachable');
      expect(err.message).toContain(`127.0.0.1:${port}`);
      await expectCode(collect(down.list('keys/')), 'repo.unreachable');
    } finally {
      down.destroy();
    }
  });
});
