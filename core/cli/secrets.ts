// Secrets on the command line: read from a named environment variable, once, at that moment
// (never from argv, where `ps` and shell history would keep them), and the vault passphrase
// from LIFEBOAT_PASSPHRASE or a prompt.
import { LifeboatError, isLifeboatError } from '../api/errors';
import { UsageError } from './usage-error';
import type { CliContext } from './context';
import { canPrompt, promptHidden } from './prompt';

export function secretFromEnv(variable: string, flag: string): string {
  const value = process.env[variable];
  if (value === undefined || value === '') {
    throw new UsageError(`${flag}: the environment variable ${variable} is not set (or empty).`);
  }
  return value;
}

async function vaultPassphrase(c: CliContext, creating: boolean): Promise<string> {
  const fromEnv = process.env.LIFEBOAT_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!canPrompt()) {
    throw new LifeboatError(
      'vault.passphrase_required',
      creating
        ? 'This needs the vault, and there is none yet: set LIFEBOAT_PASSPHRASE to the passphrase that will protect it.'
        : 'The vault is locked: set LIFEBOAT_PASSPHRASE, or run this in a terminal to be asked.',
    );
  }
  if (!creating) return promptHidden('Vault passphrase: ');
  c.io.err('There is no vault yet. Choose a passphrase (at least 8 characters) to protect your credentials.');
  const first = await promptHidden('New vault passphrase: ');
  const second = await promptHidden('Repeat it: ');
  if (first !== second)
    throw new LifeboatError('vault.passphrase_mismatch', 'The two passphrases differ; nothing was created.');
  return first;
}

/** Opens the vault (creating it if needed) so the next call can read or store secrets. */
export async function openVault(c: CliContext): Promise<void> {
  const lifeboat = c.open();
  const status = await lifeboat.call('vault.status', {});
  if (status.unlocked) return;
  const passphrase = await vaultPassphrase(c, !status.initialized);
  await lifeboat.call(status.initialized ? 'vault.unlock' : 'vault.init', { passphrase });
}

/** Runs `fn`; if it needed the vault and the vault was locked, opens it and runs `fn` again. */
export async function withVault<T>(c: CliContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isLifeboatError(e) || e.code !== 'vault.locked') throw e;
    await openVault(c);
    return fn();
  }
}
