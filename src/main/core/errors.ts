// The named error the core throws, and the conversion to the ApiError that crosses boundaries.
import type { ApiError, ErrorCode } from '../../shared/api';
import { StorageError } from './storage/storage';

export class ReelayError extends Error {
  override name = 'ReelayError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isNodeError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/**
 * A write the disk (or the library's database on it) refused for want of space: ENOSPC, EDQUOT (a
 * quota), SQLITE_FULL (better-sqlite3's SqliteError carries SQLite's code the same way).
 */
export function isDiskFull(e: unknown): boolean {
  return isNodeError(e) && (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'SQLITE_FULL');
}

/**
 * 'disk-full', saying what was not saved and what to do. Retryable: once space is freed the same call
 * succeeds, and what was saved before is untouched. `detail`: the figures behind it, if known.
 */
export function diskFullError(what: string, detail = '', cause?: unknown): ReelayError {
  const why = detail ? `The disk is full (${detail})` : 'The disk is full';
  return new ReelayError('disk-full', `${why}: ${what} was not saved. Free some space, then send it again; everything saved before it is kept.`, true, { cause });
}

/** Turns a local file-system (or database) failure into a ReelayError saying what to do. */
export function fileError(e: unknown, what: string): ReelayError {
  if (e instanceof ReelayError) return e;
  if (isDiskFull(e)) return diskFullError(what, '', e);
  if (isNodeError(e) && (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS')) {
    return new ReelayError('internal', `Reelay may not write ${what} (${e.code}). Check the data folder's permissions.`, true, { cause: e });
  }
  return new ReelayError('internal', `Could not save ${what}: ${e instanceof Error ? e.message : String(e)}`, true, { cause: e });
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ReelayError) return { code: e.code, message: e.message, retryable: e.retryable };
  if (e instanceof StorageError) {
    const code = e.code === 'not-found' ? 'not-found' : e.code;
    return { code, message: e.message, retryable: e.retryable };
  }
  // any other change the full disk refused (a Pause, a rename: the database could not grow)
  if (isDiskFull(e)) return { code: 'disk-full', message: 'The disk is full, so Reelay could not save this change. Free some space, then try again; everything saved before is kept.', retryable: true };
  return { code: 'internal', message: 'Something went wrong inside Reelay. Try again; if it keeps happening, restart the app.', retryable: true };
}
