import { describe, expect, it } from 'vitest';
import { EtaEstimator, ProgressParser, blockFrom, parseClock, type ProgressBlock } from './progress';

// what the bundled ffmpeg printed for the ladder of an 8 s clip (-progress pipe:1)
const SAMPLE = `frame=120
fps=58.32
stream_0_0_q=28.0
stream_0_1_q=29.0
bitrate=N/A
total_size=N/A
out_time_us=4000000
out_time_ms=4000000
out_time=00:00:04.000000
dup_frames=0
drop_frames=0
speed=1.94x
progress=continue
frame=240
fps=62.14
out_time_us=8007000
out_time_ms=8007000
out_time=00:00:08.007000
speed=2.07x
progress=end
`;

describe('ProgressParser', () => {
  it('gives one block per progress= line, whatever the chunking', () => {
    for (const size of [1, 7, 64, SAMPLE.length]) {
      const blocks: ProgressBlock[] = [];
      const parser = new ProgressParser((b) => blocks.push(b));
      for (let i = 0; i < SAMPLE.length; i += size) parser.push(SAMPLE.slice(i, i + size));
      expect(blocks).toEqual([
        { outTimeSec: 4, frame: 120, speed: 1.94, ended: false },
        { outTimeSec: 8.007, frame: 240, speed: 2.07, ended: true },
      ]);
    }
  });

  it('reads older builds (out_time_ms only, in microseconds) and the clock form', () => {
    expect(blockFrom(new Map([['out_time_ms', '1500000'], ['progress', 'continue']])).outTimeSec).toBe(1.5);
    expect(blockFrom(new Map([['out_time', '00:01:02.500000']])).outTimeSec).toBe(62.5);
  });

  it('treats N/A and negative times (before the first frame) as unknown', () => {
    expect(blockFrom(new Map([['out_time_us', 'N/A'], ['out_time', 'N/A'], ['speed', 'N/A']]))).toEqual({ outTimeSec: null, frame: null, speed: null, ended: false });
    expect(blockFrom(new Map([['out_time_us', '-21333']])).outTimeSec).toBeNull();
    expect(parseClock('-00:00:00.021333')).toBeCloseTo(-0.021333);
    expect(parseClock('garbage')).toBeNull();
  });
});

describe('EtaEstimator', () => {
  it('estimates the time left from the recent rate', () => {
    const eta = new EtaEstimator(60);
    expect(eta.etaSeconds()).toBeNull();
    eta.sample(0, 0);
    eta.sample(1000, 2.5);
    expect(eta.rate()).toBeCloseTo(2.5);
    expect(eta.fraction()).toBeCloseTo(2.5 / 60);
    expect(eta.etaSeconds()).toBeCloseTo((60 - 2.5) / 2.5);
  });

  it('forgets old samples, so a slow start does not skew the estimate', () => {
    const eta = new EtaEstimator(100, 5_000);
    eta.sample(0, 0);
    eta.sample(10_000, 1); // a slow start: 0.1x
    for (let t = 11_000; t <= 20_000; t += 1_000) eta.sample(t, 1 + (t - 10_000) / 1000 * 2); // then 2x
    expect(eta.rate()).toBeCloseTo(2);
    expect(eta.etaSeconds()).toBeCloseTo((100 - 21) / 2);
  });

  it('never reports more than all of it, nor a negative time', () => {
    const eta = new EtaEstimator(8);
    eta.sample(0, 0);
    eta.sample(1000, 9);
    expect(eta.fraction()).toBe(1);
    expect(eta.etaSeconds()).toBe(0);
  });
});
