// What the S3 backend does with answers s3rver never gives: a listing that hands out the same
// continuation token again, keys outside the listed prefix, a body longer than announced. The
// client's `send` is replaced by a fake server; nothing goes over the network.
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, expectCode, hex64 } from './contract-tests';
import { createS3Backend, type S3Backend } from './s3';

const base = 'team/repo/';
let backend: S3Backend;

/** A backend whose requests go to `answer` (the command's input → the server's answer). */
function withFakeServer(answer: (command: unknown) => unknown): { requests: () => number } {
  backend = createS3Backend({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    bucket: 'lifeboat-test',
    prefix: 'team/repo',
    pathStyle: true,
    credentials: { kind: 'keys', accessKeyId: 'test', secretAccessKey: 'test' },
  });
  let requests = 0;
  (backend.client as unknown as { send: (c: unknown) => Promise<unknown> }).send = async (command) => {
    requests++;
    return answer(command);
  };
  return { requests: () => requests };
}

afterEach(() => backend.destroy());

const page = (keys: string[], more: { IsTruncated?: boolean; NextContinuationToken?: string } = {}) => ({
  Contents: keys.map((Key) => ({ Key, Size: 7 })),
  ...more,
});

describe('S3 backend against a misbehaving server', () => {
  it('stops when the server hands out a continuation token it gave before', async () => {
    const first = `index/${hex64()}`;
    const fake = withFakeServer((c) => {
      if (!(c instanceof ListObjectsV2Command)) throw new Error('unexpected request');
      return page([base + first], { IsTruncated: true, NextContinuationToken: 'again' });
    });
    const err = await expectCode(collect(backend.list('index/')), 'repo.error');
    expect(err.message).toMatch(/continuation token it had given before/);
    expect(fake.requests()).toBe(2);

    // A longer cycle (a → b → a) too.
    let n = 0;
    const cycle = withFakeServer(() =>
      page([], { IsTruncated: true, NextContinuationToken: ['a', 'b'][n++ % 2] }),
    );
    await expectCode(collect(backend.list('')), 'repo.error');
    expect(cycle.requests()).toBe(3);
  });

  it('still refuses a truncated listing without a token, and follows honest tokens', async () => {
    withFakeServer(() => page([], { IsTruncated: true }));
    const err = await expectCode(collect(backend.list('keys/')), 'repo.error');
    expect(err.message).toMatch(/gave no continuation token/);

    const keys = [`keys/${hex64()}`, `keys/${hex64()}`];
    withFakeServer((c) => {
      const token = (c as ListObjectsV2Command).input.ContinuationToken;
      return token === undefined
        ? page([base + keys[0]!], { IsTruncated: true, NextContinuationToken: 't1' })
        : page([base + keys[1]!], { IsTruncated: false });
    });
    expect((await collect(backend.list('keys/'))).map((o) => o.key)).toEqual([...keys].sort());
  });

  it('yields only keys under the listed prefix, whatever the server answers', async () => {
    const index = `index/${hex64()}`;
    withFakeServer((c) => {
      expect((c as ListObjectsV2Command).input.Prefix).toBe(`${base}index/`);
      return page([
        base + index,
        `${base}snapshots/${hex64()}`,
        `${base}keys/${hex64()}`,
        `${base}config`,
        `team/other/index/${hex64()}`,
        `index/${hex64()}`,
      ]);
    });
    expect(await collect(backend.list('index/'))).toEqual([{ key: index, size: 7 }]);
  });

  it('refuses a body over maxBytes: by the announced length, and by counting when that lies', async () => {
    const key = `keys/${hex64()}`;
    const announced = Readable.from([Buffer.alloc(40_000), Buffer.alloc(40_000)]);
    withFakeServer((c) => {
      expect(c).toBeInstanceOf(GetObjectCommand);
      return { ContentLength: 80_000, Body: announced };
    });
    await expectCode(backend.get(key, undefined, { maxBytes: 65_536 }), 'repo.object_too_large');
    expect(announced.destroyed).toBe(true);
    expect(announced.readableDidRead).toBe(false);

    // The server announces 10 bytes and sends 3 GiB worth of chunks: stopped at the limit.
    let sent = 0;
    withFakeServer(() => {
      const chunk = Buffer.alloc(16_384);
      const Body = Readable.from(
        (function* () {
          for (; sent < 3 * 1024 ** 3; sent += chunk.length) yield chunk;
        })(),
      );
      return { ContentLength: 10, Body };
    });
    await expectCode(backend.get(key, undefined, { maxBytes: 65_536 }), 'repo.object_too_large');
    expect(sent).toBeLessThan(1024 * 1024);
  });
});
