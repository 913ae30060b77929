// Reveal in folder: only the desktop app can open the user's file manager (a browser on a Reelay
// Server has no access to it, and the server refuses the call), and only while the recording's files
// are on this computer.
import type { AppInfo } from '../../../../shared/api';
import type { Recording } from '../../../../shared/domain';

/** whether the library offers Reveal in folder; not until the shell is known */
export function offersReveal(info: Pick<AppInfo, 'shell'> | null): boolean {
  return info?.shell === 'electron';
}

/** why the card's Reveal in folder cannot act (the button is disabled and says why), or null */
export function revealBlocked(recording: Pick<Recording, 'copies' | 'state'>): string | null {
  if (!recording.copies.local) return 'Deleted from this computer: nothing to show in a folder.';
  if (recording.state === 'created') return 'Nothing recorded yet.';
  return null;
}
