// Where storage secrets live. Electron: encrypted with the OS keychain (safeStorage). Server mode:
// a file readable only by the user (0600), which the UI warns about.
import { promises as fs, existsSync, readFileSync } from 'node:fs';
import { writeFileDurable } from '../files/durable';

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
    this.cache = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
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

  private async save(): Promise<void> {
    await writeFileDurable(this.file, JSON.stringify(this.cache));
    await fs.chmod(this.file, 0o600);
  }
}
