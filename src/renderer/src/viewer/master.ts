// Has master.m3u8 changed under us? hls.js reads the master once, so the viewer re-reads it itself
// while a backfill adds renditions, and swaps to a fresh hls.js instance only when the set changed.
import { parsePlaylist } from '../../../shared/hls/parse';

/** Absolute variant URIs of a master playlist, or null when the text is not a master playlist. */
export function masterVariantUris(text: string, masterUrl: string): string[] | null {
  try {
    const parsed = parsePlaylist(text);
    if (parsed.kind !== 'master') return null;
    return parsed.variants.map((v) => new URL(v.uri, masterUrl).href);
  } catch {
    return null;
  }
}

/** True when `fresh` lists a variant that `current` does not have, or drops one it had. */
export function variantsChanged(current: readonly string[], fresh: readonly string[]): boolean {
  const have = new Set(current);
  return fresh.length !== have.size || fresh.some((uri) => !have.has(uri));
}
