import type { Handlers, Services } from './types';

type M =
  | 'cluster.inspectKubeconfig'
  | 'cluster.list'
  | 'cluster.get'
  | 'cluster.add'
  | 'cluster.remove'
  | 'cluster.test';

export const clusterHandlers = ({ estate: { clusters } }: Services): Handlers<M> => ({
  'cluster.inspectKubeconfig': (input) => clusters.inspect(input),
  'cluster.list': () => ({ clusters: clusters.list() }),
  'cluster.get': ({ name }) => ({ cluster: clusters.get(name) }),
  'cluster.add': (input) => ({ cluster: clusters.add(input) }),
  'cluster.remove': ({ name }) => {
    clusters.remove(name);
    return { removed: name };
  },
  'cluster.test': async ({ name }) => ({ report: await clusters.test(name) }),
});
