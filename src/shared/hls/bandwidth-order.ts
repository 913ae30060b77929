// What a master playlist advertises must rise with the picture: players that rank variants by
// BANDWIDTH (Safari's native HLS, several MSE players) take the highest one their throughput covers,
// so a larger rung listed below a smaller one is never chosen on a fast network and is skipped on the
// way down. Measured figures are not monotonic by nature (a capped-CRF 1080p of a still screen can
// cost less than a constant-rate live 720p), so the order is made here, by construction.
import type { VariantStream } from './master-playlist';

const area = (v: VariantStream): number => (v.width ?? 0) * (v.height ?? 0);

/**
 * The variants, smallest picture first, each claiming more BANDWIDTH (and no less AVERAGE-BANDWIDTH)
 * than every smaller one: a figure below a smaller rung's is raised just above it. Raising (rather
 * than lowering the smaller rung's) keeps every claim at or above what the stream really needs, so a
 * player that trusts it never stalls; the larger rung is only chosen a little later.
 */
export function risingBandwidth(variants: readonly VariantStream[]): VariantStream[] {
  const sorted = [...variants].sort((a, b) => area(a) - area(b) || a.bandwidth - b.bandwidth);
  let floor = 0;
  let averageFloor = 0;
  return sorted.map((v) => {
    const bandwidth = Math.max(Math.ceil(v.bandwidth), floor + 1);
    floor = bandwidth;
    const out: VariantStream = { ...v, bandwidth };
    if (v.averageBandwidth !== undefined) {
      out.averageBandwidth = Math.min(bandwidth, Math.max(Math.ceil(v.averageBandwidth), averageFloor + 1));
      averageFloor = out.averageBandwidth;
    }
    return out;
  });
}
