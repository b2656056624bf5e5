// Wires the store to a client: initial loads, live events, and a refresh after every
// (re)connection so nothing missed while the event stream was down stays missing.
import type { Client } from '../api/client';
import { setClient } from '../api/current-client';
import { kindsChangedBy } from './estate-slice';
import { changesPoints, changesProtection } from './points-slice';
import { changesRestores } from './restore-slice';
import { changesDrills } from './runs-slice';
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
        void useAppStore.getState().loadVault();
        void useAppStore.getState().loadEstate();
        void useAppStore.getState().loadPoints();
        void useAppStore.getState().loadProtection();
        void useAppStore.getState().refreshRestores();
        void useAppStore.getState().loadRuns();
        void useAppStore.getState().loadDrills();
        // The runs on screen: anything missed while the event stream was down.
        for (const id of Object.values(useAppStore.getState().openRuns))
          if (id) void useAppStore.getState().loadRun(id);
      }
    }),
    client.subscribe('job.progress', ({ job }) => useAppStore.getState().applyJob(job)),
    client.subscribe('job.finished', ({ job }) => useAppStore.getState().applyJob(job)),
    client.subscribe('run.updated', ({ run }) => useAppStore.getState().applyRun(run)),
    client.subscribe('journal.entry', ({ entry }) => {
      const state = useAppStore.getState();
      state.applyJournalEntry(entry);
      // The estate changed (here, or from the CLI in another process): reload what it touched.
      for (const kind of kindsChangedBy(entry.action)) void state.loadEntries(kind);
      if (entry.action === 'vault.created') void state.loadVault();
      if (changesPoints(entry.action)) void state.loadPoints();
      if (changesProtection(entry.action)) void state.loadProtection();
      if (changesRestores(entry.action)) void state.refreshRestores();
      if (changesDrills(entry.action)) void state.loadDrills();
    }),
  ];

  if (usable()) {
    void store.loadInfo();
    void store.loadJobs();
    void store.loadJournal();
    void store.loadVault();
    void store.loadEstate();
    void store.loadPoints();
    void store.loadProtection();
    void store.loadRestores();
    void store.loadRuns();
    void store.loadDrills();
  }

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    setClient(undefined);
  };
}
