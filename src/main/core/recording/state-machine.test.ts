import { describe, expect, it } from 'vitest';
import { canTransition } from './state-machine';
import { RECORDING_STATES } from '../../../shared/domain';

describe('recording state machine', () => {
  it('allows the paths a user takes', () => {
    expect(canTransition('created', 'recording')).toBe(true);
    expect(canTransition('recording', 'paused')).toBe(true);
    expect(canTransition('paused', 'recording')).toBe(true);
    expect(canTransition('paused', 'finishing')).toBe(true);
    expect(canTransition('finishing', 'ready')).toBe(true);
  });
  it('never leaves a final state', () => {
    for (const from of ['ready', 'interrupted', 'cancelled'] as const) {
      for (const to of RECORDING_STATES) expect(canTransition(from, to)).toBe(false);
    }
  });
  it('does not resume a stopped recording', () => {
    expect(canTransition('finishing', 'recording')).toBe(false);
    expect(canTransition('ready', 'recording')).toBe(false);
  });
});
