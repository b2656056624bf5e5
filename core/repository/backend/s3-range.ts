// Checks the answer to a GetObject: the body must be as long as the server said, and a ranged
// read must cover the bytes asked for. Some servers answer more than was asked (s3rver sends the
// whole object for `bytes=0-0`; any server may ignore Range and answer 200 with everything), so a
// covering answer is cut down to the range.

import { LifeboatError } from '../../api/errors';
import { type ByteRange, objectTooLarge, rangePastEnd, shortRead } from './range';

export interface ContentRange {
  start: number;
  end: number;
  /** undefined when the server sent '*'. */
  total: number | undefined;
}

/** Parses `bytes start-end/total`; undefined when absent or not in that form. */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  const m = header ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

/**
 * Before the body is read: throws `repo.bad_range` when the headers say the range ends past the
 * object's end, and `repo.error` when the server answered a range that does not cover it.
 */
export function checkRangeHeaders(
  key: string,
  range: ByteRange,
  contentRange: ContentRange | undefined,
): void {
  if (!contentRange) return;
  const wantedEnd = range.offset + range.length - 1;
  if (contentRange.total !== undefined && wantedEnd >= contentRange.total) {
    throw rangePastEnd(key, range, contentRange.total);
  }
  if (contentRange.start !== range.offset || contentRange.end < wantedEnd) {
    if (contentRange.total === undefined && contentRange.start === range.offset) {
      throw rangePastEnd(key, range, contentRange.end + 1);
    }
    throw new LifeboatError(
      'repo.error',
      `Asked for bytes ${range.offset}–${wantedEnd} of ${key}, the server answered bytes ${contentRange.start}–${contentRange.end}.`,
    );
  }
}

/**
 * After the body is read: the bytes of the range (or the whole body), or `repo.short_read` when
 * the body is shorter than announced and `repo.bad_range` when a whole-object answer is too short.
 */
export function bytesOfAnswer(
  key: string,
  body: Buffer,
  contentLength: number | undefined,
  range: ByteRange | undefined,
  contentRange: ContentRange | undefined,
): Buffer {
  if (contentLength !== undefined && body.length !== contentLength) {
    throw shortRead(key, contentLength, body.length);
  }
  if (!range) return body;
  if (contentRange) {
    const announced = contentRange.end - contentRange.start + 1;
    if (body.length !== announced) throw shortRead(key, announced, body.length);
    return body.length === range.length ? body : Buffer.from(body.subarray(0, range.length));
  }
  // No Content-Range: the server ignored Range and sent the whole object.
  if (range.offset + range.length > body.length) throw rangePastEnd(key, range, body.length);
  return Buffer.from(body.subarray(range.offset, range.offset + range.length));
}

/** A GetObject body as the SDK gives it in Node: a stream, with the SDK's helper to collect it. */
interface Body {
  transformToByteArray?: () => Promise<Uint8Array>;
  destroy?: () => void;
  [Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

/**
 * The body's bytes. With `maxBytes`, they are counted as they arrive and the transfer is stopped
 * (`repo.object_too_large`) as soon as there are more, whatever length the server announced.
 */
export async function readBody(key: string, body: unknown, maxBytes: number | undefined): Promise<Buffer> {
  const b = (body ?? undefined) as Body | undefined;
  if (b === undefined) return Buffer.alloc(0);
  if (maxBytes === undefined || !b[Symbol.asyncIterator]) {
    const bytes = Buffer.from((await b.transformToByteArray?.()) ?? new Uint8Array());
    if (maxBytes !== undefined && bytes.length > maxBytes) throw objectTooLarge(key, bytes.length, maxBytes);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let got = 0;
  for await (const chunk of b as AsyncIterable<Uint8Array>) {
    got += chunk.length;
    if (got > maxBytes) {
      b.destroy?.();
      throw objectTooLarge(key, got, maxBytes);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, got);
}
