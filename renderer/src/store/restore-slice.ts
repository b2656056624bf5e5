// The Recover page's state: the form (no secrets in it), the plan being previewed (made from the
// form, or the undo of a restore), which dialog is open, and the restores (restore.list, with
// each one's details from restore.get once asked for). Executing a plan is work started here by
// purpose (`restore:<plan id>`, see points-slice), so its progress survives navigation.
import type { MethodInput, MethodName, PlanView, PointView, RestoreView } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import type { FieldErrors } from '../forms/field-errors';
import { draftFromPlan, emptyDraft, planInputOf, type RecoverDraft } from '../recover/recover-draft';
import type { RestoreSummary } from '../recover/restore-text';
import { withVaultRetry } from './vault-retry';
import type { EntryList } from './estate-slice';
import type { LoadState, SliceCreator } from './types';

export type PlanState =
  | { status: 'idle' }
  | { status: 'planning' }
  | { status: 'ready'; plan: PlanView }
  | { status: 'error'; error: ApiError };

export interface RecoverFlow {
  /** The restore this flow undoes; absent for a restore planned from the form. */
  undoOf?: string;
  plan: PlanState;
  /** The form as it was when the plan was made (to notice edits made after it). */
  plannedDraft?: RecoverDraft;
}

/** Where the Recover page moves keyboard focus next (taken once by the page). */
export type RecoverFocus = 'form' | 'execute' | 'plan-error' | 'progress';

export type RecoverDialog = 'none' | 'confirm' | 'cancel';

export interface RestoreDetails {
  state: LoadState;
  restore?: RestoreView;
}

export interface RestoreSlice {
  recoverDraft: RecoverDraft;
  recoverErrors: FieldErrors;
  recoverFlow: RecoverFlow;
  recoverDialog: RecoverDialog;
  recoverFocus: RecoverFocus | undefined;
  restores: EntryList<RestoreSummary>;
  restoreDetails: Record<string, RestoreDetails>;
  selectedRestoreId: string | undefined;
  setRecoverDraft(patch: Partial<RecoverDraft>): void;
  /** Plans from the form; in an undo flow, plans the undo again. */
  planRecover(): Promise<void>;
  planUndo(restoreId: string): Promise<void>;
  /**
   * Plans a restore again exactly as it was planned (same point, subset, destination, options),
   * against the live target as it is now — after `restore.target_changed`. An undo plans its
   * undo again.
   */
  replanRestore(restore: RestoreSummary): Promise<void>;
  /** Carries out the plan on screen (after the confirmation). */
  executePlan(): Promise<void>;
  /** Back to an empty flow (the form keeps what it holds). */
  newRecover(): void;
  setRecoverDialog(dialog: RecoverDialog): void;
  takeRecoverFocus(): RecoverFocus | undefined;
  /** Opens Recover with a point's scope and the point chosen. */
  recoverFromPoint(point: PointView): void;
  loadRestores(): Promise<void>;
  loadRestore(id: string): Promise<void>;
  /** Reloads the list and every restore whose details are loaded (after a journal entry). */
  refreshRestores(): Promise<void>;
  selectRestore(id: string | undefined): void;
}

/** The plan on screen, if one is ready. */
export function currentPlan(flow: RecoverFlow): PlanView | undefined {
  return flow.plan.status === 'ready' ? flow.plan.plan : undefined;
}

let planSeq = 0;
let listSeq = 0;

export const createRestoreSlice: SliceCreator<RestoreSlice> = (set, get) => {
  const callWithVault = <M extends MethodName>(method: M, input: MethodInput<M>) =>
    withVaultRetry(
      () => getClient().call(method, input),
      (reason) => get().requestVault(reason),
    );

  /** Runs one planning call; a newer one wins. */
  async function plan(flow: Omit<RecoverFlow, 'plan'>, call: () => Promise<PlanView>): Promise<void> {
    const seq = ++planSeq;
    set({ recoverFlow: { ...flow, plan: { status: 'planning' } }, recoverDialog: 'none' });
    try {
      const p = await call();
      if (seq !== planSeq) return;
      set({ recoverFlow: { ...flow, plan: { status: 'ready', plan: p } }, recoverFocus: 'execute' });
    } catch (e) {
      if (seq !== planSeq) return;
      set({
        recoverFlow: { ...flow, plan: { status: 'error', error: asApiError(e) } },
        recoverFocus: 'plan-error',
      });
    }
  }

  async function planFromDraft(): Promise<void> {
    const draft = get().recoverDraft;
    const checked = planInputOf(draft, new Date());
    if (!checked.ok) {
      set({ recoverErrors: checked.errors, recoverFocus: 'form' });
      return;
    }
    set({ recoverErrors: {} });
    await plan(
      { plannedDraft: draft },
      async () => (await callWithVault('restore.plan', checked.input)).plan,
    );
  }

  /** A restore we heard of before the list did (execute's answer), or a fresher view of one. */
  const upsert = (r: RestoreSummary) =>
    set((s) => {
      const known = s.restores.items.some((x) => x.id === r.id);
      const items = known ? s.restores.items.map((x) => (x.id === r.id ? r : x)) : [r, ...s.restores.items];
      return { restores: { ...s.restores, items } };
    });

  return {
    recoverDraft: emptyDraft,
    recoverErrors: {},
    recoverFlow: { plan: { status: 'idle' } },
    recoverDialog: 'none',
    recoverFocus: undefined,
    restores: { items: [], state: { status: 'idle' } },
    restoreDetails: {},
    selectedRestoreId: undefined,

    setRecoverDraft(patch) {
      set((s) => {
        const errors = { ...s.recoverErrors };
        for (const key of Object.keys(patch)) delete errors[key];
        if ('subsetLines' in patch || 'selector' in patch || 'subsetKind' in patch) delete errors.subset;
        if ('pointId' in patch || 'pointMode' in patch) delete errors.point;
        return { recoverDraft: { ...s.recoverDraft, ...patch }, recoverErrors: errors };
      });
    },

    async planRecover() {
      const { recoverFlow } = get();
      if (recoverFlow.plan.status === 'planning') return;
      if (recoverFlow.undoOf) return get().planUndo(recoverFlow.undoOf);
      await planFromDraft();
    },

    async planUndo(restoreId) {
      set({ page: 'recover', helpOpen: false });
      await plan(
        { undoOf: restoreId },
        async () => (await callWithVault('restore.planUndo', { id: restoreId })).plan,
      );
    },

    async replanRestore(r) {
      if (r.undoOf) return get().planUndo(r.undoOf);
      set({ page: 'recover', helpOpen: false });
      let draft: RecoverDraft;
      try {
        draft = draftFromPlan((await getClient().call('restore.getPlan', { id: r.planId })).plan);
      } catch (e) {
        set({ recoverFlow: { plan: { status: 'error', error: asApiError(e) } }, recoverFocus: 'plan-error' });
        return;
      }
      set({ recoverDraft: draft, recoverErrors: {} });
      await planFromDraft();
    },

    async executePlan() {
      const p = currentPlan(get().recoverFlow);
      if (!p) return;
      set({ recoverDialog: 'none', recoverFocus: 'progress' });
      await get().startWork(`restore:${p.id}`, async () => {
        const { job, restore } = await callWithVault('restore.execute', { planId: p.id });
        const { items: _items, ...summary } = restore;
        upsert(summary);
        return [job];
      });
    },

    newRecover() {
      planSeq++;
      set({ recoverFlow: { plan: { status: 'idle' } }, recoverDialog: 'none', recoverFocus: 'form' });
    },

    setRecoverDialog: (recoverDialog) => set({ recoverDialog }),

    takeRecoverFocus() {
      const focus = get().recoverFocus;
      if (focus) set({ recoverFocus: undefined });
      return focus;
    },

    recoverFromPoint(point) {
      planSeq++;
      set((s) => ({
        page: 'recover',
        helpOpen: false,
        recoverDraft: { ...s.recoverDraft, scope: point.scope, pointMode: 'point', pointId: point.id },
        recoverErrors: {},
        recoverFlow: { plan: { status: 'idle' } },
        recoverFocus: 'form',
      }));
    },

    async loadRestores() {
      const seq = ++listSeq;
      if (get().restores.state.status !== 'ready')
        set((s) => ({ restores: { ...s.restores, state: { status: 'loading' } } }));
      try {
        const { restores } = await getClient().call('restore.list', { limit: 200 });
        if (seq === listSeq) set({ restores: { items: restores, state: { status: 'ready' } } });
      } catch (e) {
        if (seq === listSeq)
          set((s) => ({ restores: { ...s.restores, state: { status: 'error', error: asApiError(e) } } }));
      }
    },

    async loadRestore(id) {
      const put = (d: RestoreDetails) => set((s) => ({ restoreDetails: { ...s.restoreDetails, [id]: d } }));
      const before = get().restoreDetails[id];
      if (!before?.restore) put({ state: { status: 'loading' } });
      try {
        const { restore } = await getClient().call('restore.get', { id });
        put({ state: { status: 'ready' }, restore });
        const { items: _items, ...summary } = restore;
        upsert(summary);
      } catch (e) {
        put({ ...before, state: { status: 'error', error: asApiError(e) } });
      }
    },

    async refreshRestores() {
      await Promise.all([
        get().loadRestores(),
        ...Object.keys(get().restoreDetails).map((id) => get().loadRestore(id)),
      ]);
    },

    selectRestore(id) {
      set({ selectedRestoreId: id });
      if (id) void get().loadRestore(id);
    },
  };
};

/** Journal actions after which the restores are stale. */
export function changesRestores(action: string): boolean {
  return action.startsWith('restore.');
}
