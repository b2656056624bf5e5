// ssh2 and socket failures → LifeboatError codes. Messages name the server and user@host:port and
// never carry a password, passphrase or key: anything taken from a foreign error text is redacted.

import { LifeboatError } from '../../api/errors';
import { describeTarget, type SshTarget } from './target';

/** Where a connection attempt was when it failed; used in timeout and failure messages. */
export type Phase = 'connecting' | 'tunnelling' | 'handshaking' | 'authenticating';

const PHASE_TEXT: Record<Phase, string> = {
  connecting: 'connecting (TCP)',
  tunnelling: 'opening the tunnel through the jump host',
  handshaking: 'waiting for the SSH handshake',
  authenticating: 'authenticating',
};

export function phaseText(phase: Phase): string {
  return PHASE_TEXT[phase];
}

/** Every secret of the target (and its jump hosts), as text that must never appear in output. */
function secretsOf(target: SshTarget | undefined): string[] {
  const out: string[] = [];
  for (let t = target; t; t = t.jump) {
    const auth = t.auth;
    if (auth.kind === 'password') out.push(auth.password);
    if (auth.kind === 'key') {
      if (auth.passphrase) out.push(auth.passphrase);
      out.push(auth.privateKey);
      // A fragment of a key is still key material: each long base64 line of the key file.
      for (const line of auth.privateKey.split(/\r?\n/)) if (line.trim().length >= 16) out.push(line.trim());
    }
  }
  return out.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/** Replaces any secret of the target found in `text` with '[redacted]'. */
export function redact(text: string, target: SshTarget | undefined): string {
  let result = text;
  for (const secret of secretsOf(target)) result = result.split(secret).join('[redacted]');
  return result;
}

function foreignMessage(err: unknown, target: SshTarget): string {
  const text = err instanceof Error ? err.message : String(err);
  return redact(text.replace(/\.$/, ''), target);
}

export function timeoutError(target: SshTarget, timeoutMs: number, phase: Phase): LifeboatError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new LifeboatError(
    'ssh.timeout',
    `Server ${describeTarget(target)}: timed out after ${seconds} s while ${phaseText(phase)}.`,
    { server: target.name, timeoutMs, phase },
  );
}

export function cancelledError(target: SshTarget, what = 'Connecting to'): LifeboatError {
  return new LifeboatError('ssh.cancelled', `${what} server ${describeTarget(target)} was cancelled.`, {
    server: target.name,
  });
}

const NOT_FOUND = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA', 'EAI_AGAIN', 'EAI_FAIL']);

/** A socket, tunnel or SSH protocol failure while connecting, as a LifeboatError. */
export function connectError(err: unknown, target: SshTarget, phase: Phase): LifeboatError {
  const where = describeTarget(target);
  const code = (err as { code?: unknown } | null)?.code;
  const details = { server: target.name, phase, cause: typeof code === 'string' ? code : undefined };
  const text = foreignMessage(err, target);
  const seenFrom = phase === 'tunnelling' ? ' (as seen from the jump host)' : '';
  if (code === 'ECONNREFUSED' || (phase === 'tunnelling' && /refused/i.test(text))) {
    return new LifeboatError(
      'ssh.connection_refused',
      `Server ${where} refused the connection on port ${target.port}${seenFrom}: is sshd running ` +
        `there, and is the port right?`,
      details,
    );
  }
  if ((typeof code === 'string' && NOT_FOUND.has(code)) || /not known|resolve/i.test(text)) {
    return new LifeboatError(
      'ssh.host_not_found',
      `Server ${where}: the host name "${target.host}" could not be resolved${seenFrom}` +
        (code === 'EAI_AGAIN' ? ' (the name server did not answer)' : '') +
        '. Check the spelling and the DNS or /etc/hosts entry.',
      details,
    );
  }
  return new LifeboatError(
    'ssh.connection_failed',
    `Cannot connect to server ${where} while ${phaseText(phase)}: ${text}.`,
    details,
  );
}

/** The server closed the connection before it was usable (no error event). */
export function closedError(target: SshTarget, phase: Phase): LifeboatError {
  return new LifeboatError(
    'ssh.connection_failed',
    `Server ${describeTarget(target)} closed the connection while ${phaseText(phase)}.`,
    { server: target.name, phase },
  );
}

/** Wraps a jump host's failure; the inner code and message stay visible. */
export function jumpError(target: SshTarget, jump: SshTarget, inner: LifeboatError): LifeboatError {
  return new LifeboatError(
    'ssh.jump_failed',
    `Cannot reach server ${describeTarget(target)} through jump host ${describeTarget(jump)}: ` +
      `${inner.message} [${inner.code}]`,
    { server: target.name, jump: jump.name, innerCode: inner.code, innerDetails: inner.details },
  );
}

export function asLifeboatError(err: unknown, target: SshTarget, fallbackCode: string): LifeboatError {
  if (err instanceof LifeboatError) return err;
  return new LifeboatError(
    fallbackCode,
    `Server ${describeTarget(target)}: ${foreignMessage(err, target)}.`,
    {
      server: target.name,
    },
  );
}
