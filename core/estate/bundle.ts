// The encrypted estate bundle: the estate document plus its secrets, for handing an estate
// over to an air-gapped site. Text file:
//   line 1  LIFEBOAT-ESTATE-BUNDLE 1
//   line 2  JSON header: {"kdf":"scrypt","N":…,"r":…,"p":…,"salt":"<base64>"}
//   rest    base64 of AES-256-GCM(nonce ‖ ciphertext ‖ tag) of the JSON {estate, secrets},
//           key = scrypt(passphrase, header), associated data = the magic line.
import { LifeboatError } from '../api/errors';
import { deriveKey, newScryptParams, open, seal, type ScryptParams } from './vault/crypto';

export const bundleMagic = 'LIFEBOAT-ESTATE-BUNDLE 1';

/**
 * The key derivation a bundle may ask for: bundles are written with N = 2^15, r = 8, p = 1; a
 * header asking for much more would hold the app for as long as its author likes (the
 * derivation runs before anything else can be checked). At most 16 times the written work.
 */
const maxBundleWork = 2 ** 15 * 8 * 16;
const boundedWork = (k: ScryptParams) =>
  [k.N, k.r, k.p].every((n) => Number.isSafeInteger(n) && n >= 1) &&
  (k.N & (k.N - 1)) === 0 &&
  k.N * k.r * k.p <= maxBundleWork;

export function isBundle(text: string): boolean {
  return text.startsWith(`${bundleMagic}\n`);
}

export function writeBundle(payload: unknown, passphrase: string): string {
  const params = newScryptParams();
  const sealed = seal(
    deriveKey(passphrase, params),
    Buffer.from(JSON.stringify(payload), 'utf8'),
    bundleMagic,
  );
  const body = sealed.toString('base64').replace(/(.{76})/g, '$1\n');
  return `${bundleMagic}\n${JSON.stringify(params)}\n${body}\n`;
}

export function readBundle(text: string, passphrase: string): unknown {
  const [magic, header, ...rest] = text.split('\n');
  if (magic !== bundleMagic)
    throw new LifeboatError('estate.bad_bundle', 'This file is not a Lifeboat estate bundle.');
  let params: ScryptParams;
  try {
    params = JSON.parse(header ?? '') as ScryptParams;
    if (params.kdf !== 'scrypt' || !params.salt || !boundedWork(params)) throw new Error();
  } catch {
    throw new LifeboatError('estate.bad_bundle', 'The bundle header (line 2) is damaged.');
  }
  const plain = open(deriveKey(passphrase, params), Buffer.from(rest.join(''), 'base64'), bundleMagic);
  if (!plain) {
    throw new LifeboatError(
      'estate.wrong_bundle_passphrase',
      'Wrong bundle passphrase, or the bundle was altered. Nothing was imported.',
    );
  }
  try {
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    throw new LifeboatError('estate.bad_bundle', 'The bundle decrypted but does not hold an estate.');
  }
}
