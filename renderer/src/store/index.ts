// The one bound store, built from slices. Components read the smallest slice they need through
// selectors; derived arrays go through useShallow.
import { create } from 'zustand';
import { createAppSlice } from './app-slice';
import { createEstateSlice } from './estate-slice';
import { createJobsSlice } from './jobs-slice';
import { createJournalSlice } from './journal-slice';
import { createPointsSlice } from './points-slice';
import { createRestoreSlice } from './restore-slice';
import { createRunsSlice } from './runs-slice';
import type { AppStore } from './types';
import { createUiSlice } from './ui-slice';
import { createVaultSlice } from './vault-slice';

export const useAppStore = create<AppStore>()((...a) => ({
  ...createAppSlice(...a),
  ...createJobsSlice(...a),
  ...createJournalSlice(...a),
  ...createUiSlice(...a),
  ...createVaultSlice(...a),
  ...createEstateSlice(...a),
  ...createPointsSlice(...a),
  ...createRestoreSlice(...a),
  ...createRunsSlice(...a),
}));

/** Back to a fresh store (tests). The theme is re-read from localStorage. */
export function resetStores(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}

export type { AppStore } from './types';
