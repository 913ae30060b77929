import { describe, expect, it } from 'vitest';
import { HEAD_MARKER, dropMetaPolicy, escapeHtml, injectViewerHead, renderViewerHead } from './viewer-head';

const link = 'https://cdn.example.com/rec/AbCdEfGhIjKlMnOpQrStUv';

describe('renderViewerHead', () => {
  it('gives the title and Open Graph / Twitter preview tags', () => {
    const head = renderViewerHead({ title: 'Weekly demo', link, posterUrl: `${link}/poster.jpg` });
    expect(head).toContain('<title>Weekly demo · Reelay</title>');
    expect(head).toContain('<meta property="og:title" content="Weekly demo">');
    expect(head).toContain(`<meta property="og:url" content="${link}">`);
    expect(head).toContain('<meta property="og:type" content="video.other">');
    expect(head).toContain(`<meta property="og:image" content="${link}/poster.jpg">`);
    expect(head).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(head).toContain(`<meta name="twitter:image" content="${link}/poster.jpg">`);
  });

  it('escapes the title everywhere it appears', () => {
    const title = `</title><script>alert("x")</script> & 'friends'`;
    const head = renderViewerHead({ title, link, posterUrl: null });
    expect(head).not.toContain('<script>');
    expect(head).not.toContain('</title><');
    expect(head).toContain(`<title>${escapeHtml(title)} · Reelay</title>`);
    expect(head).toContain('&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;');
    // every attribute value stays inside its quotes
    for (const m of head.matchAll(/content="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]/);
  });

  it('has no image tags without a poster, and resolves a relative poster against the link', () => {
    const none = renderViewerHead({ title: 't', link, posterUrl: null });
    expect(none).not.toContain('og:image');
    expect(none).toContain('content="summary"');
    const rel = renderViewerHead({ title: 't', link, posterUrl: 'poster.jpg' });
    expect(rel).toContain(`content="${link}/poster.jpg"`);
    expect(renderViewerHead({ title: 't', link, posterUrl: 'javascript:alert(1)' })).not.toContain('javascript:');
  });

  it('never renders an empty title or control characters', () => {
    expect(renderViewerHead({ title: '  \u0000 ', link, posterUrl: null })).toContain('<title>Reelay recording · Reelay</title>');
    expect(renderViewerHead({ title: 'a\nb', link, posterUrl: null })).toContain('<title>a b · Reelay</title>');
  });
});

describe('injectViewerHead', () => {
  const html = `<!doctype html><html><head><meta charset="UTF-8" />${HEAD_MARKER}<script src="./assets/v.js"></script></head><body></body></html>`;

  it('replaces the marker', () => {
    const out = injectViewerHead(html, renderViewerHead({ title: 'Demo', link, posterUrl: null }));
    expect(out).not.toContain(HEAD_MARKER);
    expect(out).toMatch(/<meta charset="UTF-8" \/><title>Demo · Reelay<\/title>/);
    expect(out).toContain('<script src="./assets/v.js"></script></head>');
  });

  it('keeps "$" sequences in titles literal', () => {
    const out = injectViewerHead(html, renderViewerHead({ title: "Costs $& $' $1", link, posterUrl: null }));
    expect(out).toContain('<title>Costs $&amp; $&#39; $1 · Reelay</title>');
  });

  it('falls back to the end of <head> when the marker is missing', () => {
    const out = injectViewerHead('<html><head></head><body></body></html>', '<title>x</title>');
    expect(out).toBe('<html><head><title>x</title>\n</head><body></body></html>');
  });
});

describe('dropMetaPolicy', () => {
  it("removes the template's meta policy (the server's header carries it) and nothing else", () => {
    const html = '<head><meta charset="UTF-8" />\n<meta\n  http-equiv="Content-Security-Policy"\n  content="default-src \'self\'"\n/>\n<meta name="referrer" content="no-referrer" /></head>';
    const out = dropMetaPolicy(html);
    expect(out).not.toContain('Content-Security-Policy');
    expect(out).toContain('<meta charset="UTF-8" />');
    expect(out).toContain('<meta name="referrer" content="no-referrer" />');
  });
});
