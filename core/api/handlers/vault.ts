import type { Handlers, Services } from './types';

export const vaultHandlers = (
  s: Services,
): Handlers<'vault.status' | 'vault.init' | 'vault.unlock' | 'vault.lock'> => {
  const keychainProtect = () => {
    if (s.keychain?.isAvailable()) s.vault.protectWithKeychain(s.keychain);
  };
  return {
    'vault.status': () => s.vault.status(),
    'vault.init': ({ passphrase }) => {
      s.vault.init(passphrase);
      keychainProtect();
      s.journal.append({ actor: s.actor, action: 'vault.created', subject: 'vault', details: {} });
      return s.vault.status();
    },
    'vault.unlock': ({ passphrase }) => {
      s.vault.unlock(passphrase);
      keychainProtect();
      return s.vault.status();
    },
    'vault.lock': () => {
      s.vault.lock();
      return s.vault.status();
    },
  };
};
