// Which ffmpeg binary the backfill runs. The bundled one comes from @ffmpeg-installer, whose
// platform package carries the binary in its tarball (ffmpeg-static downloads at install time, which
// fails offline). In a packaged app node_modules sits inside app.asar, which cannot be executed: the
// binary is unpacked next to it, in app.asar.unpacked.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

export interface FfmpegChoice {
  path: string;
  /** where the path came from, for the error message when it does not work */
  source: 'setting' | 'REELAY_FFMPEG' | 'option' | 'bundled';
}

/** app.asar/... → app.asar.unpacked/... (only as a whole path segment) */
export function unpackedAsarPath(path: string): string {
  return path.replace(new RegExp(`([\\\\/])app\\.asar(?=[\\\\/])`), '$1app.asar.unpacked');
}

/**
 * require() relative to this module. No import.meta: the main process is bundled to CommonJS (where
 * esbuild leaves import.meta empty); vitest and vite-node define __filename too.
 */
export function requireHere(): NodeRequire {
  return createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
}

/** the bundled binary's path, or null when the platform package is not installed */
export function bundledFfmpegPath(platform: string = process.platform, arch: string = process.arch): string | null {
  try {
    const pkg = requireHere().resolve(`@ffmpeg-installer/${platform}-${arch}/package.json`);
    return unpackedAsarPath(join(dirname(pkg), platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'));
  } catch {
    return null;
  }
}

/**
 * The user's setting wins (they typed it in Settings and expect it used), then the REELAY_FFMPEG
 * environment variable (server deployments), then the composition root's option, then the bundled
 * binary. Empty strings count as unset.
 */
export function chooseFfmpeg(setting: string | null | undefined, env: NodeJS.ProcessEnv, option: string | undefined): FfmpegChoice | null {
  const set = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';
  if (set(setting)) return { path: setting.trim(), source: 'setting' };
  if (set(env['REELAY_FFMPEG'])) return { path: env['REELAY_FFMPEG'].trim(), source: 'REELAY_FFMPEG' };
  if (set(option)) return { path: option, source: 'option' };
  const bundled = bundledFfmpegPath();
  return bundled ? { path: bundled, source: 'bundled' } : null;
}

export function describeChoice(choice: FfmpegChoice): string {
  switch (choice.source) {
    case 'setting':
      return `the ffmpeg set in Settings (${choice.path})`;
    case 'REELAY_FFMPEG':
      return `the ffmpeg named by REELAY_FFMPEG (${choice.path})`;
    case 'option':
      return `the configured ffmpeg (${choice.path})`;
    case 'bundled':
      return `the bundled ffmpeg (${choice.path.split(sep).slice(-3).join(sep)})`;
  }
}
