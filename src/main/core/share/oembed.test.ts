// oEmbed: the pure answer, and the route on a real server (real HTTP, real SQLite) with the page's
// discovery tag, the embed page it points to, and links that must not be described.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkOfUrl, oembedAnswer } from './oembed';
import { embedSize } from '../../../shared/embed';
import { startTestServer, tempDir, type TestServer } from '../testing/test-server';
import type { Recording } from '../../../shared/domain';

const LINK = 'https://rec.example/v/AAAAAAAAAAAAAAAAAAAAAA';

describe('the oEmbed answer', () => {
  it('is a video with an iframe of the embed page and the poster as its thumbnail', () => {
    const a = oembedAnswer({ title: 'Q3 "plan" <draft>', link: LINK, width: 2560, height: 1440, durationMs: 61_400, posterUrl: `${LINK}/poster.jpg` }, {});
    expect(a).toMatchObject({ version: '1.0', type: 'video', provider_name: 'Reelay', provider_url: 'https://rec.example/', title: 'Q3 "plan" <draft>', width: 960, height: 540, duration: 61 });
    expect(a.html).toBe(
      `<iframe src="${LINK}/embed" width="960" height="540" title="Q3 &quot;plan&quot; &lt;draft&gt;" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>`,
    );
    // the poster is the source within 1080p's pixels
    expect(a).toMatchObject({ thumbnail_url: `${LINK}/poster.jpg`, thumbnail_width: 1920, thumbnail_height: 1080 });
  });

  it('has no thumbnail before the poster exists, and a title even when the recording has none', () => {
    const a = oembedAnswer({ title: ' \u0007 ', link: LINK, width: null, height: null, durationMs: 0, posterUrl: null }, {});
    expect(a.title).toBe('Reelay recording');
    expect(a).not.toHaveProperty('thumbnail_url');
    expect(a).not.toHaveProperty('duration');
  });

  it("fits the consumer's bounds, keeping the video's shape", () => {
    expect(embedSize({ width: 1920, height: 1080 }, 640)).toEqual({ width: 640, height: 360 });
    expect(embedSize({ width: 1920, height: 1080 }, 1280, 300)).toEqual({ width: 533, height: 300 });
    expect(embedSize({ width: 1080, height: 1920 })).toEqual({ width: 960, height: 1707 });
    expect(embedSize({ width: 1080, height: 1920 }, undefined, 640)).toEqual({ width: 360, height: 640 });
    expect(embedSize({ width: null, height: null }, 480)).toEqual({ width: 480, height: 270 });
  });

  it('reads a link, its embed page and nothing else', () => {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const url of [LINK, `${LINK}/`, `${LINK}/embed`, `${LINK}?t=30#x`]) expect(linkOfUrl(url)).toEqual({ shareId: id, link: LINK });
    for (const url of ['', 'not a url', `ftp://rec.example/v/${id}`, 'https://rec.example/v/short', `https://rec.example/v/${id}/master.m3u8`, `https://rec.example/x/v/${id}`, `javascript:alert(1)//v/${id}`]) {
      expect(linkOfUrl(url), url).toBeNull();
    }
  });
});

describe('GET /oembed on a real server', () => {
  let s: TestServer;
  let rec: Recording;
  const oembed = (url: string, extra = '&format=json') => fetch(`${s.origin}/oembed?url=${encodeURIComponent(url)}${extra}`);

  beforeAll(async () => {
    const rendererDir = tempDir('reelay-renderer-');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--><script type="module" src="./assets/viewer.js"></script></head><body></body></html>');
    s = await startTestServer({ rendererDir });
    const created = await s.call('recordings.create', { width: 1920, height: 1080, fps: 30, title: 'Onboarding walkthrough' });
    if (!created.ok) throw new Error(created.error.message);
    rec = created.value as Recording;
  });
  afterAll(async () => s?.close());

  it('is named by the viewer page, and answers with an iframe of the embed page, which any site may frame', async () => {
    const page = await (await fetch(rec.link)).text();
    const tag = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(page);
    expect(tag).not.toBeNull();
    const endpoint = tag![1]!.replace(/&amp;/g, '&');
    expect(endpoint).toBe(`${s.origin}/oembed?url=${encodeURIComponent(rec.link)}&format=json`);

    const res = await fetch(endpoint);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ version: '1.0', type: 'video', title: 'Onboarding walkthrough', width: 960, height: 540, provider_url: `${s.origin}/` });
    expect(body).not.toHaveProperty('thumbnail_url'); // no poster yet: nothing is made before the backfill
    const src = /<iframe src="([^"]+)"/.exec(String(body['html']))![1]!;
    expect(src).toBe(`${rec.link}/embed`);

    const embed = await fetch(src);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const html = await embed.text();
    // the player's own files resolve from one folder deeper; the page says it is the embed, takes no comments
    expect(html).toContain('src="/v/assets/viewer.js"');
    expect(html).toContain('<meta name="reelay:embed" content="1">');
    expect(html).not.toContain('reelay:comments');
    expect(html).not.toContain('application/json+oembed');
  });

  it('honours maxwidth and maxheight, and answers the embed page URL too', async () => {
    const body = (await (await oembed(`${rec.link}/embed`, '&format=json&maxwidth=400&maxheight=200')).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ width: 356, height: 200 });
  });

  it('refuses what is not one of its links, formats it does not offer and malformed queries', async () => {
    expect((await oembed(`https://elsewhere.example/v/${rec.shareId}`)).status).toBe(404);
    expect((await oembed(`${s.origin}/v/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await oembed(`${s.origin}/`)).status).toBe(404);
    expect((await oembed(rec.link, '&format=xml')).status).toBe(501);
    expect((await oembed(rec.link, '&maxwidth=-3')).status).toBe(400);
    expect((await fetch(`${s.origin}/oembed`)).status).toBe(400);
    expect((await fetch(`${s.origin}/oembed?url=${encodeURIComponent(rec.link)}`, { method: 'POST' })).status).toBe(405);
  });

  it('says nothing of a link that is not open to anyone, even to its owner', async () => {
    const set = await s.call('recordings.setAccess', { id: rec.id, watch: 'members', expiresAt: null });
    expect(set.ok).toBe(true);
    for (const headers of [{}, { cookie: s.cookie }] as Record<string, string>[]) {
      const res = await fetch(`${s.origin}/oembed?url=${encodeURIComponent(rec.link)}&format=json`, { headers });
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).not.toContain('Onboarding');
      expect(text).not.toContain('poster');
    }
    // and its page, for a member, names no endpoint; its embed page may not be framed either
    const page = await (await fetch(rec.link, { headers: { cookie: s.cookie } })).text();
    expect(page).not.toContain('application/json+oembed');
    const embed = await fetch(`${rec.link}/embed`, { headers: { cookie: s.cookie } });
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(embed.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${rec.link}/embed`)).status).toBe(401);
    await s.call('recordings.setAccess', { id: rec.id, watch: 'anyone', expiresAt: null });
  });
});
