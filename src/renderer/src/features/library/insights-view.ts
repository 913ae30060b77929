// The words and the chart geometry of a recording's insights. Pure.
import type { Insights, SignedInViewer } from '../../../../shared/insights';
import { formatDuration } from './format';

type Available = Extract<Insights, { available: true }>;

export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** the figures, in the order the card shows them */
export function insightFigures(i: Available): { label: string; value: string }[] {
  return [
    { label: 'Views', value: String(i.views) },
    { label: 'Unique viewers', value: String(i.uniqueViewers) },
    { label: 'Watch time', value: formatDuration(i.watchTimeSec * 1000) },
    { label: 'Average completion', value: percent(i.averageCompletion) },
  ];
}

/** "ann@example.com (2 views), bob@example.com and 3 anonymous viewers" */
export function viewersLine(signedIn: readonly SignedInViewer[], anonymous: number): string {
  const named = signedIn.map((v) => (v.views > 1 ? `${v.name} (${v.views} views)` : v.name));
  if (anonymous > 0) named.push(`${anonymous} anonymous ${anonymous === 1 ? 'viewer' : 'viewers'}`);
  if (named.length === 0) return 'No viewers yet.';
  return named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}`;
}

/**
 * The retention curve as an SVG path in a width × height box: one step per second, 100% at the top.
 * Empty when there is nothing to draw.
 */
export function retentionPath(retention: readonly number[], width: number, height: number): string {
  if (retention.length === 0) return '';
  const step = width / retention.length;
  const y = (share: number): number => Math.round((1 - Math.min(1, Math.max(0, share))) * height * 100) / 100;
  const x = (i: number): number => Math.round(i * step * 100) / 100;
  const parts = [`M0 ${y(retention[0]!)}`];
  retention.forEach((share, i) => {
    if (i > 0) parts.push(`V${y(share)}`);
    parts.push(`H${x(i + 1)}`);
  });
  return parts.join(' ');
}

/** what a screen reader hears for the chart */
export function retentionSummary(i: Available): string {
  if (i.views === 0) return 'No views yet.';
  const at = (t: number): number => i.retention[Math.min(i.retention.length - 1, Math.max(0, t))] ?? 0;
  const half = Math.floor(i.retention.length / 2);
  return `${percent(at(0))} watched the start, ${percent(at(half))} the middle, ${percent(at(i.retention.length - 1))} the end.`;
}
