// A call that may need the vault: when the core answers `vault.locked`, the unlock (or create)
// dialog opens, and the call is retried once after the vault is unlocked.
import type { MethodInput, MethodName, MethodResult } from '../../../core/api/contract';
import { ClientError } from '../api/client';
import { getClient } from '../api/current-client';
import { useAppStore } from './index';

export async function callWithVault<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodResult<M>> {
  try {
    return await getClient().call(method, input);
  } catch (e) {
    if (!(e instanceof ClientError) || e.code !== 'vault.locked') throw e;
    // The core's message speaks to the command line (LIFEBOAT_PASSPHRASE); say it for this window.
    const unlocked = await useAppStore
      .getState()
      .requestVault('This needs credentials from the vault. It continues once the vault is unlocked.');
    if (!unlocked) throw e;
    return getClient().call(method, input);
  }
}
