import { describe, expect, it } from 'vitest';
import { parsePick, pickUrl, renderPickerPage, type PickerSource } from './picker-page';

const sources: PickerSource[] = [
  { kind: 'window', name: 'Editor <script>alert(1)</script> "x"', thumbnail: 'data:image/jpeg;base64,AAAA' },
  { kind: 'screen', name: 'Entire screen', thumbnail: null },
  { kind: 'window', name: 'Evil', thumbnail: 'javascript:alert(1)' },
];

describe('the picker page', () => {
  it('has no script, escapes window titles, and focuses the first screen', () => {
    const html = renderPickerPage(sources, 'n0nce');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Editor &lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain(`href="${pickUrl('n0nce', 1)}" autofocus`);
    expect(html).toContain("default-src 'none'");
    expect(html.indexOf('Screens')).toBeLessThan(html.indexOf('Windows'));
  });

  it('says what to do when there is nothing to record', () => {
    expect(renderPickerPage([], 'n')).toContain('Screen Recording');
  });
});

describe('a choice', () => {
  it('is one of the offered sources, from this page only', () => {
    expect(parsePick(pickUrl('abc', 2), 'abc', 3)).toEqual({ kind: 'source', index: 2 });
    expect(parsePick(pickUrl('abc', 'cancel'), 'abc', 3)).toEqual({ kind: 'cancel' });
    expect(parsePick(pickUrl('abc', 3), 'abc', 3)).toBeNull();
    expect(parsePick(pickUrl('other', 0), 'abc', 3)).toBeNull();
    expect(parsePick('https://pick.reelay.invalid/abc/01', 'abc', 3)).toBeNull();
    expect(parsePick('https://pick.reelay.invalid/abc/-1', 'abc', 3)).toBeNull();
    expect(parsePick('http://pick.reelay.invalid/abc/0', 'abc', 3)).toBeNull();
    expect(parsePick('https://example.com/abc/0', 'abc', 3)).toBeNull();
    expect(parsePick('::', 'abc', 3)).toBeNull();
  });
});
