// The repository's failures as LifeboatError codes (FORMAT.md, "Errors"). Each message names the
// object (key, blob id, pack id) and the repository's location, so a tired person can act on it;
// `details` carries the same facts for the UI. No message ever holds a passphrase or key.
import { LifeboatError } from '../api/errors';
import { shortId, type BlobType } from './ids';

export function notInitialized(location: string, what: string): LifeboatError {
  return new LifeboatError(
    'repo.not_initialized',
    `${location} is not a Lifeboat repository (${what}). Initialise it first, or check the location.`,
    { location },
  );
}

export function alreadyInitialized(location: string): LifeboatError {
  return new LifeboatError(
    'repo.already_initialized',
    `${location} already holds a Lifeboat repository; it was left untouched. Connect to it with its passphrase instead (lifeboat repo connect NAME --passphrase-env VAR).`,
    { location },
  );
}

export function wrongPassphrase(location: string, keyFiles: number, damagedKeys: string[]): LifeboatError {
  const damaged =
    damagedKeys.length > 0
      ? ` ${damagedKeys.length === 1 ? '1 key file' : `${damagedKeys.length} key files`} could not be read: ${damagedKeys.join(', ')}.`
      : '';
  return new LifeboatError(
    'repo.wrong_passphrase',
    `The passphrase does not open ${location} (tried ${keyFiles === 1 ? '1 key file' : `${keyFiles} key files`}).${damaged} Check the passphrase.`,
    { location, keyFiles, damagedKeys },
  );
}

export function unsupportedVersion(location: string, what: string, version: unknown): LifeboatError {
  return new LifeboatError(
    'repo.unsupported_version',
    `${what} in ${location} has format version ${String(version)}, which this Lifeboat does not know. Update Lifeboat.`,
    { location, what, version },
  );
}

/** A stored file (config, key, index, snapshot) that can't be decrypted or doesn't validate. */
export function damagedFile(
  code: 'repo.damaged_config' | 'repo.damaged_key' | 'repo.damaged_index' | 'repo.damaged_snapshot',
  location: string,
  key: string,
  reason: string,
): LifeboatError {
  return new LifeboatError(code, `${key} in ${location} is damaged: ${reason}.`, { location, key, reason });
}

export function damagedBlob(
  location: string,
  type: BlobType,
  id: string,
  packId: string,
  reason: string,
): LifeboatError {
  return new LifeboatError(
    'repo.damaged_blob',
    `The ${type} blob ${shortId(id)} in pack ${shortId(packId)} of ${location} is damaged: ${reason}. ` +
      'Verify the points that use it (lifeboat verify POINT --read-data) to see which files it affects; other blobs are unaffected.',
    { location, type, blob: id, pack: packId, reason },
  );
}

export function damagedPack(location: string, packId: string, reason: string): LifeboatError {
  return new LifeboatError(
    'repo.damaged_pack',
    `Pack ${shortId(packId)} of ${location} is damaged: ${reason}.`,
    {
      location,
      pack: packId,
      reason,
    },
  );
}

export function missingBlob(
  location: string,
  type: BlobType,
  id: string,
  why: string,
  extra: Record<string, unknown> = {},
): LifeboatError {
  return new LifeboatError(
    'repo.missing_blob',
    `The ${type} blob ${id} is missing from ${location}: ${why}.`,
    { location, type, blob: id, ...extra },
  );
}

export function damagedTree(id: string, reason: string): LifeboatError {
  return new LifeboatError('repo.damaged_tree', `Tree ${shortId(id)} is not valid: ${reason}.`, {
    tree: id,
    reason,
  });
}

export function invalidInput(
  code: 'repo.invalid_tree' | 'repo.invalid_snapshot',
  reason: string,
): LifeboatError {
  const what = code === 'repo.invalid_tree' ? 'tree' : 'snapshot';
  return new LifeboatError(code, `Refusing to store an invalid ${what}: ${reason}.`, { reason });
}

export function blobTooLarge(size: number, max: number): LifeboatError {
  return new LifeboatError(
    'repo.blob_too_large',
    `A blob of ${size} bytes is larger than the format allows (${max} bytes); chunk the content first.`,
    { size, max },
  );
}

/** Short text of a zod error: the first few issues with their paths. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') + ': ' : ''}${i.message}`)
    .join('; ');
}
