// Captions of a recording: a WebVTT file the owner adds, checked here before it is kept and published
// as the master playlist's subtitles rendition. Pure (the library checks a file before sending it,
// the core checks it again); every refusal names the line and says what to fix.

export const CAPTIONS = {
  /** bytes of a captions file */
  maxBytes: 1_000_000,
  /** a cue may end this far past the recording's end (players stop there anyway) */
  endSlackSec: 1,
  /** characters of the name players show in their captions menu */
  maxLabelChars: 40,
  defaultLabel: 'Captions',
} as const;

export interface CaptionsInfo {
  /** the name players show, e.g. "English" */
  label: string;
  /** BCP 47, e.g. "en"; null: not said */
  language: string | null;
  cues: number;
  bytes: number;
  updatedAt: number;
}

export type VttCheck = { ok: true; text: string; cues: number } | { ok: false; message: string };

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

/** seconds of a WebVTT timestamp (`hh:mm:ss.ttt` or `mm:ss.ttt`), or null */
export function parseVttTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/** `1:02.500` or `1:02:03.500`: how a refusal names a time */
export function formatCueTime(sec: number): string {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const fail = (message: string): VttCheck => ({ ok: false, message });
const quote = (line: string): string => `"${line.length > 60 ? `${line.slice(0, 57)}...` : line}"`;

/** bytes as UTF-8 text without a byte-order mark; null when they are not UTF-8 */
function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Checks a WebVTT captions file for a recording `durationSec` long: size, UTF-8, the WEBVTT header,
 * each cue's timing line, cue times in order and within the recording. The text it returns has its
 * line endings made `\n`: what is kept and published.
 */
export function checkVtt(bytes: Uint8Array, durationSec: number): VttCheck {
  if (bytes.byteLength > CAPTIONS.maxBytes) {
    return fail(`The captions file is ${(bytes.byteLength / 1e6).toFixed(1)} MB; the limit is ${CAPTIONS.maxBytes / 1e6} MB. Split the recording's captions or remove styling.`);
  }
  const decoded = decodeUtf8(bytes);
  if (decoded === null) return fail('The captions file is not UTF-8 text. Save it as UTF-8 (WebVTT files must be) and add it again.');
  const lines = decoded.replace(/\r\n?/g, '\n').split('\n');
  const nul = lines.findIndex((l) => l.includes('\u0000'));
  if (nul !== -1) return fail(`Line ${nul + 1}: the file contains a NUL character; it is not a text file.`);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    return fail(`Line 1: a WebVTT file starts with "WEBVTT"; this one starts with ${quote(lines[0] ?? '')}. Is it an SRT file? Convert it to WebVTT first.`);
  }
  let i = 1;
  // the header's own lines run to the first blank line
  while (i < lines.length && lines[i] !== '') i++;
  let cues = 0;
  let previous: { start: number; line: number } | null = null;
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
      continue;
    }
    const blockStart = i;
    let end = i;
    while (end < lines.length && lines[end] !== '') end++;
    const first = lines[blockStart]!;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first) && !first.includes('-->')) {
      if (first.startsWith('NOTE') || cues === 0) {
        i = end;
        continue;
      }
      return fail(`Line ${blockStart + 1}: a ${first.split(/[ \t]/)[0]} block must come before the first cue.`);
    }
    // an optional cue identifier, then the timing line
    const timingAt = first.includes('-->') ? blockStart : blockStart + 1;
    const timing = timingAt < end ? lines[timingAt]! : null;
    if (timing === null || !timing.includes('-->')) {
      return fail(`Line ${timingAt + 1}: expected a cue timing line like "00:00:01.000 --> 00:00:04.000", found ${quote(timing ?? '(a blank line)')}.`);
    }
    const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$/.exec(timing);
    const start = m ? parseVttTimestamp(m[1]!) : null;
    const stop = m ? parseVttTimestamp(m[2]!) : null;
    if (start === null || stop === null) {
      return fail(`Line ${timingAt + 1}: ${quote(timing)} is not a cue timing line; times are written hh:mm:ss.ttt or mm:ss.ttt, e.g. "00:01:02.500 --> 00:01:04.000".`);
    }
    if (stop <= start) return fail(`Line ${timingAt + 1}: the cue ends (${formatCueTime(stop)}) before it starts (${formatCueTime(start)}).`);
    if (previous && start < previous.start) {
      return fail(`Line ${timingAt + 1}: cues must be in time order; this one starts at ${formatCueTime(start)}, before the cue on line ${previous.line} (${formatCueTime(previous.start)}).`);
    }
    if (start >= durationSec) {
      return fail(`Line ${timingAt + 1}: the cue starts at ${formatCueTime(start)}, after the recording ends (${formatCueTime(durationSec)}). Are these captions for another recording?`);
    }
    if (stop > durationSec + CAPTIONS.endSlackSec) {
      return fail(`Line ${timingAt + 1}: the cue ends at ${formatCueTime(stop)}, after the recording ends (${formatCueTime(durationSec)}).`);
    }
    const arrow = lines.slice(timingAt + 1, end).findIndex((l) => l.includes('-->'));
    if (arrow !== -1) return fail(`Line ${timingAt + 2 + arrow}: a cue's text cannot contain "-->"; is a blank line missing before this cue?`);
    previous = { start, line: timingAt + 1 };
    cues++;
    i = end;
  }
  if (cues === 0) return fail('The captions file has no cues: add at least one, like "00:00:01.000 --> 00:00:04.000" followed by its text.');
  return { ok: true, text: lines.join('\n'), cues };
}
