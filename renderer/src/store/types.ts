// The shape of the one bound store: the union of its slices.
import type { StateCreator } from 'zustand';
import type { AppSlice } from './app-slice';
import type { EstateSlice } from './estate-slice';
import type { JobsSlice } from './jobs-slice';
import type { JournalSlice } from './journal-slice';
import type { PointsSlice } from './points-slice';
import type { RestoreSlice } from './restore-slice';
import type { RunsSlice } from './runs-slice';
import type { UiSlice } from './ui-slice';
import type { VaultSlice } from './vault-slice';
import type { ApiError } from '../../../core/api/errors';

export type AppStore = AppSlice &
  JobsSlice &
  JournalSlice &
  UiSlice &
  VaultSlice &
  EstateSlice &
  PointsSlice &
  RestoreSlice &
  RunsSlice;

export type SliceCreator<T> = StateCreator<AppStore, [], [], T>;

/** Where a load stands; `error` is what the core said when it failed. */
export type LoadState =
  { status: 'idle' } | { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: ApiError };
