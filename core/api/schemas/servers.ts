// Servers reached over SSH.
import { z } from 'zod';
import { EntryName, Fingerprint, SecretState } from './common';

const Host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address (letters, digits, ".", ":", "-", "_")');
const User = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._][A-Za-z0-9._@-]*$/, 'a user name without spaces');

export const ServerAuthInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('key'),
    /** The private key's content (the CLI reads the file; the console reads the chosen file). */
    privateKey: z
      .string()
      .min(1)
      .max(64 * 1024),
    passphrase: z.string().min(1).max(1024).optional(),
  }),
  z.object({ kind: z.literal('agent') }),
  z.object({ kind: z.literal('password'), password: z.string().min(1).max(1024) }),
]);
export type ServerAuthInput = z.infer<typeof ServerAuthInput>;

export const ServerAddInput = z
  .object({
    name: EntryName,
    host: Host,
    port: z.number().int().min(1).max(65535).default(22),
    user: User,
    auth: ServerAuthInput,
    /** Another server entry to hop through, like ProxyJump. */
    jump: EntryName.optional(),
    /** Run reads and writes of root-owned paths through `sudo -n`. */
    sudo: z.boolean().default(false),
    /** Bound on connecting, handshake and authentication. */
    timeoutSeconds: z.number().int().min(1).max(300).default(15),
    /** Accept this host key now (it must be the one the server presents). */
    acceptHostKey: Fingerprint.optional(),
  })
  .strict();

export const ServerUpdateInput = z
  .object({
    name: EntryName,
    host: Host.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    user: User.optional(),
    /** Omit to keep the current credentials. */
    auth: ServerAuthInput.optional(),
    jump: EntryName.nullable().optional(),
    sudo: z.boolean().optional(),
    timeoutSeconds: z.number().int().min(1).max(300).optional(),
  })
  .strict();

export const HostKeyView = z.object({
  fingerprint: z.string(),
  keyType: z.string(),
  acceptedAt: z.string(),
});

export const ServerView = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number(),
  user: z.string(),
  auth: z.object({
    kind: z.enum(['key', 'agent', 'password']),
    secrets: z.record(z.string(), SecretState),
  }),
  jump: z.string().optional(),
  sudo: z.boolean(),
  timeoutSeconds: z.number(),
  hostKey: HostKeyView.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServerView = z.infer<typeof ServerView>;

export const ServerTool = z.object({
  name: z.string(),
  present: z.boolean(),
  detail: z.string().optional(),
});

export const ServerTestReport = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  roundTripMs: z.number(),
  os: z.string().optional(),
  tools: z.array(ServerTool),
  /** Why ok is false: required tools missing, the probe failing … */
  problems: z.array(z.string()).optional(),
  hostKey: z.object({ fingerprint: z.string(), keyType: z.string() }),
});
export type ServerTestReport = z.infer<typeof ServerTestReport>;
