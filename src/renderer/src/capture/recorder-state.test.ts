import { describe, expect, it } from 'vitest';
import { RECORDER_STATES, canTransition } from './recorder-state';

describe('recorder transitions', () => {
  it('follows idle → preparing → countdown → recording ⇄ paused → stopping → stopped', () => {
    const path = ['idle', 'preparing', 'countdown', 'recording', 'paused', 'recording', 'stopping', 'stopped'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('can be cancelled from everywhere before stopped, and from failed', () => {
    for (const from of RECORDER_STATES) {
      expect(canTransition(from, 'cancelled')).toBe(!['stopped', 'cancelled'].includes(from));
    }
  });

  it('never leaves stopped or cancelled, and never skips the countdown into recording from idle', () => {
    for (const to of RECORDER_STATES) {
      expect(canTransition('stopped', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
    expect(canTransition('idle', 'recording')).toBe(false);
    expect(canTransition('paused', 'paused')).toBe(false);
  });
});
