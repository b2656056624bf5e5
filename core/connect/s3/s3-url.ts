import { LifeboatError } from '../../api/errors';
import { validateBucketName } from './bucket-name';
import { normalizePrefix } from './keys';

/**
 * Parses 's3://BUCKET' or 's3://BUCKET/PREFIX' (a trailing '/' is allowed). The bucket must
 * follow the S3 naming rules and the prefix the rules of normalizePrefix; anything else throws
 * `repo.bad_location` naming what is wrong.
 */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  if (typeof url !== 'string' || !/^s3:\/\//i.test(url.trim())) {
    throw new LifeboatError(
      'repo.bad_location',
      `"${String(url)}" is not an s3:// URL; use s3://BUCKET/PREFIX.`,
    );
  }
  const rest = url.trim().slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash + 1);
  if (bucket === '') {
    throw new LifeboatError('repo.bad_location', `"${url}" names no bucket; use s3://BUCKET/PREFIX.`);
  }
  validateBucketName(bucket);
  // normalizePrefix tolerates one leading '/', but in a URL 's3://b//x' is an empty segment.
  if (path.startsWith('/')) {
    throw new LifeboatError(
      'repo.bad_location',
      `The prefix in "${url}" is not valid: it has an empty segment ('//').`,
    );
  }
  return { bucket, prefix: normalizePrefix(path) };
}
