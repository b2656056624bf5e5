// The vault: whether it exists and is unlocked, and the one dialog that creates or unlocks it.
// The passphrase is never kept here: it goes from the dialog's field straight into the call.
import type { MethodResult } from '../../../core/api/contract';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import type { LoadState, SliceCreator } from './types';

export type VaultStatus = MethodResult<'vault.status'>;

export interface VaultDialogState {
  mode: 'create' | 'unlock';
  /** Why it opened (the message of the call that needed the vault), if a call did. */
  reason?: string;
}

export interface VaultSlice {
  vault: VaultStatus | undefined;
  vaultState: LoadState;
  vaultDialog: VaultDialogState | undefined;
  loadVault(): Promise<VaultStatus | undefined>;
  /** Creates the vault; throws the core's error (shown by the dialog). */
  initVault(passphrase: string): Promise<void>;
  /** Unlocks the vault; throws the core's error (e.g. vault.wrong_passphrase). */
  unlockVault(passphrase: string): Promise<void>;
  lockVault(): Promise<void>;
  /** Opens the create/unlock dialog; resolves true once the vault is unlocked, false if closed. */
  requestVault(reason?: string): Promise<boolean>;
  /** Closes the dialog, answering everyone waiting on requestVault. */
  closeVaultDialog(unlocked: boolean): void;
}

/** Callers of requestVault waiting for the dialog's outcome. */
let waiting: Array<(unlocked: boolean) => void> = [];

export const createVaultSlice: SliceCreator<VaultSlice> = (set, get) => ({
  vault: undefined,
  vaultState: { status: 'idle' },
  vaultDialog: undefined,

  async loadVault() {
    if (get().vaultState.status !== 'ready') set({ vaultState: { status: 'loading' } });
    try {
      const vault = await getClient().call('vault.status', {});
      set({ vault, vaultState: { status: 'ready' } });
      return vault;
    } catch (e) {
      set({ vaultState: { status: 'error', error: asApiError(e) } });
      return undefined;
    }
  },

  async initVault(passphrase) {
    const vault = await getClient().call('vault.init', { passphrase });
    set({ vault, vaultState: { status: 'ready' } });
    get().closeVaultDialog(vault.unlocked);
  },

  async unlockVault(passphrase) {
    const vault = await getClient().call('vault.unlock', { passphrase });
    set({ vault, vaultState: { status: 'ready' } });
    get().closeVaultDialog(vault.unlocked);
  },

  async lockVault() {
    try {
      const vault = await getClient().call('vault.lock', {});
      set({ vault, vaultState: { status: 'ready' } });
    } catch (e) {
      set({ vaultState: { status: 'error', error: asApiError(e) } });
    }
  },

  async requestVault(reason) {
    const answer = new Promise<boolean>((resolve) => waiting.push(resolve));
    if (!get().vaultDialog) {
      // The status may be stale (another process created or locked the vault): ask again.
      const status = (await get().loadVault()) ?? get().vault;
      if (status?.unlocked) {
        get().closeVaultDialog(true);
        return answer;
      }
      set({
        vaultDialog: {
          mode: status?.initialized === false ? 'create' : 'unlock',
          ...(reason ? { reason } : {}),
        },
      });
    }
    return answer;
  },

  closeVaultDialog(unlocked) {
    const answer = waiting;
    waiting = [];
    set({ vaultDialog: undefined });
    for (const resolve of answer) resolve(unlocked);
  },
});
