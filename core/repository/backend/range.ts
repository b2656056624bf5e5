// Ranged reads: what a valid range is, and the errors every backend reports for one that is not.

import { LifeboatError } from '../../api/errors';

export interface ByteRange {
  offset: number;
  length: number;
}

/** Throws `repo.bad_range` unless offset is an integer ≥ 0 and length an integer ≥ 1. */
export function validateRange(key: string, range: ByteRange): void {
  const { offset, length } = range;
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 1) {
    throw new LifeboatError(
      'repo.bad_range',
      `Cannot read ${String(length)} bytes at offset ${String(offset)} of ${key}: the offset must be a whole number ≥ 0 and the length ≥ 1.`,
    );
  }
}

/** The error for a range that ends past the object's end. */
export function rangePastEnd(key: string, range: ByteRange, size: number): LifeboatError {
  return new LifeboatError(
    'repo.bad_range',
    `Cannot read bytes ${range.offset}–${range.offset + range.length - 1} of ${key}: the object has only ${size} bytes.`,
    { key, offset: range.offset, length: range.length, size },
  );
}

/** Throws `repo.bad_range` when the range does not fit in an object of `size` bytes. */
export function checkRangeFits(key: string, range: ByteRange, size: number): void {
  if (range.offset + range.length > size) throw rangePastEnd(key, range, size);
}

/** The error for a read that returned fewer bytes than the object or range holds. */
export function shortRead(key: string, expected: number, got: number): LifeboatError {
  return new LifeboatError(
    'repo.short_read',
    `Reading ${key} returned ${got} bytes instead of ${expected}; the transfer was cut short or the object changed.`,
    { key, expected, got },
  );
}

/** The error for an object (or range) longer than the reader accepts (`ReadOptions.maxBytes`). */
export function objectTooLarge(key: string, size: number, maxBytes: number): LifeboatError {
  return new LifeboatError(
    'repo.object_too_large',
    `${key} is ${size} bytes, more than the ${maxBytes} bytes such an object may have; it was not read.`,
    { key, size, maxBytes },
  );
}

/** Throws `repo.object_too_large` when `size` bytes are more than `maxBytes` (if set) allows. */
export function checkMaxBytes(key: string, size: number, maxBytes: number | undefined): void {
  if (maxBytes !== undefined && size > maxBytes) throw objectTooLarge(key, size, maxBytes);
}
