import { describe, expect, it } from 'vitest';
import { MediaClock } from './media-clock';

function fakeTime() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('MediaClock', () => {
  it('counts from start and excludes paused time', () => {
    const time = fakeTime();
    const clock = new MediaClock(time.now);
    expect(clock.elapsedMs()).toBe(0);
    clock.start();
    time.advance(1500);
    expect(clock.mediaTimeSec()).toBe(1.5);
    clock.pause();
    expect(clock.state).toBe('paused');
    time.advance(10_000);
    expect(clock.elapsedMs()).toBe(1500);
    clock.resume();
    time.advance(500);
    expect(clock.elapsedMs()).toBe(2000);
    expect(clock.wallTimeOf(2)).toBe(time.now());
  });

  it('ignores pause while paused and resume while running', () => {
    const time = fakeTime();
    const clock = new MediaClock(time.now);
    clock.start();
    clock.resume();
    time.advance(100);
    clock.pause();
    time.advance(100);
    clock.pause();
    time.advance(100);
    clock.resume();
    expect(clock.elapsedMs()).toBe(100);
  });

  it('freezes at end, also when ended while paused', () => {
    const time = fakeTime();
    const clock = new MediaClock(time.now);
    clock.start();
    time.advance(300);
    clock.pause();
    time.advance(300);
    clock.end();
    time.advance(300);
    expect(clock.elapsedMs()).toBe(300);
    expect(clock.state).toBe('stopped');
  });

  it('starts and resumes at a given instant', () => {
    const time = fakeTime();
    const clock = new MediaClock(time.now);
    clock.start(time.now() + 10);
    time.advance(110);
    expect(clock.elapsedMs()).toBe(100);
    clock.pause();
    time.advance(50);
    clock.resume(time.now() + 20);
    time.advance(20);
    expect(clock.elapsedMs()).toBe(100);
  });

  it('refuses to start twice', () => {
    const clock = new MediaClock(() => 0);
    clock.start();
    expect(() => clock.start()).toThrow();
  });
});
