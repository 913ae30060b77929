// The data-folder lock across real processes: a second Reelay on the same folder is refused with a
// message naming the first; a killed holder leaves no stale lock.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataFolder, DataFolderInUseError } from './data-folder-lock';
import { createCore } from '..';

const root = mkdtempSync(join(tmpdir(), 'reelay-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** a child process that takes the lock, says so, and then holds it until killed */
function holdInChild(dataDir: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(join(dataDir, 'reelay.lock'))}, { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS lock (id INTEGER PRIMARY KEY)');
    db.exec('BEGIN EXCLUSIVE; DELETE FROM lock; COMMIT');
    require('fs').writeFileSync(${JSON.stringify(join(dataDir, 'reelay.lock.json'))}, JSON.stringify({ pid: process.pid, shell: 'server', since: '2026-11-22T00:00:00.000Z' }));
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', () => resolve({ pid: child.pid!, kill: async () => void (child.kill('SIGKILL'), await exited) }));
  });
}

describe('one Reelay per data folder', () => {
  it('refuses a second core on a folder another process holds, naming it, and takes over once that process died', async () => {
    const dataDir = join(root, 'a');
    mkdirSync(dataDir);
    const holder = await holdInChild(dataDir);
    await expect(createCore({ dataDir, shell: 'electron', version: 't', shareBaseUrl: 'http://127.0.0.1:1' })).rejects.toThrow(
      new RegExp(`^Another Reelay \\(server, process ${holder.pid}, since 2026-11-22T00:00:00.000Z\\) is using the data folder .*a\\. Quit it first`),
    );
    // SIGKILL: no chance to clean up, yet the lock is gone with the process
    await holder.kill();
    const core = await createCore({ dataDir, shell: 'electron', version: 't', shareBaseUrl: 'http://127.0.0.1:1' });
    expect(core.recordings.list()).toEqual([]);
    await core.close();
  });

  it('refuses a second holder in the same process, and lets it in after release', () => {
    const dataDir = join(root, 'b');
    mkdirSync(dataDir);
    const first = lockDataFolder(dataDir, 'server');
    expect(() => lockDataFolder(dataDir, 'electron')).toThrow(DataFolderInUseError);
    first.release();
    first.release(); // idempotent
    lockDataFolder(dataDir, 'electron').release();
  });
});
