// Loading a top-level list of the store (points, protection, drills): "loading" only the first
// time (a reload keeps the rows on screen), and only the newest of overlapping loads lands.
import { asApiError } from '../api/client';
import type { EntryList } from './estate-slice';
import type { AppStore } from './types';

type ListKey = {
  [K in keyof AppStore]: AppStore[K] extends EntryList<unknown> ? K : never;
}[keyof AppStore];

type Set = (patch: (s: AppStore) => Partial<AppStore>) => void;

const seqs = new Map<ListKey, number>();

export async function loadEntryList<K extends ListKey>(
  key: K,
  fetch: () => Promise<AppStore[K]['items']>,
  get: () => AppStore,
  set: Set,
): Promise<void> {
  const seq = (seqs.get(key) ?? 0) + 1;
  seqs.set(key, seq);
  const put = (list: (old: AppStore[K]) => EntryList<unknown>) =>
    set((s) => ({ [key]: list(s[key]) }) as Partial<AppStore>);
  if (get()[key].state.status !== 'ready') put((old) => ({ ...old, state: { status: 'loading' } }));
  try {
    const items = await fetch();
    if (seqs.get(key) === seq) put(() => ({ items, state: { status: 'ready' } }));
  } catch (e) {
    if (seqs.get(key) === seq) put((old) => ({ ...old, state: { status: 'error', error: asApiError(e) } }));
  }
}
