// A time as people write it: "90", "12.5", "1:30", "1:02:03", "1m30s", "1h2m3s", "45s". Pure; the
// viewer reads a link's ?t= with it, the library a chapter's time.

/** seconds (>= 0), or null when the text is not a time */
export function parseTimeText(raw: string): number | null {
  const text = raw.trim();
  if (text === '') return null;
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(text)) seconds = Number(text);
  else if (/^(\d+:){1,2}\d{1,2}(\.\d+)?$/.test(text)) seconds = text.split(':').reduce((acc, p) => acc * 60 + Number(p), 0);
  else {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
    if (!m) return null;
    seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  }
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
