// Where storage secrets live. Electron: encrypted with the OS keychain (safeStorage). Server mode:
// a file readable only by the user (0600), which the UI warns about.
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFileDurable } from '../files/durable';

/** only the user: the file is private from its first byte, whatever the umask */
const PRIVATE_FILE = 0o600;
/** a folder the store creates for itself */
const PRIVATE_DIR = 0o700;

export interface SecretStore {
  readonly kind: 'os-keychain' | 'file';
  get(name: string): string | null;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Secrets in a JSON file with mode 0600. `encrypt`/`decrypt` wrap values (safeStorage in Electron). */
export class FileSecretStore implements SecretStore {
  private cache: Record<string, string>;

  constructor(
    private readonly file: string,
    readonly kind: 'os-keychain' | 'file' = 'file',
    private readonly codec: { encrypt(s: string): string; decrypt(s: string): string } = { encrypt: (s) => s, decrypt: (s) => s },
  ) {
    this.cache = {};
    if (existsSync(file)) {
      // a file an older version left readable by others (it chmod'ed after the rename) is closed now
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE);
      this.cache = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    }
  }

  get(name: string): string | null {
    const v = this.cache[name];
    return v === undefined ? null : this.codec.decrypt(v);
  }

  async set(name: string, value: string): Promise<void> {
    this.cache = { ...this.cache, [name]: this.codec.encrypt(value) };
    await this.save();
  }

  async delete(name: string): Promise<void> {
    const { [name]: _gone, ...rest } = this.cache;
    this.cache = rest;
    await this.save();
  }

  /**
   * Durable and private at every moment: a new temp file created 0600 (exclusively, so an existing
   * file of that name, with its looser mode, is never reused), written, fsynced, renamed over the
   * secrets file, then the folder fsynced. The mode is set at creation, not by a chmod afterwards.
   */
  private async save(): Promise<void> {
    await writeFileDurable(this.file, JSON.stringify(this.cache), { mode: PRIVATE_FILE, dirMode: PRIVATE_DIR });
  }
}
