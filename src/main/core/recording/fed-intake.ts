// The publish API's receiving end (Reelay Server): recordings made on another machine arrive here
// file by file, ready-made (the sender renders its playlists and status), in the sender's order.
// Each file is durable in the data folder before it is acknowledged, then goes out through this
// server's upload queue to its storage (the share folder or its bucket) in the order it arrived.
// A file that changes (a playlist, status.json) is kept as a new version each time, so a version
// still waiting in the queue is never overwritten by a newer one naming segments not yet sent.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MethodInput, MethodOutput } from '../../../shared/api';
import { statusSchema } from '../../../shared/published';
import { mayManage, type Principal } from '../accounts/principal';
import { ReelayError, fileError } from '../errors';
import { writeAtDurable, writeFileDurable } from '../files/durable';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import { fedPathProblem, isStatusPath } from './fed-paths';
import { CACHE, cacheControlFor, intakeDir } from './layout';
import type { Lifecycle } from './lifecycle';

/** a published file (the MP4 download of a long recording is the largest) */
const MAX_FED_FILE_BYTES = 64 * 2 ** 30;
const FED_FOLDER = 'fed';

export interface FedIntakeDeps {
  dataDir: string;
  recordings: RecordingsRepo;
  publisher: Publisher;
  lifecycle: Lifecycle;
}

export class FedIntake {
  /** one write at a time per recording: the sender's order is the order files are queued here */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: FedIntakeDeps) {}

  put(who: Principal, input: MethodInput<'publish.put'>): Promise<MethodOutput<'publish.put'>> {
    const rec = this.fedRecording(who, input.shareId);
    const problem = fedPathProblem(input.path);
    if (problem !== null) throw new ReelayError('invalid-input', `Cannot publish "${input.path.slice(0, 100)}": ${problem}.`);
    const end = input.offset + input.data.byteLength;
    if (input.total > MAX_FED_FILE_BYTES) throw new ReelayError('invalid-input', `A published file is at most ${MAX_FED_FILE_BYTES / 2 ** 30} GiB.`);
    if (end > input.total) throw new ReelayError('invalid-input', `This chunk ends at byte ${end}, past the file's ${input.total} bytes.`);
    const previous = this.chains.get(rec.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.write(rec, input, end));
    this.chains.set(rec.id, next);
    void next.finally(() => this.chains.get(rec.id) === next && this.chains.delete(rec.id)).catch(() => undefined);
    return next;
  }

  /** a recording fed from elsewhere that `who` may publish to, or not-found */
  fedRecording(who: Principal, shareId: string): RecordingRow {
    const rec = this.deps.recordings.byShareId(shareId);
    if (!rec || rec.state === 'cancelled' || rec.published_deleted === 1 || !mayManage(who, rec)) {
      throw new ReelayError('not-found', 'No such recording on this server: it was deleted here, or it belongs to another member.');
    }
    if (rec.fed_remotely !== 1) throw new ReelayError('forbidden', 'This recording was made on this server; files cannot be published to it.');
    return rec;
  }

  private async write(rec: RecordingRow, input: MethodInput<'publish.put'>, end: number): Promise<MethodOutput<'publish.put'>> {
    const folder = join(intakeDir(this.deps.dataDir, rec.id), FED_FOLDER);
    const partial = join(folder, `${input.path}.part`);
    try {
      if (input.offset === 0 && end === input.total) {
        await this.publish(rec, input.path, folder, input.data);
        return { durable: true, bytes: end };
      }
      if (input.offset === 0) await fs.rm(partial, { force: true });
      const have = await fs.stat(partial).then((s) => s.size, () => 0);
      if (have !== input.offset) throw new ReelayError('conflict', `Expected the chunk at byte ${have} of ${input.path}, got one at ${input.offset}: send the file again from the start.`);
      await writeAtDurable(partial, input.offset, input.data);
      if (end === input.total) await this.publish(rec, input.path, folder, null, partial);
      return { durable: true, bytes: end };
    } catch (e) {
      throw fileError(e, `${input.path} of this recording`);
    }
  }

  /** the whole file is durable: it gets its final name, is queued for this server's storage, and a status applies */
  private async publish(rec: RecordingRow, path: string, folder: string, data: Uint8Array | null, partial?: string): Promise<void> {
    // files that change get a new name per version (see the header); media never changes
    const versioned = cacheControlFor(path) !== CACHE.immutable;
    const file = join(folder, versioned ? `${path}.${Date.now()}-${randomBytes(4).toString('hex')}` : path);
    if (data !== null) await writeFileDurable(file, data);
    else {
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.rename(partial!, file);
    }
    const bytes = data?.byteLength ?? (await fs.stat(file)).size;
    const now = this.deps.recordings.get(rec.id);
    if (!now || now.published_deleted === 1 || now.state === 'cancelled') return; // removed meanwhile: nothing to publish
    this.deps.publisher.fedFileReceived(now, path, file, bytes);
    if (isStatusPath(path)) {
      const parsed = statusSchema.safeParse(parseJson(data ? Buffer.from(data).toString('utf8') : await fs.readFile(file, 'utf8')));
      if (parsed.success) this.deps.lifecycle.applyFedStatus(rec.id, parsed.data);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
