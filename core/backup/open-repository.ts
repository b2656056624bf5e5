// From a repository entry of the estate to an open Repository: its storage backend, and the
// repository format opened with the passphrase kept in the vault.
import { LifeboatError } from '../api/errors';
import type { EstateContext } from '../estate/context';
import { s3Location } from '../estate/repositories';
import type { RepositorySpec } from '../estate/specs';
import { createLocalBackend, createS3Backend, type Backend } from '../repository/backend';
import { initRepository, openRepository, type Repository } from '../repository/repository';
import type { RepoLocationInput } from '../api/contract';
import { normalizePrefix } from '../connect/s3';

export function backendFor(ctx: EstateContext, spec: RepositorySpec): Backend {
  return spec.location.kind === 'local'
    ? createLocalBackend(spec.location.path)
    : createS3Backend(s3Location(ctx, spec));
}

export async function openRepo(ctx: EstateContext, name: string, signal?: AbortSignal): Promise<Repository> {
  const spec = ctx.repositories.get(name).spec;
  if (!spec.passphraseRef) {
    throw new LifeboatError(
      'repo.no_passphrase',
      `Repository "${name}" has no passphrase in the vault: connect to the repository there with \`lifeboat repo connect ${name} --passphrase-env VAR\`, or create one with \`lifeboat repo init ${name} --passphrase-env VAR\`.`,
    );
  }
  return openRepository(backendFor(ctx, spec), ctx.vault.get(spec.passphraseRef), signal ? { signal } : {});
}

/** Creates the repository format in the entry's location and keeps its passphrase. */
export async function initRepo(ctx: EstateContext, name: string, passphrase: string): Promise<Repository> {
  const spec = ctx.repositories.get(name).spec;
  ctx.vault.requireUnlocked(); // before creating anything: the passphrase must be kept afterwards
  const repo = await initRepository(backendFor(ctx, spec), passphrase);
  storePassphrase(ctx, spec, passphrase, 'repository.initialized', repo.id);
  return repo;
}

/** Opens the repository that exists in the entry's location with `passphrase`, then keeps it
 * (replacing the one kept, if any): an entry imported without its passphrase, or one changed. */
export async function connectRepo(
  ctx: EstateContext,
  name: string,
  passphrase: string,
  /** Throws to refuse the repository found (e.g. one another entry already names). */
  check: (repositoryId: string) => void = () => {},
): Promise<Repository> {
  const spec = ctx.repositories.get(name).spec;
  ctx.vault.requireUnlocked();
  const repo = await openRepository(backendFor(ctx, spec), passphrase);
  check(repo.id);
  storePassphrase(ctx, spec, passphrase, 'repository.connected', repo.id);
  return repo;
}

/** A backend for a location not yet in the estate (to check a passphrase before adding it). */
export function backendForLocation(l: RepoLocationInput): Backend {
  if (l.kind === 'local') return createLocalBackend(l.path);
  return createS3Backend({
    ...(l.endpoint ? { endpoint: l.endpoint } : {}),
    region: l.region ?? 'us-east-1',
    bucket: l.bucket,
    prefix: normalizePrefix(l.prefix ?? ''),
    pathStyle: l.pathStyle ?? false,
    credentials: l.credentials,
  });
}

/** Keeps the passphrase of a repository that `repo.add` connected to (already checked). */
export function rememberPassphrase(
  ctx: EstateContext,
  name: string,
  passphrase: string,
  repositoryId: string,
): void {
  storePassphrase(ctx, ctx.repositories.get(name).spec, passphrase, 'repository.connected', repositoryId);
}

function storePassphrase(
  ctx: EstateContext,
  spec: RepositorySpec,
  passphrase: string,
  action: string,
  id: string,
) {
  ctx.db.transaction(() => {
    const old = spec.passphraseRef;
    ctx.repositories.update({
      ...spec,
      passphraseRef: ctx.vault.put(`repository ${spec.name}: passphrase`, passphrase),
    });
    if (old) ctx.vault.remove(old);
    ctx.journal.append({ actor: ctx.actor, action, subject: spec.name, details: { repositoryId: id } });
  })();
}
