import { describe, expect, it } from 'vitest';
import { SPEEDS } from './keyboard';
import { parseSavedSpeed, serializeSpeed } from './speed-memory';

describe('parseSavedSpeed', () => {
  it('reads back every speed of the menu', () => {
    for (const s of SPEEDS) expect(parseSavedSpeed(serializeSpeed(s))).toBe(s);
  });
  it('reads nothing saved, junk and speeds the menu does not offer as "nothing saved"', () => {
    for (const text of [null, '', ' ', 'fast', '0', '-1', '3', '1.1', 'NaN', 'Infinity', '{}']) expect(parseSavedSpeed(text)).toBeNull();
  });
});
