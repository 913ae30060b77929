import { describe, expect, it } from 'vitest';
import { parseTimeText } from './time-text';

describe('parseTimeText', () => {
  it('reads seconds, clock times and h/m/s forms', () => {
    expect(parseTimeText('90')).toBe(90);
    expect(parseTimeText(' 12.5 ')).toBe(12.5);
    expect(parseTimeText('1:30')).toBe(90);
    expect(parseTimeText('1:02:03')).toBe(3723);
    expect(parseTimeText('1m30s')).toBe(90);
    expect(parseTimeText('1h2m3s')).toBe(3723);
    expect(parseTimeText('2m')).toBe(120);
    expect(parseTimeText('0')).toBe(0);
    expect(parseTimeText('0:00')).toBe(0);
  });
  it('is null for anything else', () => {
    for (const bad of ['', ' ', 'soon', '-5', '1:2:3:4', '1.5m', 'm', '1:75x']) expect(parseTimeText(bad)).toBeNull();
  });
});
