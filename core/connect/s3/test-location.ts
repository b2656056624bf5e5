// `repo test` for an S3 location: can these credentials list, write, read back and delete under
// the prefix? Uses one probe object with a random name and always removes it.

import { randomBytes } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isLifeboatError, LifeboatError } from '../../api/errors';
import {
  cancellation,
  createCheckRecorder,
  type LocationOp,
  type LocationTestReport,
} from '../local/location-report';
import { createS3Client, DEFAULT_S3_TIMEOUT_MS } from './client';
import { keyFor } from './keys';
import { describeEndpoint, endpointHost, validateS3Location, type S3Location } from './location';
import { classifyS3Error } from './s3-errors';

const PROBE_BYTES = 4096;
const PROFILE_PROBLEMS = new Set(['repo.profile_not_found', 'repo.bad_credentials']);

function isNotFound(err: unknown): boolean {
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Tests an S3 location with a probe object `<prefix>/.lifeboat-probe-<hex>`: list (MaxKeys 1),
 * write, read back (bytes compared), delete (then HEAD must answer 404). Each call is bounded
 * by `timeoutMs` (default 10 s). Throws only for an invalid location (`repo.bad_location`) or
 * cancellation through `signal`; every other problem is a failed check in the report.
 */
export async function testS3Location(
  loc: S3Location,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<LocationTestReport> {
  const location = validateS3Location(loc);
  const { signal } = opts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_S3_TIMEOUT_MS;
  if (signal?.aborted) throw cancellation(signal);
  const rec = createCheckRecorder((err, op) => classifyS3Error(err, location, op), signal);
  const skipRest = (ops: LocationOp[], reason: string) => ops.forEach((op) => rec.skip(op, reason));

  let client: S3Client;
  try {
    client = createS3Client(location, { timeoutMs });
  } catch (err) {
    // A profile that is missing or has no credentials is a finding of the test, not bad input.
    if (!isLifeboatError(err) || !PROFILE_PROBLEMS.has(err.code)) throw err;
    await rec.run('list', () => Promise.reject(err));
    skipRest(['write', 'read', 'delete'], `no credentials (${err.code}).`);
    return rec.report();
  }

  const Bucket = location.bucket;
  const Key = keyFor(location, `.lifeboat-probe-${randomBytes(8).toString('hex')}`);
  const probeUrl = `s3://${Bucket}/${Key}`;
  const body = randomBytes(PROBE_BYTES);

  /** Runs one call under a deadline; `cancellable` = also stopped by the caller's signal. */
  const bounded = async <T>(
    op: LocationOp,
    call: (abortSignal: AbortSignal) => Promise<T>,
    cancellable = true,
  ): Promise<T> => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const abortSignal = cancellable && signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      return await call(abortSignal);
    } catch (err) {
      if (deadline.aborted && !(cancellable && signal?.aborted)) {
        throw new LifeboatError(
          'repo.unreachable',
          `No answer from ${endpointHost(location)} (${describeEndpoint(location)}) within ${timeoutMs} ms during ${op}.`,
        );
      }
      throw err;
    }
  };

  let attempted = false; // a PutObject was sent: the probe may exist
  let gone = false;

  const runChecks = async (): Promise<void> => {
    await rec.run('list', async () => {
      await bounded('list', (abortSignal) =>
        client.send(
          new ListObjectsV2Command({
            Bucket,
            MaxKeys: 1,
            ...(location.prefix ? { Prefix: `${location.prefix}/` } : {}),
          }),
          { abortSignal },
        ),
      );
    });
    const fatal = rec.fatal();
    if (fatal) return skipRest(['write', 'read', 'delete'], `the location is unusable (${fatal.code}).`);

    attempted = true;
    const wrote = await rec.run('write', async () => {
      await bounded('write', (abortSignal) =>
        client.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentLength: body.length }), {
          abortSignal,
        }),
      );
    });
    if (!wrote) {
      const reason = rec.fatal()
        ? `the location is unusable (${rec.fatal()?.code}).`
        : 'the probe could not be written.';
      return skipRest(['read', 'delete'], reason);
    }

    await rec.run('read', async () => {
      const back = await bounded('read', async (abortSignal) => {
        const got = await client.send(new GetObjectCommand({ Bucket, Key }), { abortSignal });
        return Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array());
      });
      if (!back.equals(body)) {
        throw new LifeboatError(
          'repo.error',
          `Read back ${back.length} bytes from ${probeUrl} that differ from the ${body.length} written; the server does not store data faithfully (check its checksum/chunked-upload support).`,
        );
      }
    });

    gone = await rec.run('delete', async () => {
      await bounded('delete', (abortSignal) =>
        client.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal }),
      );
      try {
        await bounded('delete', (abortSignal) =>
          client.send(new HeadObjectCommand({ Bucket, Key }), { abortSignal }),
        );
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      throw new LifeboatError(
        'repo.error',
        `${probeUrl} is still there after DeleteObject; the server ignores deletes (object lock or retention?).`,
      );
    });
  };

  try {
    await runChecks();
  } finally {
    // Also on failure and cancellation: never leave the probe behind if it can be removed.
    if (attempted && !gone) {
      try {
        await bounded(
          'delete',
          (abortSignal) => client.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal }),
          false,
        );
      } catch {
        if (rec.report().checks.some((c) => c.op === 'write' && c.ok)) {
          rec.amend('delete', `The probe ${probeUrl} may be left behind; delete it by hand.`);
        }
      }
    }
    client.destroy();
  }
  return rec.report();
}
