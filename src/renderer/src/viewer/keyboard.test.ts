import { describe, expect, it } from 'vitest';
import { keyOfLabel, SHORTCUT_HELP, shortcutFor, stepSpeed } from './keyboard';

describe('shortcutFor', () => {
  it('maps the YouTube keys', () => {
    expect(shortcutFor({ key: ' ' }, 'other')).toEqual({ kind: 'toggle-play' });
    expect(shortcutFor({ key: 'k' }, 'other')).toEqual({ kind: 'toggle-play' });
    expect(shortcutFor({ key: 'j' }, 'other')).toEqual({ kind: 'seek-by', seconds: -10 });
    expect(shortcutFor({ key: 'L' }, 'other')).toEqual({ kind: 'seek-by', seconds: 10 });
    expect(shortcutFor({ key: 'ArrowLeft' }, 'other')).toEqual({ kind: 'seek-by', seconds: -5 });
    expect(shortcutFor({ key: 'ArrowRight' }, 'seekbar')).toEqual({ kind: 'seek-by', seconds: 5 });
    expect(shortcutFor({ key: 'f' }, 'other')).toEqual({ kind: 'toggle-fullscreen' });
    expect(shortcutFor({ key: 'm' }, 'button')).toEqual({ kind: 'toggle-mute' });
    expect(shortcutFor({ key: 'c' }, 'button')).toEqual({ kind: 'toggle-captions' });
    expect(shortcutFor({ key: '.' }, 'other')).toEqual({ kind: 'step-frame', frames: 1 });
    expect(shortcutFor({ key: '>' }, 'other')).toEqual({ kind: 'speed-step', steps: 1 });
    expect(shortcutFor({ key: '7' }, 'other')).toEqual({ kind: 'seek-to-fraction', fraction: 0.7 });
    expect(shortcutFor({ key: 'End' }, 'other')).toEqual({ kind: 'seek-to-fraction', fraction: 1 });
  });
  it('lets a focused button take space, so it is not pressed twice', () => {
    expect(shortcutFor({ key: ' ' }, 'button')).toBeNull();
    expect(shortcutFor({ key: 'k' }, 'button')).toEqual({ kind: 'toggle-play' });
  });
  it('leaves the volume slider its arrows, and menus and text fields every key', () => {
    expect(shortcutFor({ key: 'ArrowUp' }, 'volume')).toBeNull();
    expect(shortcutFor({ key: 'ArrowLeft' }, 'volume')).toBeNull();
    expect(shortcutFor({ key: 'ArrowUp' }, 'other')).toEqual({ kind: 'volume-by', delta: 0.05 });
    expect(shortcutFor({ key: 'ArrowDown' }, 'select')).toBeNull();
    expect(shortcutFor({ key: 'k' }, 'text')).toBeNull();
  });
  it('never takes a browser shortcut', () => {
    expect(shortcutFor({ key: 'f', ctrlKey: true }, 'other')).toBeNull();
    expect(shortcutFor({ key: 'l', metaKey: true }, 'other')).toBeNull();
    expect(shortcutFor({ key: 'ArrowLeft', altKey: true }, 'other')).toBeNull();
    expect(shortcutFor({ key: 'x' }, 'other')).toBeNull();
  });
});

describe('stepSpeed', () => {
  it('walks the speed list and stops at its ends', () => {
    expect(stepSpeed(1, 1)).toBe(1.25);
    expect(stepSpeed(1, -1)).toBe(0.75);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.5, -1)).toBe(0.5);
  });
  it('snaps an unlisted speed onto the list', () => {
    expect(stepSpeed(1.1, 0)).toBe(1.25);
    expect(stepSpeed(3, -1)).toBe(1.75);
  });
});

describe('the Keyboard shortcuts overlay', () => {
  it('opens with ? and toggles picture in picture with i', () => {
    expect(shortcutFor({ key: '?' }, 'other')).toEqual({ kind: 'toggle-shortcuts' });
    expect(shortcutFor({ key: '?' }, 'button')).toEqual({ kind: 'toggle-shortcuts' });
    expect(shortcutFor({ key: '?' }, 'text')).toBeNull();
    expect(shortcutFor({ key: 'i' }, 'other')).toEqual({ kind: 'toggle-picture-in-picture' });
  });
  it('lists only keys that do something, and lists every action there is', () => {
    const listed = new Set<string>();
    for (const row of SHORTCUT_HELP) {
      for (const label of row.keys) {
        const action = shortcutFor({ key: keyOfLabel(label) }, 'other');
        expect(action, `${label} (${row.does})`).not.toBeNull();
        listed.add(action!.kind);
      }
    }
    expect([...listed].sort()).toEqual(
      ['seek-by', 'seek-to-fraction', 'speed-step', 'step-frame', 'toggle-fullscreen', 'toggle-mute', 'toggle-picture-in-picture', 'toggle-play', 'toggle-shortcuts', 'volume-by'].sort(),
    );
  });
});
