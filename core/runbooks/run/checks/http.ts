// An HTTP(S) health check: GET the URL, expect a status and optionally a body pattern, within
// its time limit. Redirects are not followed (a 302 to a login page is not "healthy"), and TLS
// certificates are checked: the runbook model has no option to skip that, so a self-signed
// certificate fails the check with a message that says exactly that.
import type { CheckSpec } from '../../model';
import type { CheckResult } from './result';

type HttpCheck = Extract<CheckSpec, { type: 'http' }>;

const maxBody = 1024 * 1024;

const tlsWords: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presents a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed (private) CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by a CA this laptop does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by a CA this laptop does not trust',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name',
};

function why(e: unknown, seconds: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${seconds} s`;
  const code = err.cause?.code;
  if (code && tlsWords[code])
    return `TLS: ${tlsWords[code]} (${code}); Lifeboat checks certificates and http checks have no option to skip that — probe a plain http:// health URL, or trust the CA (NODE_EXTRA_CA_CERTS)`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'the host name does not resolve';
  return `${code ? `${code}: ` : ''}${err.cause?.message ?? err.message ?? String(e)}`;
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
    if (n >= maxBody) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function httpCheck(c: HttpCheck, signal: AbortSignal): Promise<CheckResult> {
  const label = `GET ${c.url} → ${c.expectStatus}${c.bodyRegex ? ` /${c.bodyRegex}/` : ''}`;
  const started = performance.now();
  const done = (ok: boolean, message: string): CheckResult => ({
    label,
    ok,
    message,
    durationMs: Math.round(performance.now() - started),
  });
  const timeout = AbortSignal.timeout(c.timeoutSeconds * 1000);
  try {
    const res = await fetch(c.url, { signal: AbortSignal.any([signal, timeout]), redirect: 'manual' });
    const body = c.bodyRegex ? await readCapped(res) : (await res.body?.cancel(), '');
    if (res.status !== c.expectStatus)
      return done(false, `answered ${res.status}, expected ${c.expectStatus}`);
    if (c.bodyRegex && !new RegExp(c.bodyRegex).test(body))
      return done(false, `answered ${res.status}, but the body does not match /${c.bodyRegex}/`);
    return done(true, `answered ${res.status}${c.bodyRegex ? ' and the body matches' : ''}`);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    return done(false, why(e, c.timeoutSeconds));
  }
}
