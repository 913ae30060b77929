// A team's Reelay Server as the storage: every file goes to its publish API, which makes it durable
// before answering. Large files (the MP4 download) go in chunks; a retry starts the file again.
import { open } from 'node:fs/promises';
import type { ReelayServerClient } from './reelay-server-client';
import { StorageError, type PutBody, type PutOptions, type Storage } from './storage';

/** a chunk: under the server's request limit (64 MiB), small enough to show progress on a slow link */
export const CHUNK_BYTES = 8 << 20;

export class ReelayServerStorage implements Storage {
  readonly kind = 'reelay' as const;

  constructor(private readonly client: ReelayServerClient) {}

  /** the link is the one the server allocated at registration; this is only its usual shape */
  linkFor(shareId: string): string {
    return `${this.client.url}/v/${shareId}`;
  }

  async put(key: string, body: PutBody, options: PutOptions): Promise<void> {
    const { shareId, path } = splitKey(key);
    if ('data' in body) {
      await this.client.callBinary('publish.put', { shareId, path, offset: 0, total: body.data.byteLength }, body.data, options.signal);
      options.onProgress?.(body.data.byteLength);
      return;
    }
    const file = await open(body.path, 'r');
    try {
      const { size } = await file.stat();
      let offset = 0;
      do {
        const chunk = new Uint8Array(Math.min(CHUNK_BYTES, size - offset));
        const { bytesRead } = await file.read(chunk, 0, chunk.byteLength, offset);
        if (bytesRead !== chunk.byteLength) throw new StorageError('internal', `${path} changed while it was being sent; it will be sent again.`, true);
        await this.client.callBinary('publish.put', { shareId, path, offset, total: size }, chunk, options.signal);
        offset += chunk.byteLength;
        options.onProgress?.(offset);
      } while (offset < size);
    } finally {
      await file.close();
    }
  }

  /** the server's copy goes, link and all; resolves 1 (one recording), 0 if the server had none */
  async deletePrefix(prefix: string): Promise<number> {
    const { shareId } = splitKey(prefix);
    try {
      await this.client.call('publish.remove', { shareId });
      return 1;
    } catch (e) {
      if (e instanceof StorageError && e.code === 'not-found') return 0;
      throw e;
    }
  }
}

/** "<shareId>/live/seg-00001.m4s" → the share id and the path under the link */
function splitKey(key: string): { shareId: string; path: string } {
  const slash = key.indexOf('/');
  if (slash <= 0) throw new StorageError('storage-config', `Not a recording's file: ${key}`, false);
  return { shareId: key.slice(0, slash), path: key.slice(slash + 1) };
}
