import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretStore, hasOsKeychain } from './secrets';
import { startTestServer } from '../core/testing/test-server';
import type { PublicSettings } from '../../shared/settings';

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

  it('falls back to the plain 0600 file and says so', async () => {
    const d = dir();
    const logs: string[] = [];
    const store = createSecretStore(d, keychain('basic_text'), 'linux', (m) => logs.push(m));
    expect(store.kind).toBe('file');
    await store.set('s3.secretAccessKey', 'top-secret');
    // the plain file: the secret itself, readable by this user only
    const file = join(d, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('top-secret');
    expect(existsSync(join(d, 'secrets.keychain.json'))).toBe(false);
    expect(store.get('s3.secretAccessKey')).toBe('top-secret');
    // nothing went wrong, so nothing is logged as if it had
    expect(logs).toEqual([]);

    // what the user is told: the settings the page reads say 'file' (Settings → Storage then warns
    // that secrets are in a file only this account can read), and never carry the secret
    const server = await startTestServer({ dataDir: dir(), core: { secretStore: store } });
    try {
      const res = await server.call('settings.get', {});
      expect(res.status).toBe(200);
      expect(res.ok && (res.value as PublicSettings).secretStore).toBe('file');
      expect(JSON.stringify(res)).not.toContain('top-secret');
    } finally {
      await server.close();
    }
  });

  it('keeps the keychain file private too (0600)', async () => {
    const d = dir();
    const store = createSecretStore(d, keychain(), 'linux', () => undefined);
    await store.set('s3.secretAccessKey', 'top-secret');
    expect(statSync(join(d, 'secrets.keychain.json')).mode & 0o777).toBe(0o600);
  });
});
