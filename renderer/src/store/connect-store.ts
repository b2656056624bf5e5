// Wires the store to a client: initial loads, live events, and a refresh after every
// (re)connection so nothing missed while the event stream was down stays missing.
import type { Client } from '../api/client';
import { setClient } from '../api/current-client';
import { useAppStore } from './index';

export function connectStore(client: Client): () => void {
  setClient(client);
  const store = useAppStore.getState();
  store.setTransportKind(client.kind);
  store.setConnection(client.connection());
  const usable = () => !['no-token', 'rejected'].includes(useAppStore.getState().connection);

  const unsubscribers = [
    client.onConnectionChange((state) => {
      const previous = useAppStore.getState().connection;
      useAppStore.getState().setConnection(state);
      if (state === 'connected' && previous !== 'connected') {
        void useAppStore.getState().loadJobs();
        void useAppStore.getState().loadJournal();
      }
    }),
    client.subscribe('job.progress', ({ job }) => useAppStore.getState().applyJob(job)),
    client.subscribe('job.finished', ({ job }) => useAppStore.getState().applyJob(job)),
    client.subscribe('journal.entry', ({ entry }) => useAppStore.getState().applyJournalEntry(entry)),
  ];

  if (usable()) {
    void store.loadInfo();
    void store.loadJobs();
    void store.loadJournal();
  }

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    setClient(undefined);
  };
}
