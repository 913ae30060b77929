// The data folder holds the library, every recording and (server mode) the secrets file: the core
// creates it, and its share/ and recordings/ folders, readable by this user only (0700).
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '.';
import { tempDir } from './testing/test-server';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('the data folder', () => {
  it('is created 0700, with its share/ and recordings/ folders, whatever the umask lets through', async () => {
    const dataDir = join(tempDir('reelay-mode-'), 'nested', 'Reelay');
    const previous = process.umask(0o002); // a permissive umask: the folders must not follow it
    const core = await createCore({ dataDir, shell: 'server', version: 'test', shareBaseUrl: 'http://127.0.0.1:1' }).finally(() => process.umask(previous));
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, 'share'))).toBe(0o700);
      expect(modeOf(join(dataDir, 'recordings'))).toBe(0o700);
    } finally {
      await core.close();
    }
  });
});
