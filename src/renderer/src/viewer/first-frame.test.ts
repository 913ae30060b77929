import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstFrame } from './first-frame';

class FakeVideo extends EventTarget {
  readyState = 0;
}

describe('afterFirstFrame', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the work at the first frame, once', () => {
    const video = new FakeVideo();
    const work = vi.fn();
    afterFirstFrame(video, work, 1000);
    expect(work).not.toHaveBeenCalled();
    video.dispatchEvent(new Event('loadeddata'));
    video.dispatchEvent(new Event('loadeddata'));
    vi.advanceTimersByTime(5000);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs it at once when the frame is already there', () => {
    const video = new FakeVideo();
    video.readyState = 2;
    const work = vi.fn();
    afterFirstFrame(video, work, 1000);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs it on a media error, or when no frame comes in time, once', () => {
    const failing = new FakeVideo();
    const onError = vi.fn();
    afterFirstFrame(failing, onError, 1000);
    failing.dispatchEvent(new Event('error'));
    vi.advanceTimersByTime(5000);
    expect(onError).toHaveBeenCalledTimes(1);

    const silent = new FakeVideo();
    const late = vi.fn();
    afterFirstFrame(silent, late, 1000);
    vi.advanceTimersByTime(999);
    expect(late).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    silent.dispatchEvent(new Event('loadeddata'));
    expect(late).toHaveBeenCalledTimes(1);
  });
});
