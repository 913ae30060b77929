// Writing files so that once a call resolves, the bytes survive a crash or power loss.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
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
 * umask loosens it), fsync, rename over the target, fsync the folder.
 */
export async function writeFileDurable(path: string, data: Uint8Array | string, options: DurableWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true, mode: options.dirMode });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', options.mode ?? 0o666);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

/** write `data` at `offset` of an existing or new file and fsync it (appending master chunks) */
export async function writeAtDurable(path: string, offset: number, data: Uint8Array): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const handle = await fs.open(path, 'a+').then(async (h) => {
    await h.close();
    return fs.open(path, 'r+');
  });
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
}
