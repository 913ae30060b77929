// The files being uploaded for import: each is written straight to the data folder's disk as its
// chunks arrive (write at its offset, fsync), never held whole in memory, and bounded by the size the
// upload declared. An upload belongs to whoever began it. A chunk the disk cannot take ends the upload
// and removes its file (a half-uploaded video is of no use and takes room): the user frees space and
// imports again. Uploads that stop (a closed tab) are removed after a while, and at every start.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MAX_IMPORT_BYTES } from '../../../shared/import';
import { ReelayError, fileError, isDiskFull } from '../errors';
import { writeAtDurable } from '../files/durable';
import { diskRoom, megabytes, type DiskRoom } from '../files/disk-room';

export interface UploadsDeps {
  /** the folder uploads are written to (on the data folder's disk, so a finished one moves by rename) */
  dir: string;
  now: () => number;
  /** the room on that disk; by default asked of the OS */
  diskRoom?: (dir: string) => Promise<DiskRoom | null>;
  /** an upload that receives nothing this long is removed (default 1 hour) */
  idleMs?: number;
}

/** an upload, received whole: the caller now owns its file */
export interface ReceivedFile {
  path: string;
  name: string;
  bytes: number;
}

interface Upload {
  id: string;
  /** who began it: only they may send to it, finish or cancel it */
  owner: string;
  name: string;
  bytes: number;
  received: number;
  path: string;
  lastAt: number;
  /** chunks are written one at a time */
  writing: Promise<unknown>;
}

const DEFAULT_IDLE_MS = 60 * 60 * 1000;

export class ImportUploads {
  private readonly uploads = new Map<string, Upload>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly deps: UploadsDeps) {}

  /** removes what uploads a previous run left and starts removing idle ones */
  async start(): Promise<void> {
    await fs.rm(this.deps.dir, { recursive: true, force: true }).catch(() => undefined);
    await fs.mkdir(this.deps.dir, { recursive: true, mode: 0o700 });
    const idle = this.deps.idleMs ?? DEFAULT_IDLE_MS;
    this.sweeper = setInterval(() => void this.sweep(idle), Math.min(idle, 60_000));
    this.sweeper.unref();
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.uploads.keys()].map((id) => this.drop(id)));
  }

  async begin(owner: string, name: string, bytes: number): Promise<{ importId: string }> {
    if (bytes > MAX_IMPORT_BYTES) throw new ReelayError('invalid-input', `"${name}" is ${megabytes(bytes)}; an import takes at most ${megabytes(MAX_IMPORT_BYTES)}.`);
    await this.ensureRoom(bytes, name);
    const id = randomBytes(16).toString('base64url');
    const path = join(this.deps.dir, `${id}.upload`);
    await fs.writeFile(path, new Uint8Array(0), { mode: 0o600 }).catch((e: unknown) => {
      throw fileError(e, `the video "${name}"`);
    });
    this.uploads.set(id, { id, owner, name, bytes, received: 0, path, lastAt: this.deps.now(), writing: Promise.resolve() });
    return { importId: id };
  }

  /** writes a chunk at `offset`; a chunk sent again (a retry) is taken as received */
  async putChunk(owner: string, id: string, offset: number, data: Uint8Array): Promise<{ bytesReceived: number }> {
    const upload = this.require(owner, id);
    const next = upload.writing.then(() => this.write(upload, offset, data));
    upload.writing = next.catch(() => undefined);
    return next;
  }

  progress(owner: string, id: string): { bytesReceived: number; bytes: number } | null {
    const upload = this.uploads.get(id);
    return upload && upload.owner === owner ? { bytesReceived: upload.received, bytes: upload.bytes } : null;
  }

  /** the whole file, handed over (its upload ends); refused while bytes are missing */
  async take(owner: string, id: string): Promise<ReceivedFile> {
    const upload = this.require(owner, id);
    await upload.writing;
    if (upload.received !== upload.bytes) {
      throw new ReelayError('invalid-state', `"${upload.name}" is not uploaded yet: ${megabytes(upload.received)} of ${megabytes(upload.bytes)} arrived. Send the rest first.`);
    }
    this.uploads.delete(id);
    return { path: upload.path, name: upload.name, bytes: upload.bytes };
  }

  async cancel(owner: string, id: string): Promise<void> {
    this.require(owner, id);
    await this.drop(id);
  }

  private async write(upload: Upload, offset: number, data: Uint8Array): Promise<{ bytesReceived: number }> {
    if (!this.uploads.has(upload.id)) throw gone();
    if (offset + data.byteLength <= upload.received) return { bytesReceived: upload.received }; // a retry of one received
    if (offset !== upload.received) {
      throw new ReelayError('invalid-state', `This part of "${upload.name}" starts at byte ${offset}, but ${upload.received} bytes have arrived; send the parts in order.`, true);
    }
    if (offset + data.byteLength > upload.bytes) {
      throw new ReelayError('invalid-input', `"${upload.name}" was announced as ${upload.bytes} bytes; this part would make it ${offset + data.byteLength}.`);
    }
    try {
      await this.ensureRoom(data.byteLength, upload.name);
      await writeAtDurable(upload.path, offset, data);
    } catch (e) {
      const error = isDiskFull(e) ? outOfRoom(upload.name, '') : fileError(e, `the video "${upload.name}"`);
      // a full disk ends the upload: what arrived is removed, for the room
      if (error.code === 'disk-full') await this.drop(upload.id);
      throw error;
    }
    upload.received = offset + data.byteLength;
    upload.lastAt = this.deps.now();
    return { bytesReceived: upload.received };
  }

  /** refuses an upload the disk cannot take while keeping its reserve (disk-room.ts) */
  private async ensureRoom(bytes: number, name: string): Promise<void> {
    const room = await (this.deps.diskRoom ?? diskRoom)(this.deps.dir);
    if (!room || room.free - bytes >= room.reserve) return;
    throw outOfRoom(name, ` (${megabytes(room.free)} free, of which Reelay keeps ${megabytes(room.reserve)} for its library)`);
  }

  private require(owner: string, id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload || upload.owner !== owner) throw gone();
    return upload;
  }

  private async drop(id: string): Promise<void> {
    const upload = this.uploads.get(id);
    if (!upload) return;
    this.uploads.delete(id);
    await fs.rm(upload.path, { force: true }).catch(() => undefined);
  }

  private async sweep(idleMs: number): Promise<void> {
    const now = this.deps.now();
    for (const upload of [...this.uploads.values()]) if (now - upload.lastAt > idleMs) await this.drop(upload.id);
  }
}

function outOfRoom(name: string, detail: string): ReelayError {
  return new ReelayError('disk-full', `The disk is full${detail}: the video "${name}" was not imported, and what had arrived of it was removed. Free some space, then import it again.`, true);
}

function gone(): ReelayError {
  return new ReelayError('not-found', 'No such upload: it was finished, cancelled, or stopped receiving for too long. Import the file again.');
}
