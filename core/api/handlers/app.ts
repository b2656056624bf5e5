import type { Handlers, Services } from './types';

export const appHandlers = (s: Services): Handlers<'app.info'> => ({
  'app.info': () => ({
    name: 'Lifeboat',
    version: s.version,
    mode: s.mode,
    dataDir: s.dataDir,
    catalogPath: s.catalog.path,
    catalogSchemaVersion: s.catalog.schemaVersion,
    platform: `${process.platform}-${process.arch}`,
    nodeVersion: process.versions.node,
  }),
});
