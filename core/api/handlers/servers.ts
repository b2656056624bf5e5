import type { Handlers, Services } from './types';

type M =
  | 'server.list'
  | 'server.get'
  | 'server.add'
  | 'server.update'
  | 'server.remove'
  | 'server.test'
  | 'server.probeHostKey'
  | 'server.acceptHostKey';

export const serverHandlers = ({ estate: { servers } }: Services): Handlers<M> => ({
  'server.list': () => ({ servers: servers.list() }),
  'server.get': ({ name }) => ({ server: servers.get(name) }),
  'server.add': async (input) => ({ server: await servers.add(input) }),
  'server.update': (input) => ({ server: servers.update(input) }),
  'server.remove': ({ name }) => {
    servers.remove(name);
    return { removed: name };
  },
  'server.test': async ({ name }) => ({ report: await servers.test(name) }),
  'server.probeHostKey': ({ name }) => servers.probeHostKey(name),
  'server.acceptHostKey': async ({ name, fingerprint, replace }) => ({
    server: await servers.acceptHostKey(name, fingerprint, replace),
  }),
});
