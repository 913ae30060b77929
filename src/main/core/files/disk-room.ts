// How much room the data folder's disk has, and how much of it new media and the HD versions may
// take. They stop a little before the disk is full (the reserve), so that what stopping cleanly needs
// still fits: the library's database (every write grows its WAL), the playlists and status.json that
// publish what was saved, and the Pause that keeps the recording resumable.
import { promises as fs } from 'node:fs';

export interface DiskRoom {
  /** bytes this process may still write */
  free: number;
  /** bytes that only the library and publishing may use */
  reserve: number;
}

/** the share of a small disk kept free (like ext4's root reserve) ... */
const RESERVE_SHARE = 0.05;
/** ... and no more than this on a large one: room for a WAL at its checkpoint size (~4 MB) many times over */
const RESERVE_MAX = 64 * 1024 * 1024;
/** less than this free, and a write may have just failed for want of room (it leaves less than one buffer) */
const ALMOST_FULL = 64 * 1024;

/** bytes to keep free on a disk of `total` bytes */
export function reserveFor(total: number): number {
  return Math.min(RESERVE_MAX, Math.floor(total * RESERVE_SHARE));
}

/** the room on the disk that holds `dir`; null where the platform cannot say (the write itself then finds out) */
export async function diskRoom(dir: string): Promise<DiskRoom | null> {
  try {
    const s = await fs.statfs(dir);
    return { free: s.bavail * s.bsize, reserve: reserveFor(s.blocks * s.bsize) };
  } catch {
    return null;
  }
}

/** at the reserve, or full: what writes there now may not fit, or may have been cut short */
export function isFull(room: DiskRoom): boolean {
  return room.free <= Math.max(room.reserve, ALMOST_FULL);
}

/** "1.2 MB": for messages */
export function megabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}
