// Counts failures per key (an account, a client address, a link) in a fixed window. Bounded: past
// `maxKeys` the oldest windows are forgotten, so a flood of new keys cannot grow it without end.

export interface RateLimit {
  /** failures allowed in a window */
  max: number;
  windowMs: number;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterSec: number };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** may `key` try now? */
  check(key: string): Verdict {
    const w = this.current(key);
    if (!w || w.count < this.limit.max) return { allowed: true };
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((w.start + this.limit.windowMs - this.now()) / 1000)) };
  }

  fail(key: string): void {
    const w = this.current(key);
    if (w) {
      w.count++;
      return;
    }
    if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(key, { start: this.now(), count: 1 });
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string): { start: number; count: number } | undefined {
    const w = this.windows.get(key);
    if (w && this.now() - w.start >= this.limit.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }
}

/** the stricter of several limiters: the longest wait any of them asks */
export function checkAll(checks: readonly Verdict[]): Verdict {
  let wait = 0;
  for (const c of checks) if (!c.allowed) wait = Math.max(wait, c.retryAfterSec);
  return wait === 0 ? { allowed: true } : { allowed: false, retryAfterSec: wait };
}
