// Writing files so that once a call resolves, the bytes survive a crash or power loss: the data is
// fsynced, and so is every directory entry that leads to it (a new file's in its folder, a new
// folder's in its parent), or the file may be gone after a power cut even though its bytes were synced.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, promises as fs } from 'node:fs';
import { isNodeError } from '../errors';
import type { FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** folder creations under way (mkdir, then the fsync of each new folder's parent) */
const making = new Set<Promise<void>>();

/**
 * `mkdir -p` whose result survives a power cut: the parent of every folder it created is fsynced
 * (mkdir returns the first folder it made; the ones below it, down to `dir`, are new too). A folder
 * on the way may have just been made by a concurrent call that has not synced it yet, so this also
 * waits for every creation that overlapped its own mkdir.
 */
async function makeDirDurable(dir: string, mode?: number): Promise<void> {
  const target = resolve(dir);
  const mkdir = fs.mkdir(target, { recursive: true, mode });
  const mine = mkdir.then(async (first) => {
    if (first === undefined) return;
    const top = resolve(first);
    // deepest first: `target`'s entry in its parent, ..., `top`'s entry in its parent
    for (let d = target; ; d = dirname(d)) {
      await fsyncDir(dirname(d));
      if (d === top || dirname(d) === d) break;
    }
  });
  mine.catch(() => undefined); // its failure is ours to throw (below), or an overlapping call's to ignore
  making.add(mine);
  try {
    await mkdir;
    // anything that started before our mkdir returned may have made a folder we found there
    const overlapping = [...making].filter((p) => p !== mine);
    await mine;
    await Promise.allSettled(overlapping);
  } finally {
    making.delete(mine);
  }
}

export interface DurableWriteOptions {
  /** the file's mode from its first byte (the temp file is created with it, exclusively) */
  mode?: number;
  /** the mode of folders created on the way */
  dirMode?: number;
}

/**
 * Write to a new temp file (created exclusively, with `mode`, so no older file of that name and no
 * umask loosens it), fsync, rename over the target, fsync the folder (and the parents of any folder
 * made on the way).
 */
export async function writeFileDurable(path: string, data: Uint8Array | string, options: DurableWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await makeDirDurable(dir, options.dirMode);
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', options.mode ?? 0o666);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await removeQuietly(tmp);
    throw e;
  }
  try {
    await handle.close();
    await fs.rename(tmp, path);
  } catch (e) {
    await removeQuietly(tmp);
    throw e;
  }
  await fsyncDir(dir);
}

/** a temp file that must not outlive a failed write (a full disk needs the room); its own failure must not hide the write's */
async function removeQuietly(path: string): Promise<void> {
  await fs.rm(path, { force: true }).catch(() => undefined);
}

/** write `data` at `offset` of an existing or new file and fsync it (appending master chunks); a new file's folder is fsynced too */
export async function writeAtDurable(path: string, offset: number, data: Uint8Array): Promise<void> {
  await makeDirDurable(dirname(path));
  const { handle, created } = await openForWriting(path);
  try {
    let written = 0;
    while (written < data.byteLength) {
      const { bytesWritten } = await handle.write(data, written, data.byteLength - written, offset + written);
      written += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await fsyncDir(dirname(path));
}

/** the file opened for positional writes, and whether this call created it */
async function openForWriting(path: string): Promise<{ handle: FileHandle; created: boolean }> {
  try {
    return { handle: await fs.open(path, 'r+'), created: false };
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  try {
    return { handle: await fs.open(path, 'wx'), created: true };
  } catch (e) {
    if (errorCode(e) !== 'EEXIST') throw e;
    return { handle: await fs.open(path, 'r+'), created: false }; // a concurrent call made it first
  }
}

function errorCode(e: unknown): string | undefined {
  return e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
}

// Synchronous twins, for recovery at start (it runs before anything else touches the files).

/** truncates `path` to `bytes` if it is longer (never extends it), durably; a missing file is left missing */
export function truncateDurableSync(path: string, bytes: number): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if (isNodeError(e) && e.code === 'ENOENT') return;
    throw e;
  }
  try {
    if (fstatSync(fd).size > bytes) {
      ftruncateSync(fd, bytes);
      fsyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
}

export function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
