// ffmpeg's `-progress pipe:1` output, and the estimate of the time left. Pure.
//
// ffmpeg writes blocks of key=value lines, each closed by `progress=continue` (or `progress=end`):
//   frame=240  fps=62.1  out_time_us=8007000  out_time_ms=8007000  out_time=00:00:08.007000
//   speed=2.07x  progress=continue
// out_time_ms is in microseconds too (a historic misnomer); older builds lack out_time_us.

export interface ProgressBlock {
  /** media time written so far, seconds; null before the first frame (ffmpeg prints N/A) */
  outTimeSec: number | null;
  frame: number | null;
  /** × realtime as ffmpeg measured it */
  speed: number | null;
  ended: boolean;
}

function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : null;
}

/** "00:01:02.500000" → 62.5 */
export function parseClock(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(v.trim());
  if (!m) return null;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return m[1] === '-' ? -s : s;
}

export function blockFrom(fields: ReadonlyMap<string, string>): ProgressBlock {
  const us = num(fields.get('out_time_us')) ?? num(fields.get('out_time_ms'));
  const outTimeSec = us !== null ? us / 1e6 : parseClock(fields.get('out_time'));
  return {
    outTimeSec: outTimeSec !== null && outTimeSec >= 0 ? outTimeSec : null,
    frame: num(fields.get('frame')),
    speed: num(fields.get('speed')?.replace(/x$/, '')),
    ended: fields.get('progress') === 'end',
  };
}

/** feeds on stdout text in any chunking; calls back once per complete block */
export class ProgressParser {
  private buffered = '';
  private fields = new Map<string, string>();

  constructor(private readonly onBlock: (block: ProgressBlock) => void) {}

  push(chunk: string): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, nl).trim();
      this.buffered = this.buffered.slice(nl + 1);
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      this.fields.set(key, line.slice(eq + 1).trim());
      if (key === 'progress') {
        this.onBlock(blockFrom(this.fields));
        this.fields = new Map();
      }
    }
  }
}

/**
 * Progress and time left of a job made of weighted stages, one of which (the encode) is measured
 * against the media duration. The rate is averaged over a sliding window, so a slow start (the
 * encoder's lookahead) or a brief stall does not swing the estimate.
 */
export class EtaEstimator {
  private readonly samples: { wallMs: number; mediaSec: number }[] = [];

  constructor(
    private readonly totalMediaSec: number,
    private readonly windowMs = 10_000,
  ) {}

  /** record that `mediaSec` of the media was done at `wallMs` */
  sample(wallMs: number, mediaSec: number): void {
    this.samples.push({ wallMs, mediaSec: Math.min(mediaSec, this.totalMediaSec) });
    while (this.samples.length > 2 && this.samples[0]!.wallMs < wallMs - this.windowMs) this.samples.shift();
  }

  /** 0..1 of the media done */
  fraction(): number {
    const last = this.samples[this.samples.length - 1];
    if (!last || this.totalMediaSec <= 0) return 0;
    return Math.max(0, Math.min(1, last.mediaSec / this.totalMediaSec));
  }

  /** media seconds per wall second over the window; null until two samples are apart in time */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.wallMs - first.wallMs < 250 || last.mediaSec <= first.mediaSec) return null;
    return (last.mediaSec - first.mediaSec) / ((last.wallMs - first.wallMs) / 1000);
  }

  /** seconds until the media is done, or null while unknown */
  etaSeconds(): number | null {
    const rate = this.rate();
    const last = this.samples[this.samples.length - 1];
    if (rate === null || !last) return null;
    return Math.max(0, (this.totalMediaSec - last.mediaSec) / rate);
  }
}
