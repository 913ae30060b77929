// Going: the capture send policy is RETRY.captureSend in shared/retry.ts, with retryDelayMs and
// shouldRetry beside it. Only RecorderPage.tsx and send-queue.test.ts (other owners' files) still import
// from here; once they import from shared/retry.ts, delete this file.
import { RETRY } from '../../../shared/retry';

export type { RetryPolicy } from '../../../shared/retry';

/** @deprecated RETRY.captureSend */
export const SEND_RETRY_POLICY = RETRY.captureSend;
