// Owns the one main window: creates it when needed, brings it forward, keeps it alive while it
// records, and delivers shell commands (tray, shortcut) once its page is ready to hear them.
import type { BrowserWindow } from 'electron';
import { sendShellCommand, type ShellCommand } from './shell-commands';

export interface MainWindowController {
  current(): BrowserWindow | null;
  show(): BrowserWindow;
  /** `show`: bring the window forward first (Start, Open library); a shortcut's toggle does not */
  command(cmd: ShellCommand, show: boolean): void;
}

export function createMainWindowController(options: {
  create: () => BrowserWindow;
  /** capture runs in the page: while it records, closing the window only hides it */
  isRecording: () => boolean;
  isQuitting: () => boolean;
}): MainWindowController {
  let win: BrowserWindow | null = null;
  const alive = (): BrowserWindow | null => (win && !win.isDestroyed() ? win : null);

  const show = (): BrowserWindow => {
    const existing = alive();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const created = options.create();
    created.on('close', (event) => {
      if (!options.isQuitting() && options.isRecording()) {
        event.preventDefault();
        created.hide();
      }
    });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
    return created;
  };

  return {
    current: alive,
    show,
    command(cmd, bringForward) {
      const existing = alive();
      const target = bringForward || !existing ? show() : existing;
      if (existing && !target.webContents.isLoading()) void sendShellCommand(target.webContents, cmd);
      else target.webContents.once('did-finish-load', () => void sendShellCommand(target.webContents, cmd));
    },
  };
}
