// The secrets file in server mode (and the desktop app without a keychain) holds the storage secret
// in plain text: nobody but the user may read it, not even for the moment a save takes.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FileSecretStore } from './secret-store';

const dir = (): string => mkdtempSync(join(tmpdir(), 'reelay-secret-store-'));
const modeOf = (path: string): number => statSync(path).mode & 0o777;

/**
 * Watches a folder from another thread, as fast as it can, until stopped: every file it ever sees
 * with its mode. A file that is group- or other-readable for any moment is likely to be seen.
 */
async function watchModes(folder: string): Promise<{ stop(): Promise<{ scans: number; seen: Record<string, number[]> }> }> {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const { readdirSync, lstatSync } = require('node:fs');
    const { join } = require('node:path');
    const flag = workerData.stopFlag;
    const seen = {};
    let scans = 0;
    while (Atomics.load(flag, 0) === 0) {
      scans++;
      let names = [];
      try { names = readdirSync(workerData.folder); } catch { continue; }
      for (const name of names) {
        let mode;
        try { mode = lstatSync(join(workerData.folder, name)).mode & 0o777; } catch { continue; }
        const modes = (seen[name] ??= []);
        if (!modes.includes(mode)) modes.push(mode);
      }
      if (scans === 1) parentPort.postMessage('watching');
    }
    parentPort.postMessage({ scans, seen });
    `,
    { eval: true, workerData: { folder, stopFlag } },
  );
  const result = new Promise<{ scans: number; seen: Record<string, number[]> }>((resolve, reject) => {
    worker.on('message', (m: unknown) => {
      if (m !== 'watching') resolve(m as { scans: number; seen: Record<string, number[]> });
    });
    worker.once('error', reject);
  });
  // the first scan is done: every save from now on happens under its eyes
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: unknown) => m === 'watching' && resolve());
    worker.once('error', reject);
  });
  return {
    async stop() {
      Atomics.store(stopFlag, 0, 1);
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

/** files seen with any group/other permission bit, as "name: mode" */
function exposed(seen: Record<string, number[]>): string[] {
  return Object.entries(seen).flatMap(([name, modes]) => modes.filter((m) => (m & 0o077) !== 0).map((m) => `${name}: 0${m.toString(8)}`));
}

const originalUmask = process.umask();
afterEach(() => {
  process.umask(originalUmask);
});

describe('FileSecretStore', () => {
  for (const umask of [0o022, 0o000]) {
    it(`never lets a secrets file be readable by others, at any moment of a save (umask 0${umask.toString(8).padStart(3, '0')})`, async () => {
      process.umask(umask);
      const d = dir();
      const file = join(d, 'secrets.json');
      const store = new FileSecretStore(file);
      const watcher = await watchModes(d);
      for (let i = 0; i < 40; i++) {
        await store.set('s3.secretAccessKey', `secret-${i}`);
        if (i % 4 === 3) await store.delete('s3.secretAccessKey');
      }
      const { scans, seen } = await watcher.stop();
      // the watcher really watched the saves: it kept scanning, and saw the file
      expect(scans).toBeGreaterThan(1);
      expect(Object.keys(seen)).toContain('secrets.json');
      expect(exposed(seen)).toEqual([]);
      expect(modeOf(file)).toBe(0o600);
      // no temp file is left behind
      expect(readdirSync(d)).toEqual(['secrets.json']);
    });
  }

  it('keeps what was saved across a restart, and forgets what was deleted', async () => {
    const d = dir();
    const file = join(d, 'secrets.json');
    const store = new FileSecretStore(file);
    await store.set('s3.secretAccessKey', 'top-secret');
    await store.set('other', 'x');
    await store.delete('other');
    const reopened = new FileSecretStore(file);
    expect(reopened.get('s3.secretAccessKey')).toBe('top-secret');
    expect(reopened.get('other')).toBeNull();
    expect(modeOf(file)).toBe(0o600);
  });

  it('makes a secrets file an older version left readable by others private as soon as it opens it', () => {
    const d = dir();
    const file = join(d, 'secrets.json');
    writeFileSync(file, JSON.stringify({ 's3.secretAccessKey': 'old-secret' }), { mode: 0o644 });
    expect(modeOf(file)).toBe(0o644);
    const store = new FileSecretStore(file);
    expect(modeOf(file)).toBe(0o600);
    expect(store.get('s3.secretAccessKey')).toBe('old-secret');
  });

  it('creates a missing secrets folder private (0700)', async () => {
    process.umask(0o022);
    const folder = join(dir(), 'data');
    const store = new FileSecretStore(join(folder, 'secrets.json'));
    await store.set('s3.secretAccessKey', 'top-secret');
    expect(modeOf(folder)).toBe(0o700);
    expect(modeOf(join(folder, 'secrets.json'))).toBe(0o600);
    expect(readFileSync(join(folder, 'secrets.json'), 'utf8')).toContain('top-secret');
    expect(existsSync(join(folder, 'secrets.json'))).toBe(true);
  });
});
