// Journal: the newest entries from journal.list, kept current by journal.entry events.
import type { JournalEntry } from '../../../core/api/contract';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import type { LoadState, SliceCreator } from './types';

export interface JournalSlice {
  /** Newest first, unique by seq. */
  journal: JournalEntry[];
  /** Hash of the newest entry: the head of the chain. */
  headHash: string | undefined;
  journalState: LoadState;
  loadJournal(): Promise<void>;
  applyJournalEntry(entry: JournalEntry): void;
}

const keep = 500;
let loadSeq = 0;

function mergeEntries(a: readonly JournalEntry[], b: readonly JournalEntry[]): JournalEntry[] {
  const bySeq = new Map<number, JournalEntry>();
  for (const e of a) bySeq.set(e.seq, e);
  for (const e of b) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((x, y) => y.seq - x.seq).slice(0, keep);
}

export const createJournalSlice: SliceCreator<JournalSlice> = (set, get) => ({
  journal: [],
  headHash: undefined,
  journalState: { status: 'idle' },

  async loadJournal() {
    const seq = ++loadSeq;
    if (get().journalState.status !== 'ready') set({ journalState: { status: 'loading' } });
    try {
      const { entries, headHash } = await getClient().call('journal.list', { limit: 200 });
      if (seq !== loadSeq) return;
      set((s) => {
        const journal = mergeEntries(s.journal, entries);
        const newest = journal[0];
        // An entry that arrived by event while we loaded may be newer than the answer's head.
        const head = newest && newest.seq > (entries[0]?.seq ?? 0) ? newest.hash : headHash;
        return { journal, headHash: head, journalState: { status: 'ready' } };
      });
    } catch (e) {
      if (seq === loadSeq) set({ journalState: { status: 'error', error: asApiError(e) } });
    }
  },

  applyJournalEntry(entry) {
    set((s) => {
      if (s.journal.some((e) => e.seq === entry.seq)) return s;
      const journal = mergeEntries(s.journal, [entry]);
      const headHash = journal[0]?.seq === entry.seq ? entry.hash : s.headHash;
      return { journal, headHash };
    });
  },
});
