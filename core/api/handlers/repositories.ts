import { backendForLocation, rememberPassphrase } from '../../backup/open-repository';
import type { EstateContext } from '../../estate/context';
import { openRepository } from '../../repository/repository';
import type { ParsedInput } from '../contract';
import type { Handlers, Services } from './types';

type M = 'repo.list' | 'repo.get' | 'repo.add' | 'repo.update' | 'repo.remove' | 'repo.test';

/** Writes an entry (`write`); with a passphrase, connects it: the passphrase must open the
 * repository at the location before anything is stored, and the vault must be open to keep it. */
async function saveEntry(
  ctx: EstateContext,
  { passphrase, ...input }: ParsedInput<'repo.add'>,
  write: (input: ParsedInput<'repo.add'>) => void,
): Promise<void> {
  if (passphrase) ctx.vault.requireUnlocked();
  const existing = passphrase
    ? await openRepository(backendForLocation(input.location), passphrase)
    : undefined;
  write(input);
  if (passphrase && existing) rememberPassphrase(ctx, input.name, passphrase, existing.id);
}

export const repositoryHandlers = ({ estate: { repositories, ctx } }: Services): Handlers<M> => ({
  'repo.list': () => ({ repositories: repositories.list() }),
  'repo.get': ({ name }) => ({ repository: repositories.get(name) }),
  'repo.add': async (input) => {
    await saveEntry(ctx, input, (i) => repositories.add(i));
    return { repository: repositories.get(input.name) };
  },
  'repo.update': async (input) => {
    repositories.get(input.name); // an unknown name fails before anything is opened
    await saveEntry(ctx, input, (i) => repositories.update(i));
    return { repository: repositories.get(input.name) };
  },
  'repo.remove': ({ name }) => {
    repositories.remove(name);
    return { removed: name };
  },
  'repo.test': async ({ name }) => ({ report: await repositories.test(name) }),
});
