import { describe, expect, it } from 'vitest';
import { onTrackEnded } from './track-end';

class FakeTrack extends EventTarget {
  readyState: MediaStreamTrackState = 'live';
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

describe('onTrackEnded', () => {
  it('reports the end once', () => {
    const track = new FakeTrack();
    let calls = 0;
    onTrackEnded(track, () => calls++);
    expect(calls).toBe(0);
    track.end();
    track.dispatchEvent(new Event('ended'));
    expect(calls).toBe(1);
  });

  it('reports a track that had already ended, after the caller is set up', async () => {
    const track = new FakeTrack();
    track.readyState = 'ended';
    let calls = 0;
    onTrackEnded(track, () => calls++);
    expect(calls).toBe(0);
    await Promise.resolve();
    expect(calls).toBe(1);
  });

  it('says nothing once the caller stopped watching', async () => {
    const track = new FakeTrack();
    let calls = 0;
    const stop = onTrackEnded(track, () => calls++);
    stop();
    track.end();
    const ended = new FakeTrack();
    ended.readyState = 'ended';
    onTrackEnded(ended, () => calls++)();
    await Promise.resolve();
    expect(calls).toBe(0);
  });
});
