// Who picks the ffmpeg that makes the HD versions: on the desktop, its user, in Settings; in server
// mode, the server's own configuration (REELAY_FFMPEG). A page never does: it would choose the
// program the server runs, and the server's API refuses it.
import type { AppInfo } from '../../../../shared/api';

/** whether Settings offers the ffmpeg path; not until the shell is known */
export function offersFfmpegPath(info: Pick<AppInfo, 'shell'> | null): boolean {
  return info?.shell === 'electron';
}
