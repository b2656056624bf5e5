// Object keys of a repository: everything Lifeboat writes stays under the location's prefix.

import { LifeboatError } from '../../api/errors';
import type { S3Location } from './location';

/** S3 keys are at most 1024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;
/** Leaves room under the prefix for the repository's own keys. */
const MAX_PREFIX_BYTES = 512;

/**
 * Checks the '/'-separated segments of a key or prefix: no empty, '.' or '..' segment, no
 * control character. Returns the reason it is refused, or undefined.
 */
function segmentProblem(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains a control character';
  for (const segment of value.split('/')) {
    if (segment === '') return "it has an empty segment ('//')";
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
  }
  return undefined;
}

/**
 * Normalizes a repository prefix: one leading and one trailing '/' are dropped ('/team/x/' →
 * 'team/x'); '' means the bucket's root. Throws `repo.bad_location` for '..', '.', empty
 * segments ('a//b') or control characters.
 */
export function normalizePrefix(p: string): string {
  if (typeof p !== 'string') throw new LifeboatError('repo.bad_location', 'The prefix must be text.');
  let prefix = p;
  if (prefix.startsWith('/')) prefix = prefix.slice(1);
  if (prefix.endsWith('/')) prefix = prefix.slice(0, -1);
  if (prefix === '') {
    if (p.length > 1)
      throw new LifeboatError(
        'repo.bad_location',
        `The prefix "${p}" is not valid: it has an empty segment ('//').`,
      );
    return '';
  }
  const problem = segmentProblem(prefix);
  if (problem) throw new LifeboatError('repo.bad_location', `The prefix "${p}" is not valid: ${problem}.`);
  if (Buffer.byteLength(prefix, 'utf8') > MAX_PREFIX_BYTES) {
    throw new LifeboatError('repo.bad_location', `The prefix is longer than ${MAX_PREFIX_BYTES} bytes.`);
  }
  return prefix;
}

/**
 * The object key of `relative` inside the location: prefix + '/' + relative. Refuses (with
 * `repo.bad_location`) an empty or absolute relative path, '.', '..' or empty segments, so a
 * key outside the prefix is never produced.
 */
export function keyFor(loc: Pick<S3Location, 'prefix'>, relative: string): string {
  if (typeof relative !== 'string' || relative === '') {
    throw new LifeboatError('repo.bad_location', 'An object key inside the repository is empty.');
  }
  if (relative.startsWith('/')) {
    throw new LifeboatError(
      'repo.bad_location',
      `The object key "${relative}" must be relative to the prefix.`,
    );
  }
  const problem = segmentProblem(relative);
  if (problem)
    throw new LifeboatError('repo.bad_location', `The object key "${relative}" is refused: ${problem}.`);
  const prefix = normalizePrefix(loc.prefix);
  const key = prefix === '' ? relative : `${prefix}/${relative}`;
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new LifeboatError(
      'repo.bad_location',
      `The object key "${key.slice(0, 80)}…" is longer than ${MAX_KEY_BYTES} bytes.`,
    );
  }
  return key;
}
