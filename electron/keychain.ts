// The OS keychain for the vault, through Electron's safeStorage (Keychain on macOS, DPAPI on
// Windows, libsecret/kwallet on Linux). It wraps the vault key so the desktop app opens the
// vault without asking for the passphrase.
import { safeStorage } from 'electron';
import type { KeychainPort } from '../core/estate/vault/vault';

export const safeStorageKeychain: KeychainPort = {
  // On Linux without a secret service, safeStorage falls back to a hard-coded key
  // ("basic_text"); that protects nothing, so it does not count as a keychain.
  isAvailable: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (data) => safeStorage.encryptString(data.toString('base64')),
  decrypt: (data) => Buffer.from(safeStorage.decryptString(data), 'base64'),
};
