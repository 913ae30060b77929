// Clock text for the time display and the seek bar's accessible value.
import { parseTimeText } from '../../../shared/time-text';

export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 0;
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Spoken form for screen readers: "1 minute 5 seconds". */
export function spokenTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 0;
  const total = Math.floor(seconds);
  const parts: [number, string][] = [
    [Math.floor(total / 3600), 'hour'],
    [Math.floor((total % 3600) / 60), 'minute'],
    [total % 60, 'second'],
  ];
  const said = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
  return said.length > 0 ? said.join(' ') : '0 seconds';
}

/**
 * A start time from a shared link: `?t=90`, `?t=1m30s`, `?t=1h2m3s`, `#t=1:30` (YouTube and Loom forms).
 * Null when absent, zero or unreadable.
 */
export function parseStartTime(href: string): number | null {
  const url = new URL(href);
  const raw = url.searchParams.get('t') ?? new URLSearchParams(url.hash.slice(1)).get('t');
  const seconds = raw === null ? null : parseTimeText(raw);
  return seconds !== null && seconds > 0 ? seconds : null;
}
