// The estate as a document: what `estate export` writes and `estate import` reads. The same
// shape in YAML (no secrets) and inside an encrypted bundle (with `secrets`). Format described
// in core/estate/ESTATE-FORMAT.md.
import { z } from 'zod';
import { EndpointUrl, EntryName, Fingerprint } from '../api/schemas/common';
import { SystemInput } from '../api/schemas/systems';
import type { ClusterSpec, RepositorySpec, ServerSpec, SystemSpec } from './specs';

export const estateApiVersion = 'lifeboat.io/v1';

export const ServerDoc = z
  .object({
    name: EntryName,
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1).max(64),
    auth: z.enum(['key', 'agent', 'password']),
    jump: EntryName.optional(),
    sudo: z.boolean().default(false),
    timeoutSeconds: z.number().int().min(1).max(300).default(15),
    hostKey: z
      .object({ fingerprint: Fingerprint, keyType: z.string(), publicKey: z.string() })
      .strict()
      .optional(),
  })
  .strict();

export const ClusterDoc = z
  .object({
    name: EntryName,
    context: z.string().min(1),
    server: z.string().min(1),
    user: z.string(),
    namespace: z.string().optional(),
    authKind: z.enum(['token', 'client-certificate', 'exec', 'basic', 'auth-provider', 'none']),
    insecure: z.boolean().default(false),
    timeoutSeconds: z.number().int().min(1).max(300).default(15),
  })
  .strict();

export const RepositoryDoc = z
  .object({
    name: EntryName,
    location: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('local'), path: z.string().startsWith('/') }).strict(),
      z
        .object({
          kind: z.literal('s3'),
          endpoint: EndpointUrl.optional(),
          region: z.string().min(1).default('us-east-1'),
          bucket: z.string().min(3).max(63),
          prefix: z.string().default(''),
          pathStyle: z.boolean().default(false),
          credentials: z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('keys'), accessKeyId: z.string().min(1) }).strict(),
            z.object({ kind: z.literal('profile'), profile: z.string().min(1) }).strict(),
          ]),
        })
        .strict(),
    ]),
  })
  .strict();

export const EstateDoc = z
  .object({
    apiVersion: z.literal(estateApiVersion),
    kind: z.literal('Estate'),
    exportedAt: z.string().optional(),
    servers: z.array(ServerDoc).default([]),
    clusters: z.array(ClusterDoc).default([]),
    repositories: z.array(RepositoryDoc).default([]),
    systems: z.array(SystemInput).default([]),
  })
  .strict();
export type EstateDoc = z.infer<typeof EstateDoc>;
export type ServerDoc = z.infer<typeof ServerDoc>;
export type ClusterDoc = z.infer<typeof ClusterDoc>;
export type RepositoryDoc = z.infer<typeof RepositoryDoc>;

/** Secret values by slot, e.g. "server/web-1/privateKey" (only inside an encrypted bundle). */
export type SecretSlots = Record<string, string>;

export const serverDoc = (s: ServerSpec): ServerDoc => ({
  name: s.name,
  host: s.host,
  port: s.port,
  user: s.user,
  auth: s.auth.kind,
  ...(s.jump ? { jump: s.jump } : {}),
  sudo: s.sudo,
  timeoutSeconds: s.timeoutSeconds,
  ...(s.hostKey
    ? {
        hostKey: {
          fingerprint: s.hostKey.fingerprint,
          keyType: s.hostKey.keyType,
          publicKey: s.hostKey.publicKey,
        },
      }
    : {}),
});

export const clusterDoc = (s: ClusterSpec): ClusterDoc => {
  const { kubeconfigRef: _ref, ...doc } = s;
  return doc;
};

export const repositoryDoc = (s: RepositorySpec): RepositoryDoc => {
  const l = s.location;
  if (l.kind === 'local') return { name: s.name, location: l };
  const c = l.credentials;
  return {
    name: s.name,
    location: {
      kind: 's3',
      ...(l.endpoint ? { endpoint: l.endpoint } : {}),
      region: l.region,
      bucket: l.bucket,
      prefix: l.prefix,
      pathStyle: l.pathStyle,
      credentials: c.kind === 'profile' ? c : { kind: 'keys', accessKeyId: c.accessKeyId },
    },
  };
};

export const systemDoc = (s: SystemSpec): z.infer<typeof SystemInput> => s;

/** Where each secret of an entry goes in a bundle's `secrets`, with its vault ref. */
export function secretSlots(
  kind: 'server' | 'cluster' | 'repository',
  spec: ServerSpec | ClusterSpec | RepositorySpec,
) {
  const slots: { slot: string; ref: string }[] = [];
  const add = (name: string, ref: string | undefined) =>
    ref && slots.push({ slot: `${kind}/${spec.name}/${name}`, ref });
  if (kind === 'server') {
    const a = (spec as ServerSpec).auth;
    if (a.kind === 'key') {
      add('privateKey', a.keyRef);
      add('passphrase', a.passphraseRef);
    } else if (a.kind === 'password') add('password', a.passwordRef);
  } else if (kind === 'cluster') add('kubeconfig', (spec as ClusterSpec).kubeconfigRef);
  else {
    add('passphrase', (spec as RepositorySpec).passphraseRef);
    const l = (spec as RepositorySpec).location;
    if (l.kind === 's3' && l.credentials.kind === 'keys') {
      add('secretAccessKey', l.credentials.secretKeyRef);
      add('sessionToken', l.credentials.sessionTokenRef);
    }
  }
  return slots;
}
