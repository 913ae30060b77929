// One Reelay per data folder. The desktop app and server mode may default to the same folder; two
// of them on it would both run its upload queue and backfill, and recover each other's live
// recordings as "interrupted". The lock is SQLite's own exclusive file lock on a small file, held
// for the life of the connection: the OS drops it when the process dies, so a crash never leaves a
// stale lock behind and a reused process id cannot fake one.
import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

export interface DataFolderLock {
  release(): void;
}

interface Holder {
  pid: number;
  shell: string;
  since: string;
}

export function lockDataFolder(dataDir: string, shell: string, nativeBinding?: string): DataFolderLock {
  const file = join(dataDir, 'reelay.lock');
  const holderFile = join(dataDir, 'reelay.lock.json');
  const db = new BetterSqlite3(file, { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // the first write takes the exclusive lock; EXCLUSIVE mode keeps it until the connection closes
    db.exec('CREATE TABLE IF NOT EXISTS lock (id INTEGER PRIMARY KEY)');
    db.exec('BEGIN EXCLUSIVE; DELETE FROM lock; COMMIT');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    throw new DataFolderInUseError(`Another Reelay ${describe(readHolder(holderFile))}is using the data folder ${dataDir}. Quit it first, or give this one another folder (--data-dir).`);
  }
  const holder: Holder = { pid: process.pid, shell, since: new Date().toISOString() };
  writeFileSync(holderFile, JSON.stringify(holder)); // only to name the holder in the error above
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.shell === 'string' && typeof h.since === 'string' ? (h as Holder) : null;
  } catch {
    return null;
  }
}

function describe(h: Holder | null): string {
  if (!h) return '';
  const what = h.shell === 'electron' ? 'desktop app' : h.shell === 'server' ? 'server' : h.shell;
  return `(${what}, process ${h.pid}, since ${h.since}) `;
}
