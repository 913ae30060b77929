// What the recorder needs from the window it runs in; main.tsx provides it.
import type { RecorderStats } from '../../capture/recorder-stats';

export interface RecorderEnvironment {
  /** makes a new recording's figures readable (window.__reelayStats) */
  publishStats(stats: RecorderStats): void;
  copyToClipboard(text: string): Promise<void>;
  /** epoch milliseconds */
  now(): number;
}
