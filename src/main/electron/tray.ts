// The tray (menu bar on macOS): start or stop a recording and open the library without the window.
import { Menu, Tray, type NativeImage } from 'electron';

export interface TrayActions {
  startRecording(): void;
  stopRecording(): void;
  openLibrary(): void;
  showWindow(): void;
  quit(): void;
}

export interface AppTray {
  setRecording(active: boolean): void;
  destroy(): void;
}

export function createAppTray(icon: NativeImage, actions: TrayActions, shortcutLabel: string | null, log: (m: string, e?: unknown) => void): AppTray | null {
  let tray: Tray;
  try {
    tray = new Tray(icon);
  } catch (e) {
    log('no tray on this desktop; use the window and the shortcut', e);
    return null;
  }
  const render = (recording: boolean): void => {
    tray.setToolTip(recording ? 'Reelay: recording' : 'Reelay');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Start recording', enabled: !recording, click: actions.startRecording, ...(shortcutLabel ? { accelerator: shortcutLabel, registerAccelerator: false } : {}) },
        { label: 'Stop recording', enabled: recording, click: actions.stopRecording },
        { type: 'separator' },
        { label: 'Open library', click: actions.openLibrary },
        { type: 'separator' },
        { label: 'Quit Reelay', click: actions.quit },
      ]),
    );
  };
  render(false);
  // Windows and most Linux trays: a left click shows the window (macOS opens the menu itself)
  tray.on('click', actions.showWindow);
  return {
    setRecording: render,
    destroy: () => tray.destroy(),
  };
}
