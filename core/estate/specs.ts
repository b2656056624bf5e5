// How estate entries are stored in the catalog (`estate.spec_json`). Secret values never appear
// here — only refs into the vault. A ref may be absent: the entry then exists but its
// credentials are "not set" (for example after importing an export without secrets).
import { z } from 'zod';
import { criticalities } from '../api/contract';

const Ref = z.string().startsWith('secret:');

export const ServerSpec = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('key'), keyRef: Ref.optional(), passphraseRef: Ref.optional() }),
    z.object({ kind: z.literal('agent') }),
    z.object({ kind: z.literal('password'), passwordRef: Ref.optional() }),
  ]),
  jump: z.string().optional(),
  sudo: z.boolean(),
  timeoutSeconds: z.number().int(),
  hostKey: z
    .object({ fingerprint: z.string(), keyType: z.string(), publicKey: z.string(), acceptedAt: z.string() })
    .optional(),
});
export type ServerSpec = z.infer<typeof ServerSpec>;

export const ClusterSpec = z.object({
  name: z.string(),
  context: z.string(),
  server: z.string(),
  user: z.string(),
  namespace: z.string().optional(),
  authKind: z.enum(['token', 'client-certificate', 'exec', 'basic', 'auth-provider', 'none']),
  insecure: z.boolean(),
  /** A minimal kubeconfig holding only this context, with certificate files inlined. */
  kubeconfigRef: Ref.optional(),
  timeoutSeconds: z.number().int(),
});
export type ClusterSpec = z.infer<typeof ClusterSpec>;

export const RepositorySpec = z.object({
  name: z.string(),
  /** The repository format's passphrase (set by `repo init`, or when connecting to an existing one). */
  passphraseRef: Ref.optional(),
  location: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('local'), path: z.string() }),
    z.object({
      kind: z.literal('s3'),
      endpoint: z.string().optional(),
      region: z.string(),
      bucket: z.string(),
      prefix: z.string(),
      pathStyle: z.boolean(),
      credentials: z.discriminatedUnion('kind', [
        z.object({
          kind: z.literal('keys'),
          accessKeyId: z.string(),
          secretKeyRef: Ref.optional(),
          sessionTokenRef: Ref.optional(),
        }),
        z.object({ kind: z.literal('profile'), profile: z.string() }),
      ]),
    }),
  ]),
});
export type RepositorySpec = z.infer<typeof RepositorySpec>;

export const SystemSpec = z.object({
  name: z.string(),
  ownerTeam: z.string(),
  ownerContact: z.string().optional(),
  criticality: z.enum(criticalities),
  rpo: z.string(),
  rto: z.string(),
  drillEvery: z.string().optional(),
  repository: z.string(),
  scopes: z.array(z.string()),
  description: z.string().optional(),
});
export type SystemSpec = z.infer<typeof SystemSpec>;

export const specs = {
  server: ServerSpec,
  cluster: ClusterSpec,
  repository: RepositorySpec,
  system: SystemSpec,
} as const;
export type EstateKind = keyof typeof specs;
export type SpecOf<K extends EstateKind> = z.infer<(typeof specs)[K]>;

/** Every vault ref an entry holds (to delete them with it, or to bundle them). */
export function secretRefs(spec: unknown): string[] {
  const refs: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.startsWith('secret:')) refs.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(spec);
  return refs;
}
