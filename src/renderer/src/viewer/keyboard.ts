// Keyboard shortcuts, YouTube's set: a pure map from a key press (and what has focus) to an action.
export type ShortcutAction =
  | { kind: 'toggle-play' }
  | { kind: 'seek-by'; seconds: number }
  | { kind: 'seek-to-fraction'; fraction: number }
  | { kind: 'step-frame'; frames: number }
  | { kind: 'volume-by'; delta: number }
  | { kind: 'toggle-mute' }
  | { kind: 'toggle-fullscreen' }
  | { kind: 'toggle-captions' }
  | { kind: 'speed-step'; steps: number };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** What has focus, as far as shortcuts care: controls that use some keys themselves. */
export type FocusKind = 'button' | 'seekbar' | 'volume' | 'select' | 'text' | 'other';

export function shortcutFor(press: KeyPress, focus: FocusKind): ShortcutAction | null {
  // never take browser shortcuts, and leave form controls that read keys alone
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (focus === 'text' || focus === 'select') return null;
  const { key } = press;
  switch (key) {
    case ' ':
    case 'Spacebar':
      return focus === 'button' ? null : { kind: 'toggle-play' };
    case 'k':
    case 'K':
      return { kind: 'toggle-play' };
    case 'j':
    case 'J':
      return { kind: 'seek-by', seconds: -10 };
    case 'l':
    case 'L':
      return { kind: 'seek-by', seconds: 10 };
    case 'ArrowLeft':
      return focus === 'volume' ? null : { kind: 'seek-by', seconds: -5 };
    case 'ArrowRight':
      return focus === 'volume' ? null : { kind: 'seek-by', seconds: 5 };
    case 'ArrowUp':
      return focus === 'volume' ? null : { kind: 'volume-by', delta: 0.05 };
    case 'ArrowDown':
      return focus === 'volume' ? null : { kind: 'volume-by', delta: -0.05 };
    case 'Home':
      return focus === 'volume' ? null : { kind: 'seek-to-fraction', fraction: 0 };
    case 'End':
      return focus === 'volume' ? null : { kind: 'seek-to-fraction', fraction: 1 };
    case 'f':
    case 'F':
      return { kind: 'toggle-fullscreen' };
    case 'm':
    case 'M':
      return { kind: 'toggle-mute' };
    case 'c':
    case 'C':
      return { kind: 'toggle-captions' };
    case ',':
      return { kind: 'step-frame', frames: -1 };
    case '.':
      return { kind: 'step-frame', frames: 1 };
    case '<':
      return { kind: 'speed-step', steps: -1 };
    case '>':
      return { kind: 'speed-step', steps: 1 };
  }
  if (/^[0-9]$/.test(key)) return { kind: 'seek-to-fraction', fraction: Number(key) / 10 };
  return null;
}

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** The speed `steps` entries away from `current` in SPEEDS, clamped to the ends. */
export function stepSpeed(current: number, steps: number): number {
  let index = SPEEDS.findIndex((s) => s >= current - 1e-9);
  if (index === -1) index = SPEEDS.length - 1;
  const next = Math.min(SPEEDS.length - 1, Math.max(0, index + steps));
  return SPEEDS[next]!;
}
