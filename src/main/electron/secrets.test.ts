import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretStore, hasOsKeychain } from './secrets';

const dir = (): string => mkdtempSync(join(tmpdir(), 'reelay-secrets-'));
// a reversible stand-in for safeStorage's cipher
const keychain = (backend = 'gnome_libsecret', available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend as never,
  encryptString: (s: string) => Buffer.from(`enc:${s}`),
  decryptString: (b: Buffer) => {
    const s = b.toString();
    if (!s.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return s.slice(4);
  },
});

describe('secrets in the desktop app', () => {
  it('uses the OS keychain when there is a real one', () => {
    expect(hasOsKeychain(keychain(), 'linux')).toBe(true);
    expect(hasOsKeychain(keychain('basic_text'), 'linux')).toBe(false);
    expect(hasOsKeychain(keychain('unknown', true), 'darwin')).toBe(true);
    expect(hasOsKeychain(keychain('gnome_libsecret', false), 'win32')).toBe(false);
  });

  it('stores only ciphertext, reads it back, and treats an unreadable secret as not saved', async () => {
    const d = dir();
    const logs: string[] = [];
    const store = createSecretStore(d, keychain(), 'linux', (m) => logs.push(m));
    expect(store.kind).toBe('os-keychain');
    await store.set('s3.secretAccessKey', 'top-secret');
    const file = readFileSync(join(d, 'secrets.keychain.json'), 'utf8');
    expect(file).not.toContain('top-secret');
    expect(store.get('s3.secretAccessKey')).toBe('top-secret');

    const otherKeychain = { ...keychain(), decryptString: () => { throw new Error('wrong key'); } };
    const reopened = createSecretStore(d, otherKeychain, 'linux', (m) => logs.push(m));
    expect(reopened.get('s3.secretAccessKey')).toBeNull();
    expect(logs.join()).toMatch(/enter it again/);
  });

  it('falls back to the plain 0600 file and says so', () => {
    expect(createSecretStore(dir(), keychain('basic_text'), 'linux', () => undefined).kind).toBe('file');
  });
});
