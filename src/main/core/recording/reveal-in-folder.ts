// "Reveal in folder" (desktop app): which of a recording's local files the file manager shows, and the
// checks before the shell shows it. The renderer names a recording id, never a path: the path is made
// here from the data folder's layout and must resolve (symlinks followed) inside the recordings folder.
import { promises as fs } from 'node:fs';
import { relative, isAbsolute, sep } from 'node:path';
import { ReelayError } from '../errors';
import type { RecordingsRepo } from '../library/recordings-repo';
import { intakeDir, intakePaths, recordingsRoot } from './layout';
import { requireRecording } from './rows';

/** the files to show, best first: the full-quality master selected in its folder, else the folder itself */
export function revealCandidates(dataDir: string, recordingId: string, masterMimeType: string | null): string[] {
  const dir = intakeDir(dataDir, recordingId);
  return masterMimeType ? [intakePaths.master(dir, masterMimeType), dir] : [dir];
}

/** is `path` strictly inside `root` (both absolute and already resolved)? */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

export interface RevealInFolderDeps {
  dataDir: string;
  recordings: RecordingsRepo;
  /** the desktop shell's file manager (Electron's shell.showItemInFolder); null: this host has none (server mode) */
  show: ((path: string) => void) | null;
}

export class RevealInFolder {
  constructor(private readonly deps: RevealInFolderDeps) {}

  /** throws 'unsupported' where there is no file manager to show (server mode), before looking at anything */
  requireSupported(): void {
    if (!this.deps.show) {
      throw new ReelayError('unsupported', 'Reveal in folder works in the Reelay desktop app only: a Reelay Server cannot open the file manager of your computer. Use Download MP4 instead.');
    }
  }

  /** shows the recording's files in the file manager; the path shown */
  async reveal(recordingId: string): Promise<{ path: string }> {
    this.requireSupported();
    const path = await this.target(recordingId);
    this.deps.show!(path);
    return { path };
  }

  /** the path to show for the recording: it exists, and lies inside the data folder's recordings */
  async target(recordingId: string): Promise<string> {
    const rec = requireRecording(this.deps.recordings, recordingId);
    if (rec.local_deleted === 1) {
      throw new ReelayError('not-found', 'This recording was deleted from this computer, so there is nothing to show in a folder. Its link still plays from the storage.');
    }
    const masterMimeType = this.deps.recordings.masterMimeType(rec.id) ?? null;
    const root = await fs.realpath(recordingsRoot(this.deps.dataDir)).catch(() => null);
    for (const candidate of revealCandidates(this.deps.dataDir, rec.id, masterMimeType)) {
      const real = await fs.realpath(candidate).catch(() => null);
      if (real === null) continue;
      if (root === null || !isInside(root, real)) {
        throw new ReelayError('forbidden', `This recording's files point outside Reelay's data folder (${real}), so Reelay will not show them.`);
      }
      return real;
    }
    const saved = masterMimeType !== null || this.deps.recordings.renditions(rec.id).length > 0;
    throw new ReelayError(
      'not-found',
      saved
        ? `This recording's files are not on this computer any more (${intakeDir(this.deps.dataDir, rec.id)} was moved or deleted outside Reelay).`
        : 'Nothing of this recording is saved on this computer yet: its folder appears once recording starts sending video.',
    );
  }
}
