// Runs of runbooks (incidents, drills, rehearsals): kept by id from run.list, run.get and the
// run.updated event; the run open on Recover (guided mode) and the one open on Drills; acting on
// the step a run waits at (run.advance), pause, resume, cancel; the runbook a run follows
// (runbook.resolve, for the wizard and for each open run); drills.status for the Drills page.
import type { DrillStatus, MethodInput, MethodName, RunView } from '../../../core/api/contract';
import type { RunbookView } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import { loadEntryList } from './entry-list';
import { isoFromLocal } from '../recover/recover-draft';
import type { EntryList } from './estate-slice';
import { compareRuns, mergeRun } from './merge-run';
import type { AppStore, LoadState, SliceCreator } from './types';
import { withVaultRetry } from './vault-retry';

export type RecoverMode = 'direct' | 'guided';
/** Where a run is shown: Recover's guided mode, or the Drills page. */
export type RunPlace = 'recover' | 'drills';
export type RunMode = RunView['mode'];

export interface Resolution {
  state: LoadState;
  runbook?: RunbookView;
  origin?: string;
  why?: string;
}

/** A failed action on a run: which one ("confirm", "pause", "load" …) and what the core said. */
export type RunActionError = ApiError & { action: string };

export type StartState =
  | { status: 'idle' }
  | { status: 'starting'; key: string }
  | { status: 'error'; key: string; error: ApiError };

/** The dialog over the run on screen: cancel the run, or confirm its restore step. */
export type RunDialog = 'none' | 'cancel' | 'restore';

export interface GuidedDraft {
  system: string;
  /** datetime-local text, local time; '' = now, when the run starts. */
  incidentStart: string;
  /** Values for the runbook's parameters given here (a template's `file`, `healthUrl` …). */
  parameters: Record<string, string>;
}

export interface RunsSlice {
  runs: Record<string, RunView>;
  runsState: LoadState;
  drills: EntryList<DrillStatus>;
  recoverMode: RecoverMode;
  guided: GuidedDraft;
  guidedError: string | undefined;
  openRuns: Partial<Record<RunPlace, string>>;
  /** runbook.resolve answers by "system/name" ("system/" for the system's default). */
  resolutions: Record<string, Resolution>;
  runStart: StartState;
  /** The action in flight per run ("confirm", "pause" …), and the last one that failed. */
  runBusy: Record<string, string>;
  runErrors: Record<string, RunActionError>;
  runDialog: RunDialog;
  /** The system whose "Start drill" confirmation is open. */
  drillConfirm: string | undefined;
  setRecoverMode(mode: RecoverMode): void;
  setGuided(patch: Partial<GuidedDraft>): void;
  resolveRunbook(system: string, name?: string, parameters?: Record<string, string>): Promise<void>;
  /** Starts a run and opens it where it was started. */
  startRun(mode: RunMode, system: string, place: RunPlace): Promise<void>;
  openRun(id: string, place: RunPlace): void;
  closeRun(place: RunPlace): void;
  loadRuns(): Promise<void>;
  loadRun(id: string): Promise<void>;
  applyRun(run: RunView): void;
  advanceRun(input: MethodInput<'run.advance'>): Promise<boolean>;
  pauseRun(id: string): Promise<void>;
  resumeRun(id: string): Promise<void>;
  cancelRun(id: string): Promise<void>;
  setRunDialog(dialog: RunDialog): void;
  setDrillConfirm(system: string | undefined): void;
  loadDrills(): Promise<void>;
}

export const resolutionKey = (system: string, name?: string) => `${system}/${name ?? ''}`;

/** The values given (empty ones left to the runbook), or undefined when there are none. */
function nonEmpty(values: Record<string, string> | undefined): Record<string, string> | undefined {
  const given = Object.entries(values ?? {}).filter(([, v]) => v.trim() !== '');
  return given.length ? Object.fromEntries(given.map(([k, v]) => [k, v.trim()])) : undefined;
}

export const runVaultReason =
  'A run connects to your servers and clusters (its restores and checks): it needs credentials from the vault.';

const resolveSeq: Record<string, number> = {};
let runsSeq = 0;

export const createRunsSlice: SliceCreator<RunsSlice> = (set, get) => {
  const callWithVault = <M extends MethodName>(method: M, input: MethodInput<M>) =>
    withVaultRetry(
      () => getClient().call(method, input),
      (reason) => get().requestVault(reason),
    );

  /** One action on one run: busy while it runs, its error kept for the run view. */
  async function act(id: string, what: string, call: () => Promise<{ run: RunView }>): Promise<boolean> {
    set((s) => {
      const runErrors = { ...s.runErrors };
      delete runErrors[id];
      return { runBusy: { ...s.runBusy, [id]: what }, runErrors };
    });
    try {
      get().applyRun((await call()).run);
      return true;
    } catch (e) {
      set((s) => ({ runErrors: { ...s.runErrors, [id]: { ...asApiError(e), action: what } } }));
      return false;
    } finally {
      set((s) => {
        const runBusy = { ...s.runBusy };
        delete runBusy[id];
        return { runBusy };
      });
    }
  }

  return {
    runs: {},
    runsState: { status: 'idle' },
    drills: { items: [], state: { status: 'idle' } },
    recoverMode: 'direct',
    guided: { system: '', incidentStart: '', parameters: {} },
    guidedError: undefined,
    openRuns: {},
    resolutions: {},
    runStart: { status: 'idle' },
    runBusy: {},
    runErrors: {},
    runDialog: 'none',
    drillConfirm: undefined,

    setRecoverMode: (recoverMode) => set({ recoverMode, recoverDialog: 'none', runDialog: 'none' }),

    setGuided(patch) {
      // Another system: its runbook has its own parameters.
      const fresh =
        patch.system !== undefined && patch.system !== get().guided.system ? { parameters: {} } : {};
      set((s) => ({ guided: { ...s.guided, ...fresh, ...patch }, guidedError: undefined }));
      if (patch.system) void get().resolveRunbook(patch.system, undefined, get().guided.parameters);
    },

    async resolveRunbook(system, name, parameters) {
      const key = resolutionKey(system, name);
      const seq = (resolveSeq[key] = (resolveSeq[key] ?? 0) + 1);
      const put = (r: Resolution) => {
        if (resolveSeq[key] === seq) set((s) => ({ resolutions: { ...s.resolutions, [key]: r } }));
      };
      const before = get().resolutions[key];
      put({ ...before, state: { status: 'loading' } });
      const values = nonEmpty(parameters);
      try {
        const r = await getClient().call('runbook.resolve', {
          system,
          ...(name ? { name } : {}),
          ...(values ? { parameters: values } : {}),
        });
        put({ state: { status: 'ready' }, runbook: r.runbook, origin: r.origin, why: r.why });
      } catch (e) {
        // The runbook shown stays (its parameters can be corrected); the error says what is wrong.
        put({ ...before, state: { status: 'error', error: asApiError(e) } });
      }
    },

    async startRun(mode, system, place) {
      const key = `${mode}:${system}`;
      let incidentStart: string | undefined;
      if (mode === 'incident' && get().guided.incidentStart) {
        incidentStart = isoFromLocal(get().guided.incidentStart);
        if (!incidentStart) {
          set({ guidedError: 'Enter a date and time, or press Now.' });
          return;
        }
      }
      set({ runStart: { status: 'starting', key }, drillConfirm: undefined });
      // A real run connects (its restores and checks): unlock the vault before it starts, not
      // halfway through a step. A rehearsal connects to nothing.
      if (
        mode !== 'rehearsal' &&
        get().vault?.unlocked === false &&
        !(await get().requestVault(runVaultReason))
      ) {
        const error = { code: 'vault.locked', message: 'The vault stayed locked, so the run did not start.' };
        set({ runStart: { status: 'error', key, error } });
        return;
      }
      try {
        const values = mode === 'incident' ? nonEmpty(get().guided.parameters) : undefined;
        const { run } = await callWithVault('run.start', {
          system,
          mode,
          ...(incidentStart ? { incidentStart } : {}),
          ...(values ? { parameters: values } : {}),
        });
        get().applyRun(run);
        set((s) => ({ runStart: { status: 'idle' }, openRuns: { ...s.openRuns, [place]: run.id } }));
      } catch (e) {
        set({ runStart: { status: 'error', key, error: asApiError(e) } });
      }
    },

    openRun(id, place) {
      set((s) => ({
        openRuns: { ...s.openRuns, [place]: id },
        runDialog: 'none',
        ...(place === 'recover' ? { page: 'recover' as const, recoverMode: 'guided' as const } : {}),
        ...(place === 'drills' ? { page: 'drills' as const } : {}),
      }));
      void get().loadRun(id);
    },

    closeRun(place) {
      set((s) => {
        const openRuns = { ...s.openRuns };
        delete openRuns[place];
        return { openRuns, runDialog: 'none', runStart: { status: 'idle' } };
      });
    },

    async loadRuns() {
      const seq = ++runsSeq;
      if (get().runsState.status !== 'ready') set({ runsState: { status: 'loading' } });
      try {
        const { runs } = await getClient().call('run.list', { limit: 50 });
        if (seq !== runsSeq) return;
        set((s) => {
          const next = { ...s.runs };
          for (const run of runs) next[run.id] = mergeRun(s.runs[run.id], run);
          return { runs: next, runsState: { status: 'ready' } };
        });
      } catch (e) {
        if (seq === runsSeq) set({ runsState: { status: 'error', error: asApiError(e) } });
      }
    },

    async loadRun(id) {
      try {
        get().applyRun((await getClient().call('run.get', { id })).run);
      } catch (e) {
        set((s) => ({ runErrors: { ...s.runErrors, [id]: { ...asApiError(e), action: 'load' } } }));
      }
    },

    applyRun(run) {
      const before = get().runs[run.id];
      set((s) => {
        const merged = mergeRun(s.runs[run.id], run);
        return merged === s.runs[run.id] ? s : { runs: { ...s.runs, [run.id]: merged } };
      });
      // A run that just ended (a drill, say) changes the Drills page's "last drilled".
      const after = get().runs[run.id];
      if (after?.finishedAt && !before?.finishedAt) void get().loadDrills();
    },

    advanceRun: (input) => act(input.id, input.action, () => callWithVault('run.advance', input)),
    pauseRun: async (id) => void (await act(id, 'pause', () => getClient().call('run.pause', { id }))),
    resumeRun: async (id) => void (await act(id, 'resume', () => callWithVault('run.resume', { id }))),
    async cancelRun(id) {
      set({ runDialog: 'none' });
      await act(id, 'cancel', () => getClient().call('run.cancel', { id }));
    },

    setRunDialog: (runDialog) => set({ runDialog }),
    setDrillConfirm: (drillConfirm) => set({ drillConfirm }),

    loadDrills: () =>
      loadEntryList('drills', async () => (await getClient().call('drills.status', {})).systems, get, set),
  };
};

/** The run shown on the current page, if any. */
export function shownRunId(s: AppStore): string | undefined {
  if (s.page === 'recover' && s.recoverMode === 'guided') return s.openRuns.recover;
  if (s.page === 'drills') return s.openRuns.drills;
  return undefined;
}

export function shownRun(s: AppStore): RunView | undefined {
  const id = shownRunId(s);
  return id ? s.runs[id] : undefined;
}

/** Runs newest first. Use with useShallow. */
export function selectRunList(s: AppStore): RunView[] {
  return Object.values(s.runs).sort(compareRuns);
}

/** Journal actions after which drills.status is stale. */
export function changesDrills(action: string): boolean {
  return action.startsWith('run.') || action.startsWith('drill.') || action.startsWith('system.');
}
