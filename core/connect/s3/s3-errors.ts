// Maps errors from S3 calls (service errors, network errors, credential loading) to `repo.*`
// codes with messages that name the bucket and endpoint and never hold a secret.

import { isLifeboatError } from '../../api/errors';
import type { ClassifiedError, LocationOp } from '../local/location-report';
import { describeEndpoint, endpointHost, type S3Location } from './location';

/** Codes after which no other call to this location can succeed. */
const FATAL_CODES = new Set([
  'repo.bucket_not_found',
  'repo.bad_credentials',
  'repo.unreachable',
  'repo.profile_not_found',
]);

/** How the server says the credentials are wrong, and what to tell the user (`who` names the key). */
const BAD_CREDENTIALS: Record<string, (who: string, where: string) => string> = {
  InvalidAccessKeyId: (who, where) =>
    `${where} does not know ${who}; check the key and that it belongs to this server.`,
  InvalidClientTokenId: (who, where) =>
    `${where} does not know ${who}; check the key and that it belongs to this server.`,
  SignatureDoesNotMatch: (who, where) =>
    `${where} rejected the request signature made with ${who}: the secret access key is probably wrong.`,
  ExpiredToken: (who, where) =>
    `${where} says the session token of ${who} has expired; get fresh temporary credentials.`,
  TokenRefreshRequired: (who, where) =>
    `${where} says the session token of ${who} must be refreshed; get fresh temporary credentials.`,
  InvalidToken: (who, where) => `${where} rejected the session token of ${who}.`,
  AuthFailure: (who, where) => `${where} rejected ${who}.`,
};

const WRONG_REGION = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IncorrectEndpoint']);

const TLS_CODES =
  /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

const OP_VERB: Record<LocationOp, string> = {
  list: 'list objects (ListObjectsV2)',
  write: 'write objects (PutObject)',
  read: 'read objects (GetObject)',
  delete: 'delete objects (DeleteObject)',
};

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** The Node network error code, also from inside an AggregateError (happy eyeballs). */
function networkCode(err: ErrorShape): string | undefined {
  if (typeof err.code === 'string' && /^E[A-Z]+$|^ERR_|^CERT_|^UNABLE_|SELF_SIGNED/.test(err.code))
    return err.code;
  if (Array.isArray(err.errors)) {
    for (const inner of err.errors as ErrorShape[]) {
      const code = networkCode(inner ?? {});
      if (code) return code;
    }
  }
  return undefined;
}

/** Replaces every occurrence of the secret key and the session token by '***'. */
export function redactSecrets(text: string, loc: Pick<S3Location, 'credentials'>): string {
  const creds = loc.credentials;
  if (creds?.kind !== 'keys') return text;
  let out = text;
  for (const secret of [creds.secretAccessKey, creds.sessionToken]) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

export function classifyS3Error(err: unknown, loc: S3Location, op: LocationOp): ClassifiedError {
  const classified = classify(err, loc, op);
  return { ...classified, message: redactSecrets(classified.message, loc) };
}

function classify(err: unknown, loc: S3Location, op: LocationOp): ClassifiedError {
  if (isLifeboatError(err)) return { code: err.code, message: err.message, fatal: FATAL_CODES.has(err.code) };
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorShape;
  const where = describeEndpoint(loc);
  const bucket = `"${loc.bucket}"`;
  const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : '';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const detail = typeof e.message === 'string' ? e.message : String(err);
  const result = (code: string, message: string, fatal = FATAL_CODES.has(code)): ClassifiedError => ({
    code,
    message,
    fatal,
  });

  if (name === 'NoSuchBucket') {
    return result(
      'repo.bucket_not_found',
      `The bucket ${bucket} does not exist at ${where}; create it or check its name.`,
    );
  }
  const credentialProblem = BAD_CREDENTIALS[name];
  if (credentialProblem) {
    const who =
      loc.credentials.kind === 'keys'
        ? `the access key id "${loc.credentials.accessKeyId}"`
        : `the access key of AWS profile "${loc.credentials.profile}"`;
    return result('repo.bad_credentials', `${credentialProblem(who, where)} (${name}, bucket ${bucket})`);
  }
  if (name === 'CredentialsProviderError') {
    const which =
      loc.credentials.kind === 'profile' ? `AWS profile "${loc.credentials.profile}"` : 'the given keys';
    return result('repo.bad_credentials', `Could not load credentials from ${which}: ${detail}`);
  }
  if (WRONG_REGION.has(name) || status === 301) {
    return result(
      'repo.error',
      `The bucket ${bucket} is not in region "${loc.region}" at ${where}; set the bucket's region (${name || status}).`,
      true,
    );
  }
  if (name === 'AccessDenied' || name === 'AllAccessDisabled' || name === 'Forbidden' || status === 403) {
    return result(
      'repo.access_denied',
      `Access denied: these credentials may not ${OP_VERB[op]} in bucket ${bucket}${loc.prefix ? ` under "${loc.prefix}/"` : ''} at ${where}.`,
    );
  }

  const host = endpointHost(loc);
  const net = networkCode(e);
  if (net === 'ECONNREFUSED') {
    return result(
      'repo.unreachable',
      `Connection refused by ${host} (${where}): nothing listens there, or a firewall rejects it.`,
    );
  }
  if (net === 'ENOTFOUND' || net === 'EAI_AGAIN') {
    return result(
      'repo.unreachable',
      `The host name of ${where} could not be resolved (${net}); check the endpoint and DNS.`,
    );
  }
  if (net === 'EHOSTUNREACH' || net === 'ENETUNREACH' || net === 'EADDRNOTAVAIL') {
    return result('repo.unreachable', `No route to ${host} (${net}); check the network, VPN or endpoint.`);
  }
  if (net && TLS_CODES.test(net)) {
    return result('repo.unreachable', `The TLS certificate of ${host} was not accepted (${net}).`);
  }
  if (net === 'EPROTO') {
    return result(
      'repo.unreachable',
      `TLS handshake with ${host} failed (EPROTO): is the endpoint http rather than https?`,
    );
  }
  if (net === 'ECONNRESET' || net === 'EPIPE') {
    return result('repo.unreachable', `The connection to ${host} was reset (${net}) during ${op}.`);
  }
  if (net === 'ETIMEDOUT' || name === 'TimeoutError') {
    return result('repo.unreachable', `Timed out talking to ${host} (${where}) during ${op}: ${detail}`);
  }

  const suffix = status !== undefined ? ` (HTTP ${status})` : '';
  return result(
    'repo.error',
    `${op} in bucket ${bucket} at ${where} failed: ${name || 'error'}${suffix}: ${detail}`,
  );
}
