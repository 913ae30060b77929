// What an S3-compatible service (or the network on the way to it) said, turned into a StorageError
// whose `retryable` tells the upload queue whether waiting can help. Messages say what to fix and
// never carry the secret: they are built here from the error code and status, not copied wholesale.
import { StorageError } from './storage';

/** the fields of an AWS SDK error (S3ServiceException) or a Node network error that matter here */
interface ErrorFacts {
  name: string;
  /** S3 error code, e.g. NoSuchBucket, or a Node errno code, e.g. ECONNRESET */
  code: string;
  status: number | null;
}

export interface S3ErrorContext {
  /** what we were doing, e.g. "upload rec/abc/live/seg-00001.m4s" */
  action: string;
  bucket: string;
  /** shown in "could not reach …" messages */
  endpoint: string;
  /** scrubbed from every message, in case a provider echoes it */
  secret?: string;
}

const AUTH_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidSecurity',
  'AccountProblem',
  'Unauthorized',
  'UnauthorizedAccess', // Backblaze B2
  'InvalidAccessKey',
]);
const PERMISSION_CODES = new Set(['AccessDenied', 'AllAccessDisabled', 'Forbidden']);
const BUCKET_CODES = new Set(['NoSuchBucket', 'InvalidBucketName']);
const LOCATION_CODES = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException', 'Redirect', 'TemporaryRedirect']);
const RETRYABLE_CODES = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequests',
  'RequestTimeout',
  'OperationAborted',
  'ServiceFailure',
  'BandwidthLimitExceeded',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TLS_CODE = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/;

export function errorFacts(e: unknown): ErrorFacts {
  if (typeof e !== 'object' || e === null) return { name: 'Error', code: '', status: null };
  const o = e as { name?: unknown; code?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown }; cause?: unknown };
  const status = typeof o.$metadata?.httpStatusCode === 'number' ? o.$metadata.httpStatusCode : null;
  const name = typeof o.name === 'string' ? o.name : 'Error';
  let code = typeof o.Code === 'string' ? o.Code : typeof o.code === 'string' ? o.code : '';
  // SDK service errors carry the S3 code as their name; network errors carry errno codes
  if (!code && status !== null) code = name;
  if (!code && o.cause && typeof o.cause === 'object') code = errorFacts(o.cause).code;
  return { name, code, status };
}

function describeStatus(f: ErrorFacts): string {
  const parts = [f.code && f.code !== 'Error' && f.code !== 'Unknown' ? f.code : '', f.status !== null ? `HTTP ${f.status}` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function scrub(message: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return message;
  return message.split(secret).join('[secret]');
}

/** Classifies any failure of an S3 call. */
export function toStorageError(e: unknown, ctx: S3ErrorContext): StorageError {
  if (e instanceof StorageError) return e;
  const f = errorFacts(e);
  const make = (code: StorageError['code'], message: string, retryable: boolean): StorageError =>
    new StorageError(code, scrub(message, ctx.secret), retryable);
  const what = `Could not ${ctx.action}`;

  // a wrong clock does not fix itself, though S3 answers it with 403
  if (f.code === 'RequestTimeTooSkewed') {
    return make('storage-config', `${what}: this computer's clock is too far off for the storage to accept requests. Correct the date and time.`, false);
  }
  if (AUTH_CODES.has(f.code) || f.status === 401) {
    const detail =
      f.code === 'SignatureDoesNotMatch'
        ? 'the secret access key does not match the access key ID'
        : f.code === 'InvalidAccessKeyId' || f.code === 'InvalidAccessKey'
          ? 'the storage does not know this access key ID'
          : 'the storage rejected the credentials';
    return make('storage-auth', `${what}: ${detail}${describeStatus(f)}. Check the access key and secret in Settings → Storage.`, false);
  }
  if (PERMISSION_CODES.has(f.code) || f.status === 403) {
    return make('storage-auth', `${what}: the access key has no permission for this in bucket "${ctx.bucket}"${describeStatus(f)}. Allow it to put, get, list and delete objects.`, false);
  }
  if (BUCKET_CODES.has(f.code)) {
    return make('storage-config', `${what}: there is no bucket "${ctx.bucket}" at ${ctx.endpoint}${describeStatus(f)}. Check the bucket name (and the endpoint or region).`, false);
  }
  if (LOCATION_CODES.has(f.code) || f.status === 301 || f.status === 307) {
    return make('storage-config', `${what}: bucket "${ctx.bucket}" lives in another region or endpoint${describeStatus(f)}. Check the region and endpoint.`, false);
  }
  if (f.code === 'NoSuchKey' || f.code === 'NotFound' || (f.status === 404 && !f.code)) {
    return make('not-found', `${what}: no such object${describeStatus(f)}.`, false);
  }
  if (f.name === 'AbortError') return make('storage-unreachable', `${what}: cancelled.`, true);
  if (f.name === 'TimeoutError' || f.code === 'TimeoutError') {
    return make('storage-unreachable', `${what}: ${ctx.endpoint} stopped answering (timed out). Reelay retries by itself.`, true);
  }
  if (NETWORK_CODES.has(f.code)) {
    const why =
      f.code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : f.code === 'ENOTFOUND' || f.code === 'EAI_AGAIN'
          ? 'its host name could not be resolved'
          : f.code === 'ECONNRESET' || f.code === 'EPIPE' || f.code === 'ERR_STREAM_PREMATURE_CLOSE'
            ? 'the connection was reset'
            : 'the network is unavailable';
    return make('storage-unreachable', `${what}: could not reach ${ctx.endpoint} (${why}, ${f.code}). Reelay retries by itself.`, true);
  }
  if (TLS_CODE.test(f.code)) {
    return make('storage-config', `${what}: the TLS certificate of ${ctx.endpoint} is not trusted (${f.code}). Check the endpoint URL.`, false);
  }
  if (RETRYABLE_CODES.has(f.code) || f.status === 429 || f.status === 408 || (f.status !== null && f.status >= 500)) {
    return make('storage-unreachable', `${what}: the storage is busy or failing${describeStatus(f)}. Reelay retries by itself.`, true);
  }
  if (f.status !== null && f.status >= 400) {
    // any other 4xx says the request itself is wrong: sending it again will not change the answer
    return make('storage-config', `${what}: the storage refused the request${describeStatus(f)}. Check the storage settings.`, false);
  }
  // no HTTP answer and no known network code: most likely the network; keep trying
  return make('storage-unreachable', `${what}: ${ctx.endpoint} did not answer properly${describeStatus(f)}. Reelay retries by itself.`, true);
}
