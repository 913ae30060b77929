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

/** Turns a local file-system failure into a ReelayError saying what to do. */
export function fileError(e: unknown, what: string): ReelayError {
  if (isNodeError(e) && (e.code === 'ENOSPC' || e.code === 'EDQUOT')) {
    return new ReelayError('disk-full', `The disk is full while saving ${what}. Free some space; Reelay keeps what it has and retries.`, true, { cause: e });
  }
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
  return { code: 'internal', message: 'Something went wrong inside Reelay. Try again; if it keeps happening, restart the app.', retryable: true };
}
