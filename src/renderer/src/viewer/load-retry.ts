// Retrying a load by the viewer's policy (RETRY.viewerLoad): counts the retries since playback last
// worked and runs each one after its backoff. The viewer never gives up on a load (the policy has no
// attempt limit): a link opened before its files are up plays once they are.
import { RETRY, retryDelayMs, type RetryPolicy } from '../../../shared/retry';

export class LoadRetry {
  private made = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly policy: RetryPolicy = RETRY.viewerLoad) {}

  /** retries made since the last reset() */
  get attempts(): number {
    return this.made;
  }

  /** Runs `action` after the next retry's backoff, replacing a retry still waiting. */
  schedule(action: () => void): void {
    this.cancel();
    this.made++;
    this.timer = setTimeout(() => {
      this.timer = null;
      action();
    }, retryDelayMs(this.policy, this.made));
  }

  /** playback works again: the next failure starts from the first delay */
  reset(): void {
    this.made = 0;
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
