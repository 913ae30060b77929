// SQL for backfill jobs. No policy here: the worker decides.
import type { Database } from 'better-sqlite3';
import { jsonList } from './statements';
import type { BackfillProgress, BackfillState } from '../../../shared/domain';

export type JobState = Exclude<BackfillState, 'none'>;
export type Product = 'poster' | 'renditions' | 'thumbnails' | 'download';

export interface JobRow {
  recording_id: string;
  state: JobState;
  attempts: number;
  next_attempt_at: number;
  progress: number;
  eta_seconds: number | null;
  error: string | null;
  error_code: 'ffmpeg-missing' | 'disk-full' | 'internal' | null;
  poster_at: number | null;
  renditions_at: number | null;
  thumbnails_at: number | null;
  download_at: number | null;
  summary: string | null;
  created_at: number;
  updated_at: number;
}

/** what the library and the viewer are told of a job */
export function backfillProgressOf(job: JobRow | undefined): BackfillProgress {
  if (!job) return { state: 'none', progress: 0, etaSeconds: null, error: null };
  return { state: job.state, progress: job.state === 'done' ? 1 : job.progress, etaSeconds: job.state === 'running' ? job.eta_seconds : null, error: job.error };
}

export class JobsRepo {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  get(recordingId: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM backfill_jobs WHERE recording_id = ?').get(recordingId) as JobRow | undefined;
  }

  /** get() of many recordings in one query (a library page) */
  getMany(recordingIds: readonly string[]): Map<string, JobRow> {
    const rows = this.db.prepare('SELECT * FROM backfill_jobs WHERE recording_id IN (SELECT value FROM json_each(?))').all(jsonList(recordingIds)) as JobRow[];
    return new Map(rows.map((r) => [r.recording_id, r]));
  }

  /** a new queued job; false when the recording already has one */
  insert(recordingId: string): boolean {
    const now = this.now();
    const info = this.db
      .prepare(`INSERT OR IGNORE INTO backfill_jobs (recording_id, state, created_at, updated_at) VALUES (?, 'queued', ?, ?)`)
      .run(recordingId, now, now);
    return info.changes > 0;
  }

  /** the job to run next: queued, due, oldest first */
  nextDue(excluding: readonly string[]): JobRow | undefined {
    const rows = this.db
      .prepare(`SELECT * FROM backfill_jobs WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?`)
      .all(this.now(), excluding.length + 1) as JobRow[];
    return rows.find((r) => !excluding.includes(r.recording_id));
  }

  /** when the earliest queued job that is not due yet becomes due */
  nextWake(): number | null {
    return (this.db.prepare(`SELECT MIN(next_attempt_at) FROM backfill_jobs WHERE state = 'queued'`).pluck().get() as number | null) ?? null;
  }

  /** jobs a crash or a quit left running go back to the queue */
  requeueInterrupted(): string[] {
    const ids = this.db.prepare(`SELECT recording_id FROM backfill_jobs WHERE state = 'running'`).pluck().all() as string[];
    this.db.prepare(`UPDATE backfill_jobs SET state = 'queued', eta_seconds = NULL, updated_at = ? WHERE state = 'running'`).run(this.now());
    return ids;
  }

  /** stopped recordings that have a master file and no job (a crash between Stop and the enqueue) */
  missingJobs(): string[] {
    return this.db
      .prepare(
        `SELECT r.id FROM recordings r
         WHERE r.state IN ('finishing', 'ready', 'interrupted') AND r.local_deleted = 0 AND r.published_deleted = 0
           AND EXISTS (SELECT 1 FROM master_chunks m WHERE m.recording_id = r.id)
           AND NOT EXISTS (SELECT 1 FROM backfill_jobs j WHERE j.recording_id = r.id)`,
      )
      .pluck()
      .all() as string[];
  }

  failedWith(code: NonNullable<JobRow['error_code']>): string[] {
    return this.db.prepare(`SELECT recording_id FROM backfill_jobs WHERE state = 'failed' AND error_code = ?`).pluck().all(code) as string[];
  }

  update(recordingId: string, fields: Partial<Omit<JobRow, 'recording_id' | 'created_at' | 'updated_at'>>): void {
    const cols = Object.keys(fields);
    if (cols.length === 0) return;
    this.db
      .prepare(`UPDATE backfill_jobs SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at WHERE recording_id = @recording_id`)
      .run({ ...fields, updated_at: this.now(), recording_id: recordingId });
  }

  markDone(recordingId: string, product: Product): void {
    this.db.prepare(`UPDATE backfill_jobs SET ${product}_at = ?, updated_at = ? WHERE recording_id = ?`).run(this.now(), this.now(), recordingId);
  }
}
