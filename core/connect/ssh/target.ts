// What Lifeboat needs to reach one server over SSH, and what it gets back. Plain data: the
// estate builds an SshTarget from a server entry plus secrets from the vault.

import type { ClientChannel } from 'ssh2';

/** How to log in. Secrets are values (from the vault), never paths on disk. */
export type SshAuth =
  | { kind: 'key'; privateKey: string; passphrase?: string }
  | { kind: 'agent'; socket?: string } // default: process.env.SSH_AUTH_SOCK
  | { kind: 'password'; password: string };

export interface SshTarget {
  /** The server entry's name, for messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  auth: SshAuth;
  /** Accepted host key fingerprint ('SHA256:…' as OpenSSH prints it). Undefined = never accepted. */
  acceptedFingerprint?: string;
  /** Bounds TCP connect + SSH handshake + auth (for a jump: the tunnel instead of TCP). */
  timeoutMs: number;
  /** Like ProxyJump: connect to jump, forwardOut to host:port, then SSH over that stream. */
  jump?: SshTarget;
}

export interface HostKeyInfo {
  /** 'SHA256:' + unpadded base64 of sha256(raw key blob), as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** The key's algorithm name from the blob, e.g. 'ssh-ed25519'. */
  keyType: string;
  /** Base64 of the raw key blob (the second field of a known_hosts line). */
  publicKey: string;
}

export interface ExecOptions {
  signal?: AbortSignal;
  /** Sent to the command's stdin, then EOF. Without it stdin is closed at once. */
  stdin?: string | Buffer;
  /** Kill the command and fail with `ssh.command_timeout` after this long. Default: none. */
  timeoutMs?: number;
  /** Fail with `ssh.output_too_large` past this many bytes (stdout + stderr). Default 16 MiB. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** Exit status; null when the command was killed by a signal. */
  code: number | null;
  /** e.g. 'SIGTERM' when the command was killed by a signal. */
  signal?: string;
  stdout: string;
  stderr: string;
}

export interface SshSession {
  readonly hostKey: HostKeyInfo;
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Streaming exec for big outputs (tar streams): returns the ssh2 channel. */
  execStream(command: string, opts?: { signal?: AbortSignal }): Promise<ClientChannel>;
  /** Ends the connection (and the jump host's, if any). Idempotent. */
  close(): void;
  /** The connection has ended: closed here, or dropped. */
  readonly closed: boolean;
}

export type ToolName = 'sh' | 'tar' | 'sha256sum' | 'stat' | 'sudo -n' | 'restic' | 'pg_dump';

export interface ToolReport {
  name: ToolName;
  present: boolean;
  detail?: string;
}

export interface ServerTestReport {
  /** Connected, and the tools every scope relies on (sh, tar, sha256sum, stat) are there. */
  ok: boolean;
  /** Time to an authenticated session. */
  latencyMs: number;
  /** A trivial command's round trip. */
  roundTripMs: number;
  /** e.g. "Debian GNU/Linux 12 (bookworm), Linux 6.1.0 x86_64". */
  os?: string;
  tools: ToolReport[];
  hostKey: HostKeyInfo;
  /** Why ok is false, one sentence each (absent when ok). */
  problems?: string[];
}

/** `"web-1" (root@10.0.0.5:22)` — how messages name a server. */
export function describeTarget(target: Pick<SshTarget, 'name' | 'user' | 'host' | 'port'>): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `"${target.name}" (${target.user}@${host}:${target.port})`;
}
