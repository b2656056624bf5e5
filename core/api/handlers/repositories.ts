import type { Handlers, Services } from './types';

type M = 'repo.list' | 'repo.get' | 'repo.add' | 'repo.remove' | 'repo.test';

export const repositoryHandlers = ({ estate: { repositories } }: Services): Handlers<M> => ({
  'repo.list': () => ({ repositories: repositories.list() }),
  'repo.get': ({ name }) => ({ repository: repositories.get(name) }),
  'repo.add': (input) => ({ repository: repositories.add(input) }),
  'repo.remove': ({ name }) => {
    repositories.remove(name);
    return { removed: name };
  },
  'repo.test': async ({ name }) => ({ report: await repositories.test(name) }),
});
