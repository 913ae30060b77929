// One run of one job: what to kill when it is cancelled, and the errors that end it.
import type { FfmpegRun } from './ffmpeg-process';

/** a failure that will not fix itself by running again */
export class PermanentBackfillError extends Error {
  override name = 'PermanentBackfillError';
  constructor(
    message: string,
    /** 'ffmpeg-missing': the job may run again once the ffmpeg setting changes; 'disk-full': once there is room (Try again) */
    readonly code: 'ffmpeg-missing' | 'disk-full' | 'internal' = 'internal',
  ) {
    super(message);
  }
}

/** what a job that met a full disk says, whether ffmpeg, Node or SQLite met it or the job stopped at the reserve */
export const DISK_FULL_MESSAGE =
  'The disk is full: there was no room for the HD versions, and what was made of them so far was removed. Free some space, then press Try again.';

/** the disk has no room for the job's files: waiting will not help, the user must free space (then Try again) */
export function outOfRoom(): PermanentBackfillError {
  return new PermanentBackfillError(DISK_FULL_MESSAGE, 'disk-full');
}

export class CancelledError extends Error {
  override name = 'CancelledError';
}

export class JobRun {
  cancelled = false;
  /** the app is closing: the job goes back to the queue rather than being cancelled */
  closing = false;
  current: FfmpegRun | null = null;
  /** a recording is capturing: the job's ffmpeg waits (SIGSTOP) so capture keeps both cores */
  held = false;
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly recordingId: string,
    /** 1 for the first run of the job */
    readonly attempt: number,
  ) {}

  check(): void {
    if (this.cancelled) throw new CancelledError('cancelled');
  }

  hold(on: boolean): void {
    this.held = on;
    this.current?.hold(on);
  }

  /** kills the running ffmpeg (if any); the job stops at its next check */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.current?.cancel();
  }
}
