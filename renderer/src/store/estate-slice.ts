// The estate as the console knows it: servers, clusters, repositories and systems, each loaded
// with its `*.list` call and reloaded after a change (ours, or one the journal tells us about).
import type { ClusterView, RepoView, ServerView, SystemView } from '../../../core/api/contract';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import type { LoadState, SliceCreator } from './types';

export interface EntryList<T> {
  items: T[];
  state: LoadState;
}

export interface EstateLists {
  servers: EntryList<ServerView>;
  clusters: EntryList<ClusterView>;
  repositories: EntryList<RepoView>;
  systems: EntryList<SystemView>;
}
export type EstateKind = keyof EstateLists;
export const estateKinds: readonly EstateKind[] = ['servers', 'clusters', 'repositories', 'systems'];

const loaders: { [K in EstateKind]: () => Promise<EstateLists[K]['items']> } = {
  servers: async () => (await getClient().call('server.list', {})).servers,
  clusters: async () => (await getClient().call('cluster.list', {})).clusters,
  repositories: async () => (await getClient().call('repo.list', {})).repositories,
  systems: async () => (await getClient().call('system.list', {})).systems,
};

/** Journal actions (`server.added`, `repository.removed` …) → the list they change. */
const journalAreas: Record<string, EstateKind[]> = {
  server: ['servers'],
  cluster: ['clusters'],
  repository: ['repositories'],
  system: ['systems'],
  estate: [...estateKinds],
};

export function kindsChangedBy(action: string): EstateKind[] {
  const area = action.split('.')[0] ?? '';
  return action === 'estate.exported' ? [] : (journalAreas[area] ?? []);
}

export interface EstateSlice {
  estate: EstateLists;
  loadEntries(kind: EstateKind): Promise<void>;
  loadEstate(): Promise<void>;
}

const seqs: Record<EstateKind, number> = { servers: 0, clusters: 0, repositories: 0, systems: 0 };
const empty = <T>(): EntryList<T> => ({ items: [], state: { status: 'idle' } });

export const createEstateSlice: SliceCreator<EstateSlice> = (set, get) => ({
  estate: { servers: empty(), clusters: empty(), repositories: empty(), systems: empty() },

  async loadEntries(kind) {
    const seq = ++seqs[kind];
    const patch = (list: Partial<EntryList<unknown>>) =>
      set((s) => ({ estate: { ...s.estate, [kind]: { ...s.estate[kind], ...list } } }));
    if (get().estate[kind].state.status !== 'ready') patch({ state: { status: 'loading' } });
    try {
      const items = await loaders[kind]();
      if (seq === seqs[kind]) patch({ items, state: { status: 'ready' } });
    } catch (e) {
      if (seq === seqs[kind]) patch({ state: { status: 'error', error: asApiError(e) } });
    }
  },

  async loadEstate() {
    await Promise.all(estateKinds.map((k) => get().loadEntries(k)));
  },
});
