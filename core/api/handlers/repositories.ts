import { backendForLocation, rememberPassphrase } from '../../backup/open-repository';
import { openRepository } from '../../repository/repository';
import type { ParsedInput } from '../contract';
import { LifeboatError } from '../errors';
import type { Handlers, Services } from './types';

type M = 'repo.list' | 'repo.get' | 'repo.add' | 'repo.update' | 'repo.remove' | 'repo.test';

/** One repository, one entry: a second name for it would list its restore points twice. */
export function refuseSecondEntry(s: Services, name: string, repositoryId: string): void {
  const other = s.points.entriesOf(repositoryId).find((n) => n !== name);
  if (other)
    throw new LifeboatError(
      'estate.same_repository',
      `That is the repository of entry ${other} (id ${repositoryId}); its restore points are listed under ${other}. Use ${other}, or remove it first. Nothing was changed.`,
      { entry: other, repositoryId },
    );
}

/** Writes an entry (`write`); with a passphrase, connects it: the passphrase must open the
 * repository at the location before anything is stored, and the vault must be open to keep it. */
async function saveEntry(
  s: Services,
  { passphrase, ...input }: ParsedInput<'repo.add'>,
  write: (input: ParsedInput<'repo.add'>) => void,
): Promise<void> {
  const { ctx } = s.estate;
  if (passphrase) ctx.vault.requireUnlocked();
  const existing = passphrase
    ? await openRepository(backendForLocation(input.location), passphrase)
    : undefined;
  if (existing) refuseSecondEntry(s, input.name, existing.id);
  write(input);
  if (passphrase && existing) rememberPassphrase(ctx, input.name, passphrase, existing.id);
}

export const repositoryHandlers = (s: Services): Handlers<M> => {
  const { repositories } = s.estate;
  return {
    'repo.list': () => ({ repositories: repositories.list() }),
    'repo.get': ({ name }) => ({ repository: repositories.get(name) }),
    'repo.add': async (input) => {
      await saveEntry(s, input, (i) => repositories.add(i));
      return { repository: repositories.get(input.name) };
    },
    'repo.update': async (input) => {
      repositories.get(input.name); // an unknown name fails before anything is opened
      await saveEntry(s, input, (i) => repositories.update(i));
      return { repository: repositories.get(input.name) };
    },
    'repo.remove': ({ name }) => {
      repositories.remove(name);
      return { removed: name };
    },
    'repo.test': async ({ name }) => ({ report: await repositories.test(name) }),
  };
};
