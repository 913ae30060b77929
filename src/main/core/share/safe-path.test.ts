import { describe, expect, it } from 'vitest';
import { safeJoin } from './safe-path';
import { parseRange } from './http-files';

describe('safeJoin', () => {
  const root = '/data/share/abc';
  it('resolves plain relative paths inside the root', () => {
    expect(safeJoin(root, 'live/seg-00001.m4s')).toBe('/data/share/abc/live/seg-00001.m4s');
    expect(safeJoin(root, 'master.m3u8')).toBe('/data/share/abc/master.m3u8');
  });
  it.each([
    '../secrets.json',
    'live/../../x',
    '%2e%2e/x',
    '%2E%2E%2Fx',
    'live%2f..%2f..%2fx',
    '..%5c..%5cx',
    '/etc/passwd',
    '%2fetc%2fpasswd',
    'live//seg',
    '.',
    '...',
    'a\\b',
    'x%00.m3u8',
    '%',
    '',
    '.hidden',
  ])('refuses %s', (p) => {
    expect(safeJoin(root, p)).toBeNull();
  });
});

describe('parseRange', () => {
  it('parses the forms players send', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=0-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange(undefined, 1000)).toBeNull();
  });
  it('says when a range cannot be satisfied', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('invalid');
    expect(parseRange('bytes=5-2', 1000)).toBe('invalid');
    expect(parseRange('bytes=-0', 1000)).toBe('invalid');
  });
});
