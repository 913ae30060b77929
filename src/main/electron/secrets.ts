// Storage secrets in the desktop app: encrypted with the OS keychain (safeStorage) when there is one,
// else the plain 0600 file server mode uses (the settings page warns: secretStore === 'file').
// Secrets never reach the renderer: the core's settings.get() reports only `hasSecret`.
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { FileSecretStore, type SecretStore } from '../core/settings/secret-store';

/**
 * On Linux without a keyring (no GNOME keyring / KWallet), Chromium "encrypts" with a hard-coded
 * password ('basic_text'): that is a plain file in disguise, so we say 'file' and let the UI warn.
 */
export function hasOsKeychain(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend'>, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safeStorage.getSelectedStorageBackend();
  return backend !== 'basic_text' && backend !== 'unknown';
}

/** Call after app 'ready' (safeStorage answers 'unavailable' before it on Linux and Windows). */
export function createSecretStore(
  dataDir: string,
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>,
  platform: NodeJS.Platform,
  log: (message: string, error?: unknown) => void,
): SecretStore {
  if (!hasOsKeychain(safeStorage, platform)) return new FileSecretStore(join(dataDir, 'secrets.json'), 'file');
  // its own file: values are ciphertext (base64), never mixed with the plain file's values
  const store = new FileSecretStore(join(dataDir, 'secrets.keychain.json'), 'os-keychain', {
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (cipher) => safeStorage.decryptString(Buffer.from(cipher, 'base64')),
  });
  return {
    kind: store.kind,
    // a secret the keychain can no longer open (keychain reset, another OS user) reads as "not saved",
    // so Settings asks for it again instead of every settings read failing
    get(name) {
      try {
        return store.get(name);
      } catch (e) {
        log(`the OS keychain could not decrypt the saved ${name}; enter it again`, e);
        return null;
      }
    },
    set: (name, value) => store.set(name, value),
    delete: (name) => store.delete(name),
  };
}
