// Repositories: where restore points are kept — an S3-compatible bucket prefix or a local folder.
import { z } from 'zod';
import { EndpointUrl, EntryName, SecretState } from './common';

const AbsolutePath = z.string().min(1).max(4096).startsWith('/', 'must be an absolute path');

export const S3CredentialsInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('keys'),
    accessKeyId: z.string().min(1).max(256),
    secretAccessKey: z.string().min(1).max(1024),
    sessionToken: z.string().min(1).max(8192).optional(),
  }),
  /** A named profile from ~/.aws/credentials or ~/.aws/config, read when used. */
  z.object({ kind: z.literal('profile'), profile: z.string().min(1).max(128) }),
]);

export const RepoLocationInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), path: AbsolutePath }),
  z.object({
    kind: z.literal('s3'),
    endpoint: EndpointUrl.optional(),
    region: z.string().min(1).max(64).default('us-east-1'),
    bucket: z.string().min(3).max(63),
    prefix: z.string().max(1024).default(''),
    pathStyle: z.boolean().default(false),
    credentials: S3CredentialsInput,
  }),
]);
export type RepoLocationInput = z.infer<typeof RepoLocationInput>;

export const RepoAddInput = z
  .object({
    name: EntryName,
    location: RepoLocationInput,
    /** The passphrase of a repository that already exists there (connects to it). */
    passphrase: z.string().min(1).max(1024).optional(),
  })
  .strict();

export const RepoLocationView = z.discriminatedUnion('kind', [
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
        secretAccessKey: SecretState,
        sessionToken: SecretState,
      }),
      z.object({ kind: z.literal('profile'), profile: z.string() }),
    ]),
  }),
]);

export const RepoView = z.object({
  name: z.string(),
  location: RepoLocationView,
  /** s3://bucket/prefix or the folder, for display. */
  url: z.string(),
  /** The repository format's passphrase: set once initialised (`repo.init`) or connected. */
  passphrase: SecretState,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RepoView = z.infer<typeof RepoView>;

export const RepoTestReport = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  checks: z.array(
    z.object({
      op: z.enum(['list', 'write', 'read', 'delete']),
      ok: z.boolean(),
      ms: z.number(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type RepoTestReport = z.infer<typeof RepoTestReport>;
