import { describe, expect, it } from 'vitest';
import { parseSavedVolume, serializeVolume } from './volume-memory';

describe('parseSavedVolume', () => {
  it('reads what serializeVolume wrote', () => {
    expect(parseSavedVolume(serializeVolume(0.35, true))).toEqual({ volume: 0.35, muted: true });
    expect(parseSavedVolume(serializeVolume(1, false))).toEqual({ volume: 1, muted: false });
  });
  it('reads nothing saved, junk or out-of-range values as "nothing saved"', () => {
    for (const text of [null, '', '{', 'null', '3', '"x"', '[]']) expect(parseSavedVolume(text)).toEqual({ volume: null, muted: false });
    expect(parseSavedVolume('{"volume":1.5,"muted":"yes"}')).toEqual({ volume: null, muted: false });
    expect(parseSavedVolume('{"volume":-0.1,"muted":true}')).toEqual({ volume: null, muted: true });
  });
});
