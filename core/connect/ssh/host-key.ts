// Host key fingerprints and the accept/refuse decision. Security-critical: a key that was never
// accepted, or that differs from the accepted one, refuses the connection. Never auto-accepts.

import { createHash } from 'node:crypto';
import { LifeboatError } from '../../api/errors';
import { describeTarget, type HostKeyInfo, type SshTarget } from './target';

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** 'SHA256:' + unpadded base64 of sha256(blob): exactly what `ssh-keygen -lf` prints. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name at the start of an SSH public key blob (uint32 length + string). */
function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return 'unknown';
  const type = blob.toString('latin1', 4, 4 + len);
  return /^[\x21-\x7e]+$/.test(type) ? type : 'unknown';
}

export function hostKeyInfo(blob: Buffer): HostKeyInfo {
  return { fingerprint: fingerprintOf(blob), keyType: keyTypeOf(blob), publicKey: blob.toString('base64') };
}

/** Trims and drops base64 padding, so a pasted 'SHA256:…=' still compares equal. */
export function normaliseFingerprint(fp: string): string {
  return fp.trim().replace(/=+$/, '');
}

/** Throws `ssh.host_key_invalid` if an accepted fingerprint is not in the 'SHA256:…' form. */
export function assertFingerprintFormat(target: SshTarget): void {
  if (target.acceptedFingerprint === undefined) return;
  if (!FINGERPRINT.test(normaliseFingerprint(target.acceptedFingerprint))) {
    throw new LifeboatError(
      'ssh.host_key_invalid',
      `The accepted host key fingerprint of server ${describeTarget(target)} is not in the ` +
        `'SHA256:…' form that 'ssh-keygen -lf' prints; re-accept the host key.`,
      { server: target.name },
    );
  }
}

/** The error that refuses this host key for this target, or undefined when it is the accepted one. */
export function hostKeyProblem(target: SshTarget, key: HostKeyInfo): LifeboatError | undefined {
  const where = describeTarget(target);
  if (target.acceptedFingerprint === undefined) {
    return new LifeboatError(
      'ssh.host_key_unknown',
      `The host key of server ${where} has not been accepted yet. It presents the ${key.keyType} key ` +
        `with fingerprint ${key.fingerprint}. Confirm this fingerprint with the server's ` +
        `administrator (ssh-keygen -lf on the server's host key), then accept it.`,
      { server: target.name, fingerprint: key.fingerprint, keyType: key.keyType, publicKey: key.publicKey },
    );
  }
  const expected = normaliseFingerprint(target.acceptedFingerprint);
  if (expected === key.fingerprint) return undefined;
  return new LifeboatError(
    'ssh.host_key_changed',
    `The host key of server ${where} has CHANGED: expected ${expected}, but the server presented ` +
      `${key.fingerprint} (${key.keyType}). This might be an attack (someone intercepting the ` +
      `connection) or the host was reinstalled. Lifeboat refused to connect; accept the new key only ` +
      `after confirming it with the server's administrator.`,
    {
      server: target.name,
      expected,
      presented: key.fingerprint,
      keyType: key.keyType,
      publicKey: key.publicKey,
    },
  );
}
