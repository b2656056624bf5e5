// Finds a named profile in the shared AWS files, the way the AWS SDK locates them, so that an
// unknown profile, or one without any credential source, is reported as such. (The SDK would
// fall through its whole credential chain instead, down to the EC2 metadata service.)

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LifeboatError } from '../../api/errors';

/** Keys that give a profile credentials (static keys, a role, SSO, a process, a token file). */
const CREDENTIAL_SOURCES = [
  'aws_access_key_id',
  'role_arn',
  'sso_session',
  'sso_start_url',
  'credential_process',
  'web_identity_token_file',
];

function homeDir(): string {
  const { HOME, USERPROFILE, HOMEPATH, HOMEDRIVE = `C:${path.sep}` } = process.env;
  if (HOME) return HOME;
  if (USERPROFILE) return USERPROFILE;
  if (HOMEPATH) return `${HOMEDRIVE}${HOMEPATH}`;
  return os.homedir();
}

function expand(file: string): string {
  return file.startsWith('~/') ? path.join(homeDir(), file.slice(2)) : file;
}

/** The two files the SDK reads, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
export function awsSharedFiles(): { credentials: string; config: string } {
  return {
    credentials: expand(
      process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(), '.aws', 'credentials'),
    ),
    config: expand(process.env.AWS_CONFIG_FILE || path.join(homeDir(), '.aws', 'config')),
  };
}

/** Section name → its key names, from an INI file; comments ignored. A missing file is empty. */
function sections(file: string): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return result;
  }
  let current: Set<string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = (line.split(/(^|\s)[;#]/)[0] ?? '').trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const name = trimmed.slice(1, -1).trim();
      current = result.get(name) ?? new Set<string>();
      result.set(name, current);
    } else if (current && trimmed.includes('=')) {
      current.add(trimmed.slice(0, trimmed.indexOf('=')).trim().toLowerCase());
    }
  }
  return result;
}

/** The keys of `profile` in the config file: '[profile name]', or '[default]'. */
function configKeys(config: Map<string, Set<string>>, profile: string): Set<string> | undefined {
  for (const [name, keys] of config) {
    if (
      name === 'default' ? profile === 'default' : /^profile\s+(["']?)(.+)\1$/.exec(name)?.[2] === profile
    ) {
      return keys;
    }
  }
  return undefined;
}

/**
 * Throws `repo.profile_not_found` unless `profile` is a section of the credentials file
 * ('[name]') or of the config file ('[profile name]' or '[default]'), and
 * `repo.bad_credentials` when it has no credential source at all (no keys, role, SSO, process).
 */
export function assertProfileUsable(profile: string): void {
  const files = awsSharedFiles();
  const fromCredentials = sections(files.credentials).get(profile);
  const fromConfig = configKeys(sections(files.config), profile);
  if (!fromCredentials && !fromConfig) {
    throw new LifeboatError(
      'repo.profile_not_found',
      `The AWS profile "${profile}" is not in ${files.credentials} nor in ${files.config}; add it or pick another profile.`,
      { profile, files: [files.credentials, files.config] },
    );
  }
  const keys = new Set([...(fromCredentials ?? []), ...(fromConfig ?? [])]);
  if (!CREDENTIAL_SOURCES.some((k) => keys.has(k))) {
    throw new LifeboatError(
      'repo.bad_credentials',
      `The AWS profile "${profile}" has no credentials: it sets none of ${CREDENTIAL_SOURCES.join(', ')}.`,
      { profile, files: [files.credentials, files.config] },
    );
  }
}
