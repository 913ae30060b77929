import { describe, expect, it } from 'vitest';
import { CAPTIONS, checkVtt, formatCueTime, parseVttTimestamp } from './captions';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const check = (text: string, durationSec = 60) => checkVtt(bytes(text), durationSec);
const refusal = (text: string, durationSec = 60): string => {
  const r = check(text, durationSec);
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
};

const GOOD = `WEBVTT - a talk

NOTE written by hand

1
00:00:01.000 --> 00:00:04.000 line:90%
Hello <b>there</b>

00:05.000 --> 00:07.500
Second cue
on two lines
`;

describe('checkVtt', () => {
  it('accepts a WebVTT file with identifiers, notes, settings and short timestamps; counts its cues', () => {
    const r = check(GOOD);
    expect(r).toEqual({ ok: true, text: GOOD, cues: 2 });
  });

  it('keeps line endings as \\n and drops a byte-order mark', () => {
    const r = checkVtt(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n')]), 10);
    expect(r).toEqual({ ok: true, text: 'WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n', cues: 1 });
  });

  it('refuses a file over the size limit, saying the limit', () => {
    const big = `WEBVTT\n\n00:01.000 --> 00:02.000\n${'x'.repeat(CAPTIONS.maxBytes)}\n`;
    expect(refusal(big)).toMatch(/is 1\.0 MB; the limit is 1 MB/);
  });

  it('refuses bytes that are not UTF-8', () => {
    const latin1 = new Uint8Array([...bytes('WEBVTT\n\n00:01.000 --> 00:02.000\nCaf'), 0xe9, 0x0a]);
    const r = checkVtt(latin1, 10);
    expect(r.ok === false && r.message).toMatch(/not UTF-8 text/);
  });

  it('refuses a binary file', () => {
    expect(refusal('WEBVTT\n\n00:01.000 --> 00:02.000\nA\u0000B\n')).toBe('Line 4: the file contains a NUL character; it is not a text file.');
  });

  it('refuses a file without the WEBVTT header (an SRT file), naming line 1', () => {
    expect(refusal('1\n00:00:01,000 --> 00:00:02,000\nHi\n')).toMatch(/^Line 1: a WebVTT file starts with "WEBVTT"; this one starts with "1"\. Is it an SRT file\?/);
    expect(refusal('WEBVTTX\n')).toMatch(/^Line 1:/);
  });

  it('refuses a cue whose timing line is malformed, naming the line', () => {
    expect(refusal('WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nSRT commas\n')).toMatch(/^Line 3: "00:00:01,000 --> 00:00:02,000" is not a cue timing line/);
    expect(refusal('WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nbad seconds\n')).toMatch(/^Line 3: .* is not a cue timing line/);
  });

  it('refuses a block that has text where the timing line should be', () => {
    expect(refusal('WEBVTT\n\nintro\njust text\n')).toBe('Line 4: expected a cue timing line like "00:00:01.000 --> 00:00:04.000", found "just text".');
    expect(refusal('WEBVTT\n\nlonely identifier\n')).toMatch(/^Line 4: expected a cue timing line .* found "\(a blank line\)"/);
  });

  it('refuses a cue that ends before it starts', () => {
    expect(refusal('WEBVTT\n\n00:05.000 --> 00:03.000\nbackwards\n')).toBe('Line 3: the cue ends (0:03.000) before it starts (0:05.000).');
  });

  it('refuses cues out of time order, naming both lines', () => {
    expect(refusal('WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n')).toBe(
      'Line 6: cues must be in time order; this one starts at 0:01.000, before the cue on line 3 (0:05.000).',
    );
  });

  it('refuses cues outside the recording', () => {
    expect(refusal('WEBVTT\n\n01:00.000 --> 01:02.000\nlate\n', 30)).toBe('Line 3: the cue starts at 1:00.000, after the recording ends (0:30.000). Are these captions for another recording?');
    expect(refusal('WEBVTT\n\n00:29.000 --> 00:40.000\nruns over\n', 30)).toBe('Line 3: the cue ends at 0:40.000, after the recording ends (0:30.000).');
    // a little past the end is what caption tools write: allowed
    expect(check('WEBVTT\n\n00:29.000 --> 00:30.800\nlast\n', 30).ok).toBe(true);
  });

  it('refuses a missing blank line between cues', () => {
    expect(refusal('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:03.000 --> 00:04.000\nB\n')).toMatch(/^Line 5: a cue's text cannot contain "-->"; is a blank line missing/);
  });

  it('refuses a STYLE block after the cues, and a file with no cues', () => {
    expect(refusal('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nSTYLE\n::cue { color: red }\n')).toBe('Line 6: a STYLE block must come before the first cue.');
    expect(refusal('WEBVTT\n\nNOTE nothing here\n')).toMatch(/^The captions file has no cues/);
  });
});

describe('timestamps', () => {
  it('reads both forms and formats times for messages', () => {
    expect(parseVttTimestamp('01:02:03.500')).toBe(3723.5);
    expect(parseVttTimestamp('02:03.250')).toBe(123.25);
    expect(parseVttTimestamp('2:03.250')).toBeNull();
    expect(formatCueTime(3723.5)).toBe('1:02:03.500');
    expect(formatCueTime(5)).toBe('0:05.000');
  });
});
