// A call that may need the vault: when the core answers `vault.locked`, the unlock (or create)
// dialog opens, and the call is retried once after the vault is unlocked.
import type { MethodInput, MethodName, MethodResult } from '../../../core/api/contract';
import { getClient } from '../api/current-client';
import { useAppStore } from './index';
import { withVaultRetry } from './vault-retry';

export function callWithVault<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodResult<M>> {
  return withVaultRetry(
    () => getClient().call(method, input),
    (reason) => useAppStore.getState().requestVault(reason),
  );
}
