// Commands the shell (tray, global shortcut) gives the app page, which owns capture. They travel as
// the contract event 'shell-command' on the IPC event channel.
import type { WebContents } from 'electron';
import { IPC, type Events, type ShellCommand } from '../../shared/api';

export type { ShellCommand };

/**
 * A tray click or a shortcut is the user's gesture, but it happens outside the page, and Chromium may
 * refuse getDisplayMedia without transient user activation: running a no-op with `userGesture` first
 * lends the page that activation for the command that follows.
 */
export async function sendShellCommand(wc: WebContents | null | undefined, command: ShellCommand): Promise<boolean> {
  if (!wc || wc.isDestroyed()) return false;
  await wc.executeJavaScript('0', true).catch(() => undefined);
  if (wc.isDestroyed()) return false;
  const payload: Events['shell-command'] = { command };
  wc.send(IPC.event, 'shell-command' satisfies keyof Events, payload);
  return true;
}
