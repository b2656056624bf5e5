// Where a repository lives in an S3-compatible store, and the checks that make it usable.

import { LifeboatError } from '../../api/errors';
import { validateBucketName } from './bucket-name';
import { normalizePrefix } from './keys';

export type S3Credentials =
  | { kind: 'keys'; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** A named profile from ~/.aws/credentials or ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE). */
  | { kind: 'profile'; profile: string };

export interface S3Location {
  /** e.g. http://127.0.0.1:9000; undefined = AWS. */
  endpoint?: string;
  /** The caller decides the default ('us-east-1'). */
  region: string;
  bucket: string;
  /** '' or 'team/lifeboat': no leading/trailing '/', no '.', '..' or empty segments. */
  prefix: string;
  pathStyle: boolean;
  credentials: S3Credentials;
}

const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PROFILE = /^[\w\-@+.%:/]+$/;

function bad(message: string): never {
  throw new LifeboatError('repo.bad_location', message);
}

/**
 * Checks a location before any network call and returns it with the prefix normalized.
 * Throws `repo.bad_location` naming the field that is wrong. Never echoes a secret.
 */
export function validateS3Location(loc: S3Location): S3Location {
  if (loc.endpoint !== undefined) validateEndpoint(loc.endpoint);
  if (typeof loc.region !== 'string' || !REGION.test(loc.region)) {
    bad(`The region "${String(loc.region)}" is not valid; use a region name such as us-east-1.`);
  }
  validateBucketName(loc.bucket);
  const prefix = normalizePrefix(loc.prefix);
  const creds = loc.credentials as S3Credentials | undefined;
  if (creds?.kind === 'keys') {
    if (typeof creds.accessKeyId !== 'string' || creds.accessKeyId.trim() === '') {
      bad('The access key id is empty.');
    }
    if (typeof creds.secretAccessKey !== 'string' || creds.secretAccessKey === '') {
      bad('The secret access key is empty.');
    }
    if (
      creds.sessionToken !== undefined &&
      (typeof creds.sessionToken !== 'string' || creds.sessionToken === '')
    ) {
      bad('The session token is empty; leave it out when there is none.');
    }
  } else if (creds?.kind === 'profile') {
    if (typeof creds.profile !== 'string' || !PROFILE.test(creds.profile)) {
      bad(`The AWS profile name "${String(creds.profile)}" is not valid.`);
    }
  } else {
    bad('The credentials are missing: give access keys or an AWS profile name.');
  }
  return { ...loc, prefix };
}

function validateEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    bad(`The endpoint "${endpoint}" is not a URL; use e.g. https://s3.example.com or http://127.0.0.1:9000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    bad(`The endpoint "${endpoint}" must start with http:// or https://.`);
  }
  if (url.username || url.password) {
    bad('The endpoint must not contain a user name or password; give the credentials separately.');
  }
  if (url.search || url.hash) bad(`The endpoint "${url.origin}" must not have a query or a fragment.`);
}

/** How messages name the server: the endpoint, or AWS S3 in the region. */
export function describeEndpoint(loc: Pick<S3Location, 'endpoint' | 'region'>): string {
  return loc.endpoint ?? `AWS S3 (${loc.region})`;
}

/** host:port the client connects to, for network error messages. */
export function endpointHost(loc: Pick<S3Location, 'endpoint' | 'region'>): string {
  if (loc.endpoint === undefined) return `s3.${loc.region}.amazonaws.com:443`;
  try {
    const url = new URL(loc.endpoint);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return loc.endpoint;
  }
}
