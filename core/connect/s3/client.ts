import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { LifeboatError } from '../../api/errors';
import { assertProfileUsable } from './aws-profile';
import { validateS3Location, type S3Location } from './location';

/** Default bound on connecting and on a silent socket, in ms. */
export const DEFAULT_S3_TIMEOUT_MS = 10_000;

/**
 * An S3Client for a repository location (AWS, MinIO, Ceph, on-site appliances):
 * - path-style addressing when the location asks for it;
 * - checksums only when required: with the SDK defaults, streamed uploads use aws-chunked
 *   framing with a checksum trailer that several S3-compatible servers store verbatim;
 * - bounded waits: `timeoutMs` bounds connecting and any silence on the socket. There is no
 *   bound on a whole request here, because the same client carries large pack uploads that
 *   may take minutes while making progress; callers bound a call with an `abortSignal`;
 * - two attempts at most, so an unreachable endpoint is reported quickly;
 * - a profile is looked up first and then resolved by the SDK (static keys, role_arn, SSO,
 *   credential_process), re-reading the files each time.
 *
 * Throws `repo.bad_location` for an invalid location, `repo.profile_not_found` for an unknown
 * profile, `repo.bad_credentials` for a profile without any credential source. The caller owns
 * the client and calls `destroy()`.
 */
export function createS3Client(loc: S3Location, opts: { timeoutMs?: number } = {}): S3Client {
  const location = validateS3Location(loc);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_S3_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new LifeboatError(
      'repo.bad_location',
      `The timeout must be a positive number of ms (got ${timeoutMs}).`,
    );
  }
  // `ignoreCache` is not in S3ClientConfig's type, but the client hands its whole config to the
  // default credential chain, whose fromIni honours it: without it, a profile fixed in
  // ~/.aws/credentials after a first failed test would keep failing until a restart.
  const config: S3ClientConfig & { ignoreCache?: boolean } = {
    region: location.region,
    forcePathStyle: location.pathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: { connectionTimeout: timeoutMs, socketTimeout: timeoutMs },
  };
  if (location.endpoint !== undefined) config.endpoint = location.endpoint;
  const creds = location.credentials;
  if (creds.kind === 'keys') {
    config.credentials = {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      ...(creds.sessionToken !== undefined ? { sessionToken: creds.sessionToken } : {}),
    };
  } else {
    assertProfileUsable(creds.profile);
    config.profile = creds.profile;
    config.ignoreCache = true;
  }
  return new S3Client(config);
}
