import { describe, expect, it } from 'vitest';
import { SIZE_OPTIONS, nearestSize } from './bubble-options';
import { recorderSettingsSchema } from '../../../../shared/settings';

describe('bubble options', () => {
  it('offers only sizes the settings accept', () => {
    for (const { value } of SIZE_OPTIONS) {
      expect(recorderSettingsSchema.shape.cameraSize.safeParse(value).success).toBe(true);
    }
  });
  it('maps a stored size to the nearest offered one', () => {
    expect(nearestSize(0.25)).toBe(0.25);
    expect(nearestSize(0.1)).toBe(0.18);
    expect(nearestSize(0.31)).toBe(0.35);
    expect(nearestSize(0.5)).toBe(0.5);
  });
});
