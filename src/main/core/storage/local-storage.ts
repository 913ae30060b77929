// The embedded default: published files live in a folder on this machine and the share server
// serves them. Publishing a durable intake file is a hard link (no copy), replaced atomically.
import { promises as fs } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StorageError, type PutBody, type PutOptions, type Storage } from './storage';
import { writeFileDurable } from '../files/durable';
import { isNodeError } from '../errors';

export class LocalStorage implements Storage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(
    root: string,
    private readonly baseUrl: string,
  ) {
    this.root = resolve(root);
  }

  linkFor(shareId: string): string {
    return `${this.baseUrl}/v/${shareId}`;
  }

  /** the file behind a key, or null when the key would leave the root */
  pathFor(key: string): string | null {
    if (key.length === 0 || key.includes('\0') || key.startsWith('/') || key.includes('\\')) return null;
    if (key.split('/').some((part) => part === '..' || part === '.' || part === '')) return null;
    const full = resolve(this.root, key);
    return full.startsWith(this.root + sep) ? full : null;
  }

  async put(key: string, body: PutBody, options: PutOptions): Promise<void> {
    const target = this.pathFor(key);
    if (target === null) throw new StorageError('storage-config', `refusing to write outside the share folder: ${key}`, false);
    try {
      if ('data' in body) {
        await writeFileDurable(target, body.data);
        options.onProgress?.(body.data.byteLength);
        return;
      }
      await fs.mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await fs.link(body.path, tmp);
      } catch (e) {
        // another file system (EXDEV) or no hard links: copy instead
        if (isNodeError(e) && e.code === 'ENOENT') throw e;
        await fs.copyFile(body.path, tmp);
      }
      await fs.rename(tmp, target);
      const { size } = await fs.stat(target);
      options.onProgress?.(size);
    } catch (e) {
      if (isNodeError(e) && e.code === 'ENOENT' && 'path' in body) throw e;
      if (isNodeError(e) && (e.code === 'ENOSPC' || e.code === 'EDQUOT')) {
        throw new StorageError('disk-full', 'The disk is full: free some space and publishing continues by itself.', true, { cause: e });
      }
      throw new StorageError('internal', `Could not publish ${key}: ${e instanceof Error ? e.message : String(e)}`, true, { cause: e });
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const folder = this.pathFor(prefix.replace(/\/+$/, ''));
    if (folder === null) throw new StorageError('storage-config', `refusing to delete outside the share folder: ${prefix}`, false);
    let count = 0;
    const walk = async (dir: string): Promise<void> => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (e.isDirectory()) await walk(join(dir, e.name));
        else count++;
      }
    };
    await walk(folder);
    await fs.rm(folder, { recursive: true, force: true });
    return count;
  }
}
