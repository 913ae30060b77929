// File chores of the backfill: make outputs durable before they are published, move them where the
// upload queue will find them, concatenate fMP4 pieces.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';

export async function fsyncPath(path: string): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** a folder's entries survive a crash once it is synced; Windows cannot open folders for that */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  await fsyncPath(dir);
}

/** fsync every file in a folder (one level), then the folder */
export async function fsyncFolder(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) await fsyncPath(join(dir, entry.name));
  }
  await fsyncDir(dir);
}

/** replaces `to` (file or folder) with `from`, durably */
export async function moveInto(from: string, to: string): Promise<void> {
  await fs.rm(to, { recursive: true, force: true });
  await fs.mkdir(dirname(to), { recursive: true });
  await fs.rename(from, to);
  await fsyncDir(dirname(to));
}

/** one file from several (fMP4 pieces are a few MB each: read whole) */
export async function concatFiles(parts: readonly string[], output: string): Promise<void> {
  const out = await fs.open(output, 'w');
  try {
    for (const part of parts) await out.write(await fs.readFile(part));
  } finally {
    await out.close();
  }
}
