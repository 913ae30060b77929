// Pairs each segment mediabunny writes with its real duration. mediabunny calls onSegment before it
// knows the segment's duration and writes the media playlist (with the EXTINF) right after, so a
// segment is released once both have arrived, in order, per media playlist.
import { parsePlaylist } from '../../../shared/hls/parse';

export interface CollectedSegment {
  /** mediabunny's 1-based media playlist number */
  playlist: number;
  /** 0-based, in order */
  seq: number;
  durationSec: number;
  data: Uint8Array;
}

export class HlsSegmentCollector {
  private readonly bytes = new Map<number, Map<number, Uint8Array>>();
  private readonly durations = new Map<number, number[]>();
  private readonly released = new Map<number, number>();

  /** segmentNumber: mediabunny's 1-based index in its playlist. */
  addSegment(playlist: number, segmentNumber: number, data: Uint8Array): CollectedSegment[] {
    let byNumber = this.bytes.get(playlist);
    if (!byNumber) this.bytes.set(playlist, (byNumber = new Map()));
    byNumber.set(segmentNumber, data);
    return this.release(playlist);
  }

  addPlaylist(playlist: number, text: string): CollectedSegment[] {
    const parsed = parsePlaylist(text);
    if (parsed.kind !== 'media') return [];
    this.durations.set(
      playlist,
      parsed.segments.map((s) => s.durationSec),
    );
    return this.release(playlist);
  }

  /** Segments written but not yet released (waiting for their duration). */
  get pendingCount(): number {
    let n = 0;
    for (const m of this.bytes.values()) n += m.size;
    return n;
  }

  private release(playlist: number): CollectedSegment[] {
    const out: CollectedSegment[] = [];
    const byNumber = this.bytes.get(playlist);
    const durations = this.durations.get(playlist) ?? [];
    let next = (this.released.get(playlist) ?? 0) + 1;
    while (byNumber?.has(next) && durations.length >= next) {
      const data = byNumber.get(next)!;
      byNumber.delete(next);
      out.push({ playlist, seq: next - 1, durationSec: durations[next - 1]!, data });
      this.released.set(playlist, next);
      next++;
    }
    return out;
  }
}
