// The rule behind callWithVault, without the store: when the core answers `vault.locked`, ask
// for the vault (the unlock or create dialog) and retry the call once after it is unlocked.
// Slices use it with their own `get().requestVault`, so they need not import the bound store.
import { ClientError } from '../api/client';

/** The core's message speaks to the command line (LIFEBOAT_PASSPHRASE); this says it for the window. */
export const vaultReason = 'This needs credentials from the vault. It continues once the vault is unlocked.';

export async function withVaultRetry<T>(
  call: () => Promise<T>,
  requestVault: (reason: string) => Promise<boolean>,
): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof ClientError) || e.code !== 'vault.locked') throw e;
    if (!(await requestVault(vaultReason))) throw e;
    return call();
  }
}
