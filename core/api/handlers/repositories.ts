import { backendForLocation, rememberPassphrase } from '../../backup/open-repository';
import { openRepository } from '../../repository/repository';
import type { Handlers, Services } from './types';

type M = 'repo.list' | 'repo.get' | 'repo.add' | 'repo.remove' | 'repo.test';

export const repositoryHandlers = ({ estate: { repositories, ctx } }: Services): Handlers<M> => ({
  'repo.list': () => ({ repositories: repositories.list() }),
  'repo.get': ({ name }) => ({ repository: repositories.get(name) }),
  'repo.add': async ({ passphrase, ...input }) => {
    // Connecting to an existing repository: the passphrase must open it before anything is stored,
    // and the vault must be open to keep it.
    if (passphrase) ctx.vault.requireUnlocked();
    const existing = passphrase
      ? await openRepository(backendForLocation(input.location), passphrase)
      : undefined;
    repositories.add(input);
    if (passphrase && existing) rememberPassphrase(ctx, input.name, passphrase, existing.id);
    return { repository: repositories.get(input.name) };
  },
  'repo.remove': ({ name }) => {
    repositories.remove(name);
    return { removed: name };
  },
  'repo.test': async ({ name }) => ({ report: await repositories.test(name) }),
});
