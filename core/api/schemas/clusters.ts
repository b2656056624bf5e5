// Kubernetes clusters, imported from kubeconfig files.
import { z } from 'zod';
import { EntryName, SecretState } from './common';

const AuthKind = z.enum(['token', 'client-certificate', 'exec', 'basic', 'auth-provider', 'none']);

export const KubeContextSummary = z.object({
  name: z.string(),
  cluster: z.string(),
  server: z.string(),
  user: z.string(),
  namespace: z.string().optional(),
  authKind: AuthKind,
  insecure: z.boolean(),
});
export type KubeContextSummary = z.infer<typeof KubeContextSummary>;

const KubeconfigText = z
  .string()
  .min(1)
  .max(1024 * 1024);

export const ClusterInspectInput = z
  .object({
    kubeconfig: KubeconfigText,
    /** Where the file was read from: relative certificate paths are resolved against it. */
    sourcePath: z.string().optional(),
  })
  .strict();

export const ClusterAddInput = z
  .object({
    name: EntryName,
    kubeconfig: KubeconfigText,
    sourcePath: z.string().optional(),
    /** The context to import; default: the kubeconfig's current context. */
    context: z.string().min(1).optional(),
    timeoutSeconds: z.number().int().min(1).max(300).default(15),
  })
  .strict();

export const ClusterView = z.object({
  name: z.string(),
  context: z.string(),
  server: z.string(),
  user: z.string(),
  namespace: z.string().optional(),
  authKind: AuthKind,
  insecure: z.boolean(),
  credentials: SecretState,
  timeoutSeconds: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ClusterView = z.infer<typeof ClusterView>;

export const Allowed = z.enum(['yes', 'no', 'unknown']);

export const ClusterTestReport = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  serverVersion: z.string().optional(),
  canListNamespaces: Allowed,
  namespaceCount: z.number().optional(),
  permissions: z.array(z.object({ verb: z.string(), resource: z.string(), allowed: Allowed })),
  /** What could not be checked, and why. */
  notes: z.array(z.string()),
});
export type ClusterTestReport = z.infer<typeof ClusterTestReport>;
