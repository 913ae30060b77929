// The quality menu: Auto plus one entry per rendition, highest first, labelled the way people know
// them ("1080p"). Indexes are hls.js level indexes, which keep the master playlist's order.
export interface LevelLike {
  width?: number;
  height?: number;
  bitrate: number;
  name?: string;
}

export interface QualityOption {
  /** hls.js level index; -1 is Auto */
  level: number;
  label: string;
}

export const AUTO_LEVEL = -1;

/** The rendition's size as players name it: the shorter side, so portrait captures read right too. */
function lines(level: LevelLike): number | null {
  const { width, height } = level;
  if (height && width) return Math.min(width, height);
  return height || null;
}

export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(1).replace(/\.0$/, '')} Mbps`;
  return `${Math.max(1, Math.round(bitsPerSecond / 1000))} kbps`;
}

export function levelLabel(level: LevelLike, all: readonly LevelLike[]): string {
  const size = lines(level);
  if (size === null) return level.name?.trim() || formatBitrate(level.bitrate);
  const twins = all.filter((other) => lines(other) === size).length;
  return twins > 1 ? `${size}p · ${formatBitrate(level.bitrate)}` : `${size}p`;
}

export function qualityOptions(levels: readonly LevelLike[]): QualityOption[] {
  const options = levels.map((level, index) => ({ level: index, label: levelLabel(level, levels), level$: level }));
  options.sort((a, b) => (lines(b.level$) ?? 0) - (lines(a.level$) ?? 0) || b.level$.bitrate - a.level$.bitrate);
  return [{ level: AUTO_LEVEL, label: 'Auto' }, ...options.map(({ level, label }) => ({ level, label }))];
}

/** "Auto (720p)" while Auto is on and a rendition is playing, as YouTube shows it. */
export function autoLabel(levels: readonly LevelLike[], playingLevel: number): string {
  const playing = levels[playingLevel];
  return playing ? `Auto (${levelLabel(playing, levels)})` : 'Auto';
}

/**
 * The highest hls.js level (index) Auto may choose for a player showing `width` x `height` device
 * pixels. Like hls.js's capLevelToPlayerSize it starts from the smallest level that covers the player,
 * so Auto never fetches pixels nobody sees; then it allows any higher level that costs no more bits.
 * A screen recording's backfilled 1080p rung (x264 at a quality target) is often cheaper than its
 * live 720p rung (the browser's real-time encoder) and sharper downscaled, and capping at the 720p
 * one would keep a 1280-pixel player on the worse, dearer picture for good.
 * `levels` in hls.js order (ascending); -1 when there are none.
 */
export function autoLevelCap(levels: readonly LevelLike[], width: number, height: number): number {
  if (levels.length === 0) return -1;
  const side = Math.max(width, height);
  let cap = levels.findIndex((l, i) => ((l.width ?? 0) >= side || (l.height ?? 0) >= side) && !sameSize(l, levels[i + 1]));
  if (cap === -1) return levels.length - 1;
  const budget = levels[cap]!.bitrate;
  for (let i = cap + 1; i < levels.length; i++) if (levels[i]!.bitrate <= budget) cap = i;
  return cap;
}

function sameSize(a: LevelLike, b: LevelLike | undefined): boolean {
  return b !== undefined && a.width === b.width && a.height === b.height;
}
