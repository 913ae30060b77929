// A recording's captions: checked (shared/captions.ts), kept in the library, published as the
// master playlist's subtitles rendition by the Publisher.
import type { Database } from 'better-sqlite3';
import { CAPTIONS, checkVtt, type CaptionsInfo } from '../../../shared/captions';
import { ReelayError } from '../errors';
import type { CaptionsRepo, CaptionsRow } from '../library/captions-repo';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import { finishedLength } from './finished';

export interface CaptionsServiceOptions {
  db: Database;
  repo: CaptionsRepo;
  recordings: RecordingsRepo;
  publisher: Publisher;
  now: () => number;
}

export interface NewCaptions {
  data: Uint8Array;
  label?: string | undefined;
  language?: string | undefined;
}

const infoOf = (row: CaptionsRow): CaptionsInfo => ({ label: row.label, language: row.language, cues: row.cues, bytes: row.bytes, updatedAt: row.updated_at });

export class CaptionsService {
  constructor(private readonly o: CaptionsServiceOptions) {}

  info(rec: RecordingRow): CaptionsInfo | null {
    const row = this.o.repo.get(rec.id);
    return row ? infoOf(row) : null;
  }

  /** adds or replaces the captions; a file that is not good WebVTT for this recording is refused, saying why */
  set(rec: RecordingRow, input: NewCaptions): CaptionsInfo {
    const length = finishedLength(rec, this.o.recordings, 'captions');
    const checked = checkVtt(input.data, length);
    if (!checked.ok) throw new ReelayError('invalid-input', checked.message);
    // kept and queued for publishing together: a crash between the two cannot leave captions that never go out
    this.o.db.transaction(() => {
      this.o.repo.put({
        recording_id: rec.id,
        vtt: checked.text,
        label: input.label?.trim() || CAPTIONS.defaultLabel,
        language: input.language ?? null,
        cues: checked.cues,
        bytes: input.data.byteLength,
        updated_at: this.o.now(),
      });
      this.o.publisher.captionsChanged(rec);
    })();
    return this.info(rec)!;
  }

  remove(rec: RecordingRow): null {
    this.o.db.transaction(() => {
      if (this.o.repo.remove(rec.id)) this.o.publisher.captionsChanged(rec);
    })();
    return null;
  }
}
