import { LifeboatError } from '../../api/errors';

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * The general-purpose bucket naming rules of S3 (which MinIO and Ceph follow): 3–63 characters,
 * lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..',
 * not an IP address, no reserved prefix or suffix. Throws `repo.bad_location` saying which
 * rule is broken.
 */
export function validateBucketName(bucket: string): void {
  const bad = (why: string): never => {
    throw new LifeboatError('repo.bad_location', `The bucket name "${bucket}" is not valid: ${why}.`);
  };
  if (typeof bucket !== 'string' || bucket === '') {
    throw new LifeboatError('repo.bad_location', 'The bucket name is empty.');
  }
  if (bucket.length < 3 || bucket.length > 63)
    bad(`it must be 3 to 63 characters long (it has ${bucket.length})`);
  if (/[A-Z]/.test(bucket)) bad('it must not contain uppercase letters');
  const other = bucket.match(/[^a-z0-9.-]/);
  if (other) bad(`it may only contain lowercase letters, digits, '.' and '-' (found "${other[0]}")`);
  if (!/^[a-z0-9]/.test(bucket) || !/[a-z0-9]$/.test(bucket))
    bad('it must start and end with a letter or a digit');
  if (bucket.includes('..')) bad("it must not contain two adjacent periods ('..')");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) bad('it must not be formatted as an IP address');
  for (const p of RESERVED_PREFIXES) if (bucket.startsWith(p)) bad(`the prefix "${p}" is reserved`);
  for (const s of RESERVED_SUFFIXES) if (bucket.endsWith(s)) bad(`the suffix "${s}" is reserved`);
}
