// The recorder's lifecycle as a string union with guarded transitions.
//
// idle → preparing (picking sources, creating the recording: the link exists from here)
//      → countdown → recording ⇄ paused → stopping → stopped
// Cancel leads to cancelled from anywhere before stopped; failed is where a start or a stop that
// cannot go on ends up (the user can still discard it).
export const RECORDER_STATES = [
  'idle',
  'preparing',
  'countdown',
  'recording',
  'paused',
  'stopping',
  'stopped',
  'cancelled',
  'failed',
] as const;
export type RecorderState = (typeof RECORDER_STATES)[number];

const TRANSITIONS: Record<RecorderState, readonly RecorderState[]> = {
  idle: ['preparing', 'cancelled'],
  preparing: ['countdown', 'cancelled', 'failed'],
  countdown: ['recording', 'cancelled', 'failed'],
  recording: ['paused', 'stopping', 'cancelled', 'failed'],
  paused: ['recording', 'stopping', 'cancelled', 'failed'],
  stopping: ['stopped', 'cancelled', 'failed'],
  stopped: [],
  cancelled: [],
  failed: ['cancelled'],
};

export function canTransition(from: RecorderState, to: RecorderState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
  constructor(from: RecorderState, to: RecorderState) {
    super(`the recorder cannot go from ${from} to ${to}`);
  }
}

/** States in which media is being captured (the timer runs or is paused). */
export const CAPTURING: readonly RecorderState[] = ['recording', 'paused'];
