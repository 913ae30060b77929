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
  | { kind: 'speed-step'; steps: number }
  | { kind: 'toggle-picture-in-picture' }
  | { kind: 'toggle-shortcuts' };

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
    case 'i':
    case 'I':
      return { kind: 'toggle-picture-in-picture' };
    case '?':
      return { kind: 'toggle-shortcuts' };
  }
  if (/^[0-9]$/.test(key)) return { kind: 'seek-to-fraction', fraction: Number(key) / 10 };
  return null;
}

/** What the Keyboard shortcuts overlay lists (`?`): each row's keys, as shown, and what they do. */
export const SHORTCUT_HELP: readonly { keys: readonly string[]; does: string }[] = [
  { keys: ['k', 'Space'], does: 'Play or pause' },
  { keys: ['j', 'l'], does: 'Back or forward 10 seconds' },
  { keys: ['←', '→'], does: 'Back or forward 5 seconds' },
  { keys: ['↑', '↓'], does: 'Volume up or down' },
  { keys: ['m'], does: 'Mute or unmute' },
  { keys: ['0–9'], does: 'Jump to 0%–90% of the video' },
  { keys: ['Home', 'End'], does: 'Jump to the start or the end' },
  { keys: [',', '.'], does: 'Previous or next frame (while paused)' },
  { keys: ['<', '>'], does: 'Slower or faster' },
  { keys: ['f'], does: 'Full screen' },
  { keys: ['i'], does: 'Picture in picture' },
  { keys: ['?'], does: 'Show or hide these shortcuts' },
];

/** The key a SHORTCUT_HELP label stands for (for the test that every listed key does something). */
export function keyOfLabel(label: string): string {
  const names: Record<string, string> = { Space: ' ', '←': 'ArrowLeft', '→': 'ArrowRight', '↑': 'ArrowUp', '↓': 'ArrowDown', '0–9': '5' };
  return names[label] ?? label;
}

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** The speed `steps` entries away from `current` in SPEEDS, clamped to the ends. */
export function stepSpeed(current: number, steps: number): number {
  let index = SPEEDS.findIndex((s) => s >= current - 1e-9);
  if (index === -1) index = SPEEDS.length - 1;
  const next = Math.min(SPEEDS.length - 1, Math.max(0, index + steps));
  return SPEEDS[next]!;
}
