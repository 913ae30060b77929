// How many bytes files under some folders take, each file once: a recording's published copy on this
// computer hard-links its intake files, and a file counted twice would double the library's total.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isNodeError } from '../errors';

export async function diskUsage(folders: readonly string[]): Promise<number> {
  const seen = new Set<string>();
  let bytes = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (isNodeError(e) && e.code === 'ENOENT') return; // never made, or deleted meanwhile
      throw e;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) {
        const st = await fs.stat(path).catch(() => null);
        if (!st) continue;
        const id = `${st.dev}:${st.ino}`;
        if (seen.has(id)) continue;
        seen.add(id);
        bytes += st.size;
      }
    }
  };
  for (const f of folders) await walk(f);
  return bytes;
}
