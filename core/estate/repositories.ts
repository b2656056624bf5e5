// Repositories: where restore points are kept. Here only the location and its credentials; the
// repository format itself lives in core/repository.
import type { ParsedInput, RepoTestReport, RepoView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { normalizeLocalPath, testLocalLocation } from '../connect/local';
import { normalizePrefix, testS3Location, type S3Location } from '../connect/s3';
import { journalChange, secretState, type EstateContext } from './context';
import type { Stored } from './entry-store';
import { secretRefs, type RepositorySpec } from './specs';

export function repoUrl(spec: RepositorySpec): string {
  const l = spec.location;
  if (l.kind === 'local') return l.path;
  return `s3://${l.bucket}${l.prefix ? `/${l.prefix}` : ''}${l.endpoint ? ` at ${l.endpoint}` : ''}`;
}

export function repoView(ctx: EstateContext, s: Stored<RepositorySpec>): RepoView {
  const l = s.spec.location;
  const location: RepoView['location'] =
    l.kind === 'local'
      ? { kind: 'local', path: l.path }
      : {
          kind: 's3',
          ...(l.endpoint ? { endpoint: l.endpoint } : {}),
          region: l.region,
          bucket: l.bucket,
          prefix: l.prefix,
          pathStyle: l.pathStyle,
          credentials:
            l.credentials.kind === 'profile'
              ? { kind: 'profile', profile: l.credentials.profile }
              : {
                  kind: 'keys',
                  accessKeyId: l.credentials.accessKeyId,
                  secretAccessKey: secretState(ctx, l.credentials.secretKeyRef),
                  sessionToken: secretState(ctx, l.credentials.sessionTokenRef),
                },
        };
  return {
    name: s.spec.name,
    location,
    url: repoUrl(s.spec),
    passphrase: secretState(ctx, s.spec.passphraseRef),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** The S3 location with its credentials from the vault, for clients. */
export function s3Location(ctx: EstateContext, spec: RepositorySpec): S3Location {
  const l = spec.location;
  if (l.kind !== 's3') throw new LifeboatError('repo.not_s3', `Repository "${spec.name}" is a local folder.`);
  const c = l.credentials;
  if (c.kind === 'keys' && !c.secretKeyRef) {
    throw new LifeboatError(
      'estate.credentials_missing',
      `Repository "${spec.name}" has no secret key in the vault (imported without secrets?). Give its credentials again: lifeboat repo update ${spec.name} --s3 … --access-key-env VAR --secret-key-env VAR, or Change in the console.`,
    );
  }
  return {
    ...(l.endpoint ? { endpoint: l.endpoint } : {}),
    region: l.region,
    bucket: l.bucket,
    prefix: l.prefix,
    pathStyle: l.pathStyle,
    credentials:
      c.kind === 'profile'
        ? { kind: 'profile', profile: c.profile }
        : {
            kind: 'keys',
            accessKeyId: c.accessKeyId,
            secretAccessKey: ctx.vault.get(c.secretKeyRef ?? ''),
            ...(c.sessionTokenRef ? { sessionToken: ctx.vault.get(c.sessionTokenRef) } : {}),
          },
  };
}

/** The location as stored: paths normalised, S3 secrets put in the vault (as refs). */
function storedLocation(ctx: EstateContext, input: ParsedInput<'repo.add'>): RepositorySpec['location'] {
  const l = input.location;
  if (l.kind === 'local') return { kind: 'local', path: normalizeLocalPath(l.path) };
  const c = l.credentials;
  return {
    kind: 's3',
    ...(l.endpoint ? { endpoint: l.endpoint } : {}),
    region: l.region,
    bucket: l.bucket,
    prefix: normalizePrefix(l.prefix),
    pathStyle: l.pathStyle,
    credentials:
      c.kind === 'profile'
        ? c
        : {
            kind: 'keys',
            accessKeyId: c.accessKeyId,
            secretKeyRef: ctx.vault.put(`repository ${input.name}: secret access key`, c.secretAccessKey),
            ...(c.sessionToken
              ? { sessionTokenRef: ctx.vault.put(`repository ${input.name}: session token`, c.sessionToken) }
              : {}),
          },
  };
}

export function createRepositories(ctx: EstateContext) {
  const view = (name: string) => repoView(ctx, ctx.repositories.get(name));
  return {
    list: () => ctx.repositories.list().map((s) => repoView(ctx, s)),
    get: view,

    add(input: ParsedInput<'repo.add'>): RepoView {
      if (ctx.repositories.find(input.name)) {
        throw new LifeboatError('estate.exists', `A repository named "${input.name}" already exists.`);
      }
      ctx.db.transaction(() => {
        const spec: RepositorySpec = { name: input.name, location: storedLocation(ctx, input) };
        ctx.repositories.insert(spec);
        journalChange(ctx, 'repository.added', input.name, { url: repoUrl(spec) });
      })();
      return view(input.name);
    },

    /** A new location and credentials for an entry (systems and restore points keep its name);
     * the passphrase kept stays. The old location's secrets leave the vault; its data is not touched. */
    update(input: ParsedInput<'repo.add'>): RepoView {
      const old = ctx.repositories.get(input.name).spec;
      ctx.db.transaction(() => {
        const spec: RepositorySpec = { ...old, location: storedLocation(ctx, input) };
        ctx.repositories.update(spec);
        secretRefs(old.location).forEach((r) => ctx.vault.remove(r));
        journalChange(ctx, 'repository.changed', input.name, { url: repoUrl(spec), was: repoUrl(old) });
      })();
      return view(input.name);
    },

    remove(name: string): void {
      const spec = ctx.repositories.get(name).spec;
      const users = ctx.systems.list().filter((s) => s.spec.repository === name);
      if (users.length) {
        throw new LifeboatError(
          'estate.in_use',
          `Repository "${name}" holds the restore points of ${users.map((s) => `system ${s.spec.name}`).join(', ')}; change those first.`,
        );
      }
      ctx.db.transaction(() => {
        secretRefs(spec).forEach((r) => ctx.vault.remove(r));
        ctx.repositories.remove(name);
        journalChange(ctx, 'repository.removed', name, { url: repoUrl(spec), dataTouched: false });
      })();
    },

    async test(name: string, signal?: AbortSignal): Promise<RepoTestReport> {
      const spec = ctx.repositories.get(name).spec;
      const opts = signal ? { signal } : {};
      return spec.location.kind === 'local'
        ? testLocalLocation(spec.location.path, opts)
        : testS3Location(s3Location(ctx, spec), opts);
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
