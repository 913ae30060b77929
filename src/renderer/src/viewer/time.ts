// Clock text for the time display and the seek bar's accessible value.
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
 * A start time from a shared link: `?t=90`, `?t=1m30s`, `#t=1:30` (YouTube and Loom forms).
 * Null when absent or unreadable.
 */
export function parseStartTime(href: string): number | null {
  const url = new URL(href);
  const raw = url.searchParams.get('t') ?? new URLSearchParams(url.hash.slice(1)).get('t');
  if (raw === null) return null;
  const text = raw.trim();
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(text)) seconds = Number(text);
  else if (/^(\d+:){1,2}\d{1,2}(\.\d+)?$/.test(text)) seconds = text.split(':').reduce((acc, p) => acc * 60 + Number(p), 0);
  else {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
    if (!m || text === '') return null;
    seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  }
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}
