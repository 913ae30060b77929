import { describe, expect, it } from 'vitest';
import { PAGE_STATUS_ID, pageStatusElement, readPageStatusText, scriptSafeJson } from './page-status';

describe('scriptSafeJson', () => {
  it('cannot close its <script> element or open a comment, whatever a title says', () => {
    const title = '</script><script>alert(1)</script><!-- & \u2028';
    const text = scriptSafeJson({ title });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ title });
  });
});

describe('pageStatusElement', () => {
  it('is a JSON data element that reads back to the same value', () => {
    const status = { title: 'Demo </SCRIPT>', state: 'ready', poster: true };
    const el = pageStatusElement(status);
    expect(el.startsWith(`<script type="application/json" id="${PAGE_STATUS_ID}">`)).toBe(true);
    expect(el.match(/<\/script>/gi)).toHaveLength(1);
    const text = el.slice(el.indexOf('>') + 1, el.lastIndexOf('</script>'));
    expect(readPageStatusText(text)).toEqual(status);
  });
});

describe('readPageStatusText', () => {
  it('is undefined for a page without the element or with text that is not JSON', () => {
    expect(readPageStatusText(null)).toBeUndefined();
    expect(readPageStatusText('')).toBeUndefined();
    expect(readPageStatusText('{not json')).toBeUndefined();
  });
});
