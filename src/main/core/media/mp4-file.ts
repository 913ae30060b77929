// MP4 facts read from a file on disk, header by header (a download may be gigabytes).
import { promises as fs } from 'node:fs';
import { readBoxHeader } from './mp4';

/** the top-level box types of a file, in order */
export async function topLevelTypesOfFile(path: string): Promise<string[]> {
  const handle = await fs.open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const types: string[] = [];
    const header = new Uint8Array(16);
    let p = 0;
    while (p + 8 <= size) {
      const { bytesRead } = await handle.read(header, 0, 16, p);
      const box = readBoxHeader(header.subarray(0, bytesRead), 0, size, p);
      types.push(box.type);
      p += box.size;
    }
    return types;
  } finally {
    await handle.close();
  }
}
