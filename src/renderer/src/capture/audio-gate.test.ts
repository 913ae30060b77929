import { describe, expect, it } from 'vitest';
import { AudioGate, type AudioChunk } from './audio-gate';

const SR = 48_000;
/** A mono 10 ms chunk starting at startSec whose samples all equal `value`. */
const chunk = (startSec: number, value = 1, frames = 480): AudioChunk => ({
  startSec,
  frames,
  channels: 1,
  sampleRate: SR,
  samples: new Float32Array(frames).fill(value),
});
const spans = (chunks: AudioChunk[]) => chunks.map((c) => [+c.startSec.toFixed(6), +(c.startSec + c.frames / SR).toFixed(6)]);

describe('AudioGate', () => {
  it('releases only audio that ends by the newest video frame', () => {
    const gate = new AudioGate();
    gate.hold(chunk(0));
    gate.hold(chunk(0.01));
    gate.hold(chunk(0.02));
    expect(spans(gate.release(0.025))).toEqual([
      [0, 0.01],
      [0.01, 0.02],
    ]);
    expect(gate.release(0.025)).toEqual([]);
    expect(spans(gate.release(0.0333))).toEqual([[0.02, 0.03]]);
    expect(gate.releasedUntilSec).toBeCloseTo(0.03, 9);
  });

  it('ends exactly at the video end: cuts the crossing chunk and drops later audio', () => {
    const gate = new AudioGate();
    for (let i = 0; i < 5; i++) gate.hold(chunk(i * 0.01));
    const out = gate.endAt(0.025);
    expect(spans(out)).toEqual([
      [0, 0.01],
      [0.01, 0.02],
      [0.02, 0.025],
    ]);
    expect(out[2]!.samples.length).toBe(240);
    expect(gate.paddedSec).toBe(0);
  });

  it('pads with silence when the last audio did not arrive in time', () => {
    const gate = new AudioGate();
    gate.hold(chunk(0, 0.5));
    const out = gate.endAt(0.03);
    expect(spans(out)).toEqual([
      [0, 0.01],
      [0.01, 0.03],
    ]);
    expect([...out[1]!.samples].every((v) => v === 0)).toBe(true);
    expect(gate.paddedSec).toBeCloseTo(0.02, 9);
  });

  it('cuts planar stereo per channel', () => {
    const gate = new AudioGate();
    const stereo: AudioChunk = { startSec: 0, frames: 4, channels: 2, sampleRate: 4, samples: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    gate.hold(stereo);
    const [cut] = gate.endAt(0.5);
    expect([...cut!.samples]).toEqual([1, 2, 5, 6]);
  });

  it('adds nothing when there never was audio', () => {
    expect(new AudioGate().endAt(1)).toEqual([]);
  });
});
