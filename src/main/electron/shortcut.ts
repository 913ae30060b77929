// The global shortcut that starts or stops a recording from any app.
//
// Ctrl/Cmd+Alt+R rather than Ctrl/Cmd+Shift+R: a global shortcut takes the keys from every app, and
// Ctrl/Cmd+Shift+R is the browsers' hard reload.
import type { GlobalShortcut } from 'electron';

export const RECORDING_SHORTCUT = 'CommandOrControl+Alt+R';

/** Returns the accelerator when registered, null when another app holds it (the app works without). */
export function registerRecordingShortcut(
  globalShortcut: Pick<GlobalShortcut, 'register'>,
  onPress: () => void,
  log: (m: string, e?: unknown) => void,
  accelerator: string = RECORDING_SHORTCUT,
): string | null {
  try {
    if (globalShortcut.register(accelerator, onPress)) return accelerator;
    log(`the shortcut ${accelerator} is taken by another app; start recordings from the window or the tray`);
  } catch (e) {
    log(`could not register the shortcut ${accelerator}`, e);
  }
  return null;
}
