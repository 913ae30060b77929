// A real small disk for tests: a tmpfs of a few MB (mounting needs root, or CAP_SYS_ADMIN), filled
// with a filler file until only the room a test wants is left. Where mounting is not allowed the
// tests skip and say why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, rmdirSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  /** the mount point; put the data folder below it */
  dir: string;
  /** bytes still free */
  free(): number;
  /** the disk's size */
  total(): number;
  /** fills the disk until `bytes` are left (fillers of earlier calls go first) */
  leave(bytes: number): void;
  /** removes every filler: the room is back */
  unfill(): void;
  unmount(): void;
}

const BLOCK = 4096;

function mountTmpfs(sizeMb: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'reelay-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmdirSync(dir);
    throw e;
  }
  return dir;
}

/** null when a small disk can be mounted here; otherwise why not (for the skip message) */
export function whyNoSmallDisk(): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts are a Linux thing (this is ${process.platform})`;
  try {
    const dir = mountTmpfs(1);
    execFileSync('umount', [dir]);
    rmdirSync(dir);
    return null;
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot mount a tmpfs here (needs root): ${stderr || (e instanceof Error ? e.message : String(e))}`;
  }
}

export function mountSmallDisk(sizeMb: number): SmallDisk {
  const dir = mountTmpfs(sizeMb);
  let fillers = 0;
  const free = (): number => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    free,
    total: () => {
      const s = statfsSync(dir);
      return s.blocks * s.bsize;
    },
    leave(bytes) {
      this.unfill();
      const size = Math.floor((free() - bytes) / BLOCK) * BLOCK;
      if (size > 0) writeFileSync(join(dir, `filler-${fillers++}`), Buffer.alloc(size));
    },
    unfill() {
      for (; fillers > 0; fillers--) rmSync(join(dir, `filler-${fillers - 1}`), { force: true });
    },
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch (e) {
        // a file left open (a leak worth failing for): detach the mount anyway so no test leaves one behind
        execFileSync('umount', ['-l', dir]);
        throw new Error(`the small disk was busy at unmount (a file left open?): ${(e as { stderr?: Buffer }).stderr?.toString().trim() ?? String(e)}`, { cause: e });
      } finally {
        rmdirSync(dir, { recursive: false });
      }
    },
  };
}
