// Turns SshAuth into the ssh2 auth methods to try, validating what can be validated before any
// network traffic (an unreadable key, a wrong passphrase, a missing agent), and words an auth
// failure from what was tried and what the server offered.

import { statSync } from 'node:fs';
import ssh2, { type AnyAuthMethod, type AuthenticationType, type ParsedKey } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader only offers its default export (vitest hides this).
const { utils } = ssh2;
import { LifeboatError } from '../../api/errors';
import { redact } from './errors';
import { describeTarget, type SshTarget } from './target';

function parse(privateKey: string, passphrase?: string): ParsedKey | Error {
  const parsed = utils.parseKey(privateKey, passphrase);
  // ssh2 may return an array for OpenSSH's multi-key format (it only ever holds one key).
  return Array.isArray(parsed) ? ((parsed as ParsedKey[])[0] ?? new Error('no key in the file')) : parsed;
}

/**
 * A fixed description of a key parse failure. ssh2's own messages can quote bytes of the key
 * ("Unsupported OpenSSH key magic: …"), so they are never shown.
 */
function whyUnreadable(err: Error): string {
  const m = err.message;
  if (/unsupported key format/i.test(m)) return 'its format is not recognised';
  if (/unsupported (cipher|kdf)/i.test(m)) return 'it is encrypted with an unsupported cipher';
  if (/unsupported .*key type/i.test(m)) return 'its key type is not supported';
  return 'it is damaged or incomplete';
}

/** Parses and, if needed, decrypts a private key; throws `ssh.key_unreadable` / `ssh.key_passphrase_wrong`. */
export function parsePrivateKey(target: SshTarget, privateKey: string, passphrase?: string): ParsedKey {
  const where = describeTarget(target);
  const details = { server: target.name };
  // Parsing without the passphrase tells an encrypted key apart from a damaged one.
  const plain = parse(privateKey);
  const encrypted = plain instanceof Error && /no passphrase given/i.test(plain.message);
  if (encrypted && !passphrase) {
    throw new LifeboatError(
      'ssh.key_unreadable',
      `The private key for server ${where} is encrypted and no passphrase is set; add its passphrase.`,
      details,
    );
  }
  const key = encrypted ? parse(privateKey, passphrase) : plain;
  if (key instanceof Error) {
    if (encrypted && /bad passphrase|integrity check|decrypt/i.test(key.message)) {
      throw new LifeboatError(
        'ssh.key_passphrase_wrong',
        `The passphrase of the private key for server ${where} is wrong: the key could not be decrypted.`,
        details,
      );
    }
    throw new LifeboatError(
      'ssh.key_unreadable',
      `The private key for server ${where} cannot be read: ${whyUnreadable(key)}. ` +
        `Expected an OpenSSH, PEM or PuTTY private key.`,
      details,
    );
  }
  if (!key.isPrivateKey()) {
    throw new LifeboatError(
      'ssh.key_unreadable',
      `The key given for server ${where} is a public key; Lifeboat needs the private key.`,
      details,
    );
  }
  return key;
}

function agentSocket(target: SshTarget, socket: string | undefined): string {
  const where = describeTarget(target);
  const path = socket || process.env.SSH_AUTH_SOCK;
  if (!path) {
    throw new LifeboatError(
      'ssh.agent_unavailable',
      `Server ${where} is set to log in with the SSH agent, but no agent is available ` +
        `(SSH_AUTH_SOCK is not set). Start ssh-agent and add the key, or use a stored key.`,
      { server: target.name },
    );
  }
  if (process.platform !== 'win32') {
    let isSocket = false;
    try {
      isSocket = statSync(path).isSocket();
    } catch {
      isSocket = false;
    }
    if (!isSocket) {
      throw new LifeboatError(
        'ssh.agent_unavailable',
        `Server ${where} is set to log in with the SSH agent, but the agent socket ${path} does not ` +
          `exist (is ssh-agent still running?).`,
        { server: target.name, socket: path },
      );
    }
  }
  return path;
}

/** The auth methods to offer, in order. Throws on a local problem (key, passphrase, agent). */
export function authMethods(target: SshTarget): AnyAuthMethod[] {
  const username = target.user;
  const auth = target.auth;
  switch (auth.kind) {
    case 'key':
      return [
        { type: 'publickey', username, key: parsePrivateKey(target, auth.privateKey, auth.passphrase) },
      ];
    case 'agent':
      return [{ type: 'agent', username, agent: agentSocket(target, auth.socket) }];
    case 'password':
      return [
        { type: 'password', username, password: auth.password },
        // Servers with PasswordAuthentication off but PAM on ask for the password this way.
        {
          type: 'keyboard-interactive',
          username,
          prompt: (_name, _instructions, _lang, prompts, finish) =>
            finish(prompts.map((p) => (p.echo ? '' : auth.password))),
        },
      ];
  }
}

const METHOD_TEXT: Record<string, string> = {
  publickey: 'the key',
  agent: "the agent's keys",
  password: 'the password',
  'keyboard-interactive': 'the password (keyboard-interactive)',
};

/** Tracks the auth conversation so that a failure can say what was tried and what was offered. */
export class AuthLog {
  readonly tried: string[] = [];
  readonly skipped: string[] = [];
  offered: string[] | undefined;
  agentProblem: string | undefined;

  /** An ssh2 authHandler middleware offering `methods` in order, only those the server accepts. */
  handler(methods: AnyAuthMethod[]) {
    const queue = [...methods];
    return (
      left: AuthenticationType[] | null,
      _partial: boolean | null,
      next: (m: AnyAuthMethod) => void,
    ) => {
      if (left) this.offered = [...left];
      for (let m = queue.shift(); m; m = queue.shift()) {
        if (left && !left.includes(m.type)) {
          this.skipped.push(m.type);
          continue;
        }
        this.tried.push(m.type);
        return next(m);
      }
      // ssh2 reads `false` as "no more methods" and fails with a client-authentication error.
      return next(false as unknown as AnyAuthMethod);
    };
  }

  error(target: SshTarget): LifeboatError {
    const where = describeTarget(target);
    const details = {
      server: target.name,
      tried: [...this.tried],
      offered: this.offered ? [...this.offered] : undefined,
    };
    if (this.agentProblem && target.auth.kind === 'agent') {
      return new LifeboatError(
        'ssh.agent_unavailable',
        `Server ${where}: the SSH agent could not be used: ${redact(this.agentProblem, target)}.`,
        details,
      );
    }
    const refused = this.tried.map((m) => METHOD_TEXT[m] ?? m);
    const offered = this.offered?.length ? ` The server accepts: ${this.offered.join(', ')}.` : '';
    const notOffered = this.skipped.filter((m) => !this.tried.includes(m));
    let what: string;
    if (refused.length === 0 && notOffered.length > 0) {
      what = `the server does not accept ${notOffered.join(' or ')} login.`;
    } else if (refused.length === 0) {
      what = 'no login method could be tried.';
    } else {
      what = `the server refused ${refused.join(', then ')} (tried: ${this.tried.join(', ')}).`;
    }
    return new LifeboatError(
      'ssh.auth_failed',
      `Authentication failed for server ${where}: ${what}${offered}`,
      details,
    );
  }
}
