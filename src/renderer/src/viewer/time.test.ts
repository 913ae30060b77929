import { describe, expect, it } from 'vitest';
import { formatTime, parseStartTime, spokenTime } from './time';

describe('formatTime', () => {
  it('prints minutes and seconds, hours when needed', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(5.9)).toBe('0:05');
    expect(formatTime(65)).toBe('1:05');
    expect(formatTime(3600 + 2 * 60 + 3)).toBe('1:02:03');
  });
  it('treats unknown durations as zero', () => {
    expect(formatTime(Number.NaN)).toBe('0:00');
    expect(formatTime(Number.POSITIVE_INFINITY)).toBe('0:00');
    expect(formatTime(-3)).toBe('0:00');
  });
});

describe('spokenTime', () => {
  it('speaks each unit', () => {
    expect(spokenTime(0)).toBe('0 seconds');
    expect(spokenTime(61)).toBe('1 minute 1 second');
    expect(spokenTime(7322)).toBe('2 hours 2 minutes 2 seconds');
  });
});

describe('parseStartTime', () => {
  const at = (suffix: string) => parseStartTime(`http://h/v/abc${suffix}`);
  it('reads the usual forms', () => {
    expect(at('?t=90')).toBe(90);
    expect(at('?t=12.5')).toBe(12.5);
    expect(at('?t=1m30s')).toBe(90);
    expect(at('?t=1h2m3s')).toBe(3723);
    expect(at('?t=45s')).toBe(45);
    expect(at('?t=1:30')).toBe(90);
    expect(at('#t=1:00:05')).toBe(3605);
  });
  it('is null when absent, zero or unreadable', () => {
    expect(at('')).toBeNull();
    expect(at('?t=')).toBeNull();
    expect(at('?t=0')).toBeNull();
    expect(at('?t=soon')).toBeNull();
    expect(at('?t=-5')).toBeNull();
  });
});
