// The estate services, assembled over one context.
import { createClusters } from './clusters';
import type { EstateContext } from './context';
import { createRepositories } from './repositories';
import { createServers } from './servers';
import { createSystems } from './systems';

export function createEstate(ctx: EstateContext) {
  return {
    ctx,
    servers: createServers(ctx),
    clusters: createClusters(ctx),
    repositories: createRepositories(ctx),
    systems: createSystems(ctx),
  };
}

export type Estate = ReturnType<typeof createEstate>;
