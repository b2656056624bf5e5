// A repository under a prefix of an S3 bucket (AWS, MinIO, Ceph …). Every object key is built by
// keyFor from a key that validateKey accepted, so nothing outside the prefix can be named.
// Append-only by a HeadObject before each PutObject; each PutObject carries Content-Length and
// Content-MD5, so a server that checks them stores nothing from a cut-short upload, and S3 never
// shows a partial object.

import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { LifeboatError } from '../../api/errors';
import type { LocationOp } from '../../connect/local';
import {
  classifyS3Error,
  createS3Client,
  describeEndpoint,
  keyFor,
  validateS3Location,
  type S3Location,
} from '../../connect/s3';
import type { Backend, ObjectInfo, ReadOptions } from './backend';
import { cancelled, throwIfCancelled } from './cancel';
import { isValidKey, validateKey, validatePrefix } from './keys';
import { type ByteRange, checkMaxBytes, validateRange } from './range';
import { bytesOfAnswer, checkRangeHeaders, parseContentRange, readBody } from './s3-range';

export interface S3Backend extends Backend {
  /** The client in use (tests add middleware to it). */
  readonly client: S3Client;
  /** Closes the client's connections; the backend is unusable afterwards. */
  destroy(): void;
}

/** Service error names that mean "the bytes that arrived are not the bytes that were sent". */
const DAMAGED_UPLOAD = new Set(['BadDigest', 'InvalidDigest', 'IncompleteBody', 'XAmzContentSHA256Mismatch']);

interface ServiceError {
  name?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function errorName(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ServiceError;
  return typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : '';
}

function httpStatus(err: unknown): number | undefined {
  const status = (err as ServiceError | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function createS3Backend(loc: S3Location, opts: { timeoutMs?: number } = {}): S3Backend {
  const location = validateS3Location(loc);
  const client = createS3Client(location, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
  const Bucket = location.bucket;
  /** The repository's part of the bucket, with its trailing '/' ('' = the whole bucket). */
  const base = location.prefix === '' ? '' : `${location.prefix}/`;
  const where = `s3://${Bucket}/${base} at ${describeEndpoint(location)}`;

  /** Runs one request; cancellation → repo.cancelled, anything else classified with the key. */
  async function request<T>(
    op: LocationOp,
    what: string,
    key: string | undefined,
    signal: AbortSignal | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    throwIfCancelled(signal, what);
    try {
      return await fn();
    } catch (err) {
      if (signal?.aborted) throw cancelled(signal, what);
      if (err instanceof LifeboatError) throw err;
      const classified = classifyS3Error(err, location, op);
      throw new LifeboatError(
        classified.code,
        key ? `${classified.message} (object ${key})` : classified.message,
        key ? { key } : undefined,
      );
    }
  }

  async function head(key: string, op: LocationOp, signal?: AbortSignal): Promise<number | undefined> {
    const Key = keyFor(location, key);
    try {
      const res = await client.send(new HeadObjectCommand({ Bucket, Key }), { abortSignal: signal });
      return res.ContentLength ?? 0;
    } catch (err) {
      if (!signal?.aborted && (errorName(err) === 'NotFound' || httpStatus(err) === 404)) return undefined;
      throw err;
    }
  }

  const exists = (key: string) =>
    new LifeboatError(
      'repo.object_exists',
      `${key} already exists in ${where}; repository objects are never overwritten.`,
      { key },
    );

  async function put(key: string, data: Buffer, opts?: { signal?: AbortSignal }): Promise<void> {
    validateKey(key);
    const signal = opts?.signal;
    const what = `Writing ${key} to ${where}`;
    const Key = keyFor(location, key);
    await request('write', what, key, signal, async () => {
      if ((await head(key, 'write', signal)) !== undefined) throw exists(key);
      throwIfCancelled(signal, what);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key,
            Body: data,
            ContentLength: data.length,
            ContentMD5: createHash('md5').update(data).digest('base64'),
          }),
          { abortSignal: signal },
        );
      } catch (err) {
        if (signal?.aborted) throw err;
        const name = errorName(err);
        if (name === 'PreconditionFailed' || httpStatus(err) === 412) throw exists(key);
        if (DAMAGED_UPLOAD.has(name)) {
          throw new LifeboatError(
            'repo.upload_damaged',
            `${where} refused ${key}: the bytes it received do not match the ${data.length} sent (${name}); nothing was stored, try again.`,
            { key },
          );
        }
        throw err;
      }
    });
  }

  async function get(key: string, range?: ByteRange, opts: ReadOptions = {}): Promise<Buffer> {
    validateKey(key);
    if (range) validateRange(key, range);
    const { signal, maxBytes } = opts;
    if (range) checkMaxBytes(key, range.length, maxBytes);
    const Key = keyFor(location, key);
    const Range = range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined;
    return request('read', `Reading ${key} from ${where}`, key, signal, async () => {
      let res;
      try {
        res = await client.send(new GetObjectCommand({ Bucket, Key, Range }), { abortSignal: signal });
      } catch (err) {
        if (signal?.aborted) throw err;
        const name = errorName(err);
        if (name === 'NoSuchKey' || (name !== 'NoSuchBucket' && httpStatus(err) === 404)) {
          throw new LifeboatError('repo.object_missing', `${key} does not exist in ${where}.`, { key });
        }
        if (name === 'InvalidRange' || httpStatus(err) === 416) {
          throw new LifeboatError(
            'repo.bad_range',
            `Cannot read bytes ${range?.offset}–${(range?.offset ?? 0) + (range?.length ?? 0) - 1} of ${key}: the object is shorter.`,
            { key, ...range },
          );
        }
        throw err;
      }
      const contentRange = range ? parseContentRange(res.ContentRange) : undefined;
      try {
        if (range) checkRangeHeaders(key, range, contentRange);
        else if (res.ContentLength !== undefined) checkMaxBytes(key, res.ContentLength, maxBytes);
      } catch (err) {
        // Not drained: the body may never come (s3rver announces 1 byte of an empty object).
        (res.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw err;
      }
      // A range was checked against the limit above; a server that ignores Range may send the
      // whole object, which bytesOfAnswer cuts down, so only whole reads count the body.
      const body = await readBody(key, res.Body, range ? undefined : maxBytes);
      return bytesOfAnswer(key, body, res.ContentLength, range, contentRange);
    });
  }

  async function stat(key: string, opts?: { signal?: AbortSignal }): Promise<ObjectInfo | undefined> {
    validateKey(key);
    const signal = opts?.signal;
    return request('read', `Looking up ${key} in ${where}`, key, signal, async () => {
      const size = await head(key, 'read', signal);
      return size === undefined ? undefined : { key, size };
    });
  }

  async function* list(prefix: string, opts?: { signal?: AbortSignal }): AsyncIterable<ObjectInfo> {
    validatePrefix(prefix);
    const signal = opts?.signal;
    const what = `Listing ${prefix || 'everything'} in ${where}`;
    const Prefix = base + prefix;
    const listing = `the listing of ${prefix || 'the repository'}`;
    /** Every token used so far: a server that hands one out again would have us list forever. */
    const tokens = new Set<string>();
    let ContinuationToken: string | undefined;
    do {
      const page = await request('list', what, undefined, signal, () =>
        client.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }), {
          abortSignal: signal,
        }),
      );
      for (const object of page.Contents ?? []) {
        // Only what was asked for: a server that answers keys outside the prefix (another kind
        // of object, or outside the repository) is not believed.
        if (object.Key === undefined || !object.Key.startsWith(Prefix)) continue;
        const key = object.Key.slice(base.length);
        if (isValidKey(key)) yield { key, size: object.Size ?? 0 };
      }
      if (!page.IsTruncated) break;
      const next = page.NextContinuationToken;
      if (!next) {
        throw new LifeboatError(
          'repo.error',
          `${where} said ${listing} goes on but gave no continuation token.`,
        );
      }
      if (tokens.has(next)) {
        throw new LifeboatError(
          'repo.error',
          `${where} gave a continuation token it had given before in ${listing}; stopped rather than list the same objects forever.`,
        );
      }
      tokens.add(next);
      ContinuationToken = next;
    } while (ContinuationToken !== undefined);
  }

  async function remove(key: string, opts?: { signal?: AbortSignal }): Promise<void> {
    validateKey(key);
    const signal = opts?.signal;
    const Key = keyFor(location, key);
    await request('delete', `Deleting ${key} from ${where}`, key, signal, async () => {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal: signal });
      } catch (err) {
        if (!signal?.aborted && errorName(err) === 'NoSuchKey') return;
        throw err;
      }
    });
  }

  return {
    location: where,
    client,
    put,
    get,
    stat,
    list,
    delete: remove,
    destroy: () => client.destroy(),
  };
}
