// Issue 3 end to end: a 1920x1080 recording in server mode plays its live variant right after Stop,
// then the backfill adds the ladder to the same link, the library shows its progress, a viewer who was
// already watching gets the new rungs, and hls.js forced onto each rung in turn plays to the end.
//
// No X server needed: Chromium's fake screen (--use-fake-device-for-media-stream) is as large as the
// page's getDisplayMedia constraints ask. Measured with Chromium 156: `{ width: { max: 1920 }, height:
// { max: 1080 } }` (what the app asks for on a 2-core machine) gives a 1920x1080 track whatever the
// viewport; only an unconstrained `{ video: true }` follows the viewport (1280x720 by default).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, serve, signInContext, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { LOCAL_LINK, between, clickAt, readShareLink, shownAt } from './support/app';
import { hoverSeekBar, openViewer } from './support/viewer';
import { checkMediaPlaylist, fetchOk, openHeldViewer, playAcrossRungs, readMaster, readStatus, renditionTimeline, shortBodies, tornRead, switchGaps, type RungPlayResult, type Variant } from './support/backfill-media';
import { planLadder } from '../src/shared/hls/ladder';
import { topLevelTypes } from '../src/main/core/media/mp4';
import type { BackfillState, Recording } from '../src/shared/domain';

const RECORD_MS = 10_000;
const SOURCE = { width: 1920, height: 1080 };
const LIVE = { width: 1280, height: 720 };
const RUNG_PLAY_RATE = Number(process.env['REELAY_E2E_RUNG_RATE'] ?? 2);

type ViewerWindow = { __reelayViewer: { hls: { levels: { width: number; height: number }[] } | null; video: HTMLVideoElement } };

let browser: Browser;
let server: ServeProcess;
beforeAll(async () => {
  browser = await launchChromium();
  server = await serve();
});
afterAll(async () => {
  if (shortBodies.length > 0) console.warn(`[backfill] ${shortBodies.length} response(s) from the share server came short and were retried:\n  ${shortBodies.join('\n  ')}`);
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

async function recordingByLink(link: string): Promise<Recording> {
  const rec = (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link);
  if (!rec) throw new Error(`no recording with link ${link}`);
  return rec;
}

/** the steps share one recording: after a failed step the later ones stop at once, naming it */
let brokenStep: string | null = null;
function step(name: string, fn: () => Promise<void> | void, opts: { later: 'stop' | 'continue' } = { later: 'stop' }): void {
  it(name, async () => {
    if (brokenStep) throw new Error(`not run: the earlier step "${brokenStep}" failed`);
    try {
      await fn();
    } catch (e) {
      if (opts.later === 'stop') brokenStep = name;
      throw e;
    }
  });
}

const levelsOf = (page: Page) => page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.hls?.levels.map((l) => `${l.width}x${l.height}`) ?? []);
const sizes = (vs: Variant[]) => vs.map((v) => `${v.width}x${v.height}`).sort();

describe('backfill: a 1920x1080 recording plays live at Stop, then grows the ladder on the same link', () => {
  // shared by the steps below, which run in order
  let app: Page;
  let link = '';
  /** the recording's length as the library states it (checked against the test's own clock once) */
  let durationSec = 0;
  let early: Page;
  /** where each fragment starts and ends, from the top rung's playlist (all rungs share the live grid) */
  let fragmentTimes: { start: number; end: number }[] = [];
  const expectedRungs = planLadder({ source: SOURCE, sourceFrameRate: 30, live: LIVE });

  step('plans r1080, r720 (the live rung\'s replacement) and r480 for a 1920x1080 screen (the ladder this spec expects)', () => {
    expect(expectedRungs.map((r) => `${r.name} ${r.width}x${r.height}`)).toEqual(['r1080 1920x1080', 'r720 1280x720', 'r480 854x480']);
  });

  step('records 10 s of a 1920x1080 screen; right after Stop the link plays the live variant, the only one listed', async () => {
    const context = await browser.newContext({ viewport: null, permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
    await signInContext(context, server);
    app = await context.newPage();
    app.on('pageerror', (e) => console.error('[app page error]', e.message));
    await app.goto(server.url);
    await app.getByRole('button', { name: 'Start recording' }).click();
    const started = await shownAt(app.getByRole('button', { name: 'Pause' }));
    link = await readShareLink(app);
    expect(link).toMatch(LOCAL_LINK);
    await app.waitForTimeout(Math.max(0, RECORD_MS - (Date.now() - started.after)));
    const recorded = between(started, await clickAt(app.getByRole('button', { name: 'Stop' })));

    await expect.poll(async () => (await recordingByLink(link)).state, { timeout: 30_000 }).toBe('ready');
    const rec = await recordingByLink(link);
    expect({ width: rec.width, height: rec.height }).toEqual(SOURCE);
    console.log(`[backfill] recorded ${rec.durationMs} ms; the test saw ${Math.round(recorded.min * 1000)}–${Math.round(recorded.max * 1000)} ms`);
    // within half a second of the span the test saw, widened by how long its look and click took
    expect(rec.durationMs / 1000).toBeGreaterThan(recorded.min - 0.5);
    expect(rec.durationMs / 1000).toBeLessThan(recorded.max + 0.5);
    durationSec = rec.durationMs / 1000;

    // at once: only the live variant, ~720p, complete
    const master = await readMaster(link);
    expect(master && sizes(master)).toEqual(['1280x720']);
    const live = await checkMediaPlaylist(master![0]!);
    expect(live.ended).toBe(true);
    expect(Math.abs(live.totalSec - rec.durationMs / 1000)).toBeLessThan(0.5);

    // a viewer who opens the link now sees the picture move, at 720p, and is told better is coming
    early = await openViewer(browser, link);
    const first = await early.evaluate(async () => {
      const { video } = (window as unknown as ViewerWindow).__reelayViewer;
      video.muted = true;
      await video.play();
      const t0 = video.currentTime;
      await new Promise((r) => setTimeout(r, 2_000));
      video.pause();
      return { advanced: video.currentTime - t0, height: video.videoHeight };
    });
    expect(first.advanced).toBeGreaterThan(1);
    expect(first.height).toBe(720);
    expect(await levelsOf(early)).toEqual(['1280x720']);
  });

  step('shows the backfill running with growing progress in the library, then done', async () => {
    await app.getByRole('link', { name: 'Library', exact: true }).click();
    const card = app.locator('article').filter({ has: app.locator(`a[href="${link}"], input[value="${link}"]`) }).first();
    const states: BackfillState[] = [];
    const progress: number[] = [];
    let etaSeen = false;
    let uiRunning = '';
    let badgeSeen = false;
    // what the link itself says, next to the API: status.json (what viewers poll) and master.m3u8
    // the ffmpeg-made r720 takes the live rung's place once listed (the live rung costs a constant 1.2 Mbit/s)
    const expectedMaster = expectedRungs.map((r) => `${r.width}x${r.height}`).sort().join(' ');
    const linkLog: string[] = [];
    let statusDoneMaster: string | null = null;
    const t0 = Date.now();
    const deadline = t0 + 180_000;
    for (;;) {
      const { backfill } = await recordingByLink(link);
      if (states[states.length - 1] !== backfill.state) states.push(backfill.state);
      if (backfill.state === 'failed' || backfill.state === 'cancelled') {
        throw new Error(`backfill ${backfill.state}: ${backfill.error}\n--- server output ---\n${server.output().slice(-4000)}`);
      }
      if (Date.now() > deadline) throw new Error(`backfill still ${backfill.state} after 180 s\n--- server output ---\n${server.output().slice(-4000)}\n${linkLog.join('\n')}`);
      const status = await readStatus(link).catch(tornRead(`${link}/status.json`));
      const master = await readMaster(link).catch(tornRead(`${link}/master.m3u8`));
      if (status === undefined || master === undefined) continue;
      const masterNow = sizes(master ?? []).join(' ');
      const line = `api=${backfill.state} status.json=${status?.backfill} master=[${masterNow}]`;
      if (!linkLog[linkLog.length - 1]?.endsWith(line)) linkLog.push(`+${((Date.now() - t0) / 1000).toFixed(2)}s ${line}`);
      if (status?.backfill === 'done' && statusDoneMaster === null) statusDoneMaster = masterNow;
      // done as far as the API says, and published as far as a viewer can tell
      if (backfill.state === 'done' && status?.backfill === 'done' && masterNow === expectedMaster) break;
      if (backfill.state === 'running') {
        progress.push(backfill.progress);
        if (backfill.etaSeconds !== null) etaSeen = true;
        const text = (await card.textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
        const m = /Making HD versions: \d+%[^A-Z]*/.exec(text);
        if (m) uiRunning = m[0];
        if (!badgeSeen) badgeSeen = await early.getByText('Higher quality on the way').isVisible();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`[backfill] the link while backfilling:\n  ${linkLog.join('\n  ')}`);
    // status.json saying "done" is what makes a viewer stop looking for new rungs: by then they must all be listed
    expect(statusDoneMaster).toBe(expectedMaster);
    console.log(`[backfill] states ${states.join(' → ')}; progress ${progress.map((p) => p.toFixed(2)).join(' ')}; library said "${uiRunning}"`);
    expect(states).toContain('running');
    expect(states[states.length - 1]).toBe('done');
    // progress only grows, and moved while running
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(new Set(progress).size).toBeGreaterThan(1);
    expect(etaSeen).toBe(true);
    expect(uiRunning).toMatch(/^Making HD versions: \d+%/);
    expect(badgeSeen).toBe(true);
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 15_000 }).toContain('HD versions ready');
    // the library row shows the poster
    const rec = await recordingByLink(link);
    expect(rec.posterUrl).toBeTruthy();
    await expect.poll(async () => card.locator('img').first().getAttribute('src'), { timeout: 15_000 }).toBe(rec.posterUrl);
  });

  step('then master.m3u8 lists the new rungs, the ffmpeg-made 720p in the live one\'s place, BANDWIDTH rising with the picture, none above the source, every file fetchable', async () => {
    const rec = await recordingByLink(link);
    const master = (await readMaster(link))!;
    const expected = expectedRungs.map((r) => `${r.width}x${r.height}`).sort();
    expect(sizes(master)).toEqual(expected);
    expect(master.map((v) => v.uri)).not.toContain('live/index.m3u8');
    const bySize = [...master].sort((a, b) => a.width * a.height - b.width * b.height);
    bySize.slice(1).forEach((v, i) => expect(v.bandwidth).toBeGreaterThan(bySize[i]!.bandwidth));
    // viewers already on the live rung keep it: its playlist stays published, complete
    const livePlaylist = await checkMediaPlaylist({ ...master[0]!, uri: 'live/index.m3u8', url: `${link}/live/index.m3u8`, width: LIVE.width, height: LIVE.height });
    expect(livePlaylist.ended).toBe(true);
    for (const v of master) {
      expect(v.width * v.height).toBeLessThanOrEqual(SOURCE.width * SOURCE.height);
      expect(v.bandwidth).toBeGreaterThan(0);
      expect(v.attributes['CODECS']).toMatch(/avc1\./);
      expect(Number(v.attributes['FRAME-RATE'])).toBeGreaterThan(0);
      const media = await checkMediaPlaylist(v);
      expect(media.ended).toBe(true);
      if (v.height === SOURCE.height) {
        let at = 0;
        fragmentTimes = media.durations.map((d) => ({ start: at, end: (at += d) }));
      }
      expect(Math.abs(media.totalSec - rec.durationMs / 1000)).toBeLessThan(0.5);
    }

    const poster = new Uint8Array(await (await fetchOk(`${link}/poster.jpg`)).arrayBuffer());
    expect([poster[0], poster[1]]).toEqual([0xff, 0xd8]);
    const vtt = await (await fetchOk(`${link}/thumbs.vtt`)).text();
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    const sheet = /^(\S+?)#xywh=\d+,\d+,\d+,\d+$/m.exec(vtt);
    expect(sheet).not.toBeNull();
    const sheetBytes = new Uint8Array(await (await fetchOk(new URL(sheet![1]!, `${link}/thumbs.vtt`).href)).arrayBuffer());
    expect([sheetBytes[0], sheetBytes[1]]).toEqual([0xff, 0xd8]);
    const mp4 = new Uint8Array(await (await fetchOk(`${link}/download.mp4`)).arrayBuffer());
    const boxes = topLevelTypes(mp4);
    expect(boxes[0]).toBe('ftyp');
    expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
  });

  step(
    'every switch between the live variant and a rung, at any segment boundary, leaves no gap the browser has to skip',
    async () => {
      // Chromium's MSE takes audio that starts before the previous segment's ends, or more than two
      // frames after it, for a discontinuity: it drops every track's frames up to the next keyframe
      // (seen: the picture stood still for a whole segment after a switch), and a hole in the buffered
      // range stalls playback. Every rendition carries the live rendition's audio frames, so the
      // audio timeline must be the same whichever renditions meet at a boundary.
      // the live rendition too: a viewer who opened the link early switches from it to the rungs
      const master = (await readMaster(link))!;
      const live = { ...master[0]!, uri: 'live/index.m3u8', url: `${link}/live/index.m3u8`, width: LIVE.width, height: LIVE.height };
      const timelines = await Promise.all([live, ...master].map((v) => renditionTimeline(v)));
      const gaps = switchGaps(timelines);
      const worst = (kind: 'audio' | 'video') =>
        gaps.filter((g) => g[kind] !== null).sort((a, b) => b[kind]! - a[kind]!)[0];
      const ms = (s: number | null | undefined) => (s === null || s === undefined ? '-' : `${(s * 1000).toFixed(1)} ms`);
      const videoFrame = 1 / (timelines.find((t) => t.videoFrameRate)?.videoFrameRate ?? 30);
      const table = timelines.map((t) => `${t.name}: ${t.segments.map((s) => `v ${s.video?.map((x) => x.toFixed(3)).join('-')} a ${s.audio?.map((x) => x.toFixed(3)).join('-')}`).join(' | ')}`);
      const largest = (['audio', 'video'] as const).map((kind) => {
        const g = worst(kind);
        return g ? `${kind}: ${ms(g[kind])} (${g.from} segment ${g.at} → ${g.to} segment ${g.at + 1})` : `${kind}: -`;
      });
      console.log(`[backfill] largest gaps at a switch: ${largest.join('; ')}\n  ${table.join('\n  ')}`);
      const tooWide = gaps.filter((g) => Math.abs(g.audio ?? 0) > 0.001 || (g.video ?? 0) > videoFrame + 0.001 || (g.video ?? 0) < -0.001);
      expect(
        tooWide.map((g) => `${g.from} segment ${g.at} → ${g.to} segment ${g.at + 1}: audio gap ${ms(g.audio)}, video gap ${ms(g.video)}`),
        `audio not continuous (within 1 ms), or video apart by more than one frame (${ms(videoFrame)}) or overlapping`,
      ).toEqual([]);
    },
    { later: 'continue' },
  );

  step('the viewer who opened the link before the backfill gets the new rungs and plays on to the end', async () => {
    await expect.poll(async () => (await levelsOf(early)).sort(), { timeout: 30_000 }).toEqual(sizes((await readMaster(link))!));
    await expect.poll(() => early.getByText('Higher quality on the way').isVisible(), { timeout: 15_000 }).toBe(false);
    const played = await early.evaluate(async () => {
      const { video } = (window as unknown as ViewerWindow).__reelayViewer;
      let stalls = 0;
      video.addEventListener('waiting', () => stalls++);
      video.playbackRate = 2;
      const ended = new Promise<boolean>((resolve) => {
        video.addEventListener('ended', () => resolve(true), { once: true });
        setTimeout(() => resolve(false), 60_000);
      });
      await video.play();
      return { ended: await ended, at: video.currentTime, stalls };
    });
    console.log(`[backfill] early viewer after the swap: ${JSON.stringify(played)}`);
    expect(played.ended).toBe(true);
    expect(Math.abs(played.at - durationSec)).toBeLessThan(0.5);
    await early.context().close();
  });

  step('a fresh viewer: the quality menu lists Auto and every rung; forced onto each rung in turn it plays across the switches to the end without stalls', async () => {
    const { page: viewer, release } = await openHeldViewer(browser, link);
    await expect.poll(async () => (await levelsOf(viewer)).length, { timeout: 30_000 }).toBe(expectedRungs.length);
    const levels = await levelsOf(viewer);
    const heightOf = (level: number) => Number(levels[level]!.split('x')[1]);

    // the menu: Auto, then every rung by its height, highest first, each option naming its hls.js level
    const quality = viewer.getByLabel('Quality');
    await expect.poll(() => quality.isVisible()).toBe(true);
    const options = await quality.locator('option').evaluateAll((els) => els.map((o) => ({ value: Number((o as HTMLOptionElement).value), label: o.textContent ?? '' })));
    expect(options[0]!.label).toMatch(/^Auto/);
    expect(options[0]!.value).toBe(-1);
    expect(options.slice(1).map((o) => o.label)).toEqual(['1080p', '720p', '480p']);
    for (const o of options.slice(1)) expect(`${heightOf(o.value)}p`).toBe(o.label);

    // hls.js on every rung in turn, top down and round again, at 2x
    const order = options.slice(1).map((o) => o.value);
    const played = await playAcrossRungs(viewer, release, order, { fragments: fragmentTimes.length, rate: RUNG_PLAY_RATE, timeoutMs: 60_000 });
    const { trace, samples, ...summary } = played;
    // where the picture stood still (no new frame for 0.5 s of media time or more)
    const stretches = stillStretches(samples);
    const still = stretches.filter((x) => x.to - x.from >= 0.5).map((x) => `${x.from.toFixed(2)}-${x.to.toFixed(2)}`);
    console.log(`[backfill] forced rungs: ${JSON.stringify(summary)}; ${samples.length} samples, frames shown ${samples[0]?.frames ?? 0} → ${samples.at(-1)?.frames ?? 0}; picture still: ${still.join(' ') || 'never'}`);
    try {
      // the picture never stands still for a second or more of media time (a switch that went wrong
      // showed the new rung's first frame and nothing more until its next keyframe, 2 s on)
      expect(Math.max(0, ...stretches.map((x) => x.to - x.from)), `picture still: ${still.join(' ')}`).toBeLessThan(1);
      checkForcedPlayback(played, order, heightOf);
    } catch (e) {
      console.log(`[backfill] what the viewer did:\n  ${trace.join('\n  ')}\n  samples (t height frames): ${samples.map((x) => `${x.t.toFixed(2)} ${x.height} ${x.frames}`).join(' | ')}`);
      throw e;
    }

    // choosing in the menu drives the engine: each rung, then Auto again
    for (const o of [...options.slice(1), options[0]!]) {
      await quality.selectOption(String(o.value));
      expect(await viewer.evaluate(() => (window as unknown as { __reelayViewer: { hls: { manualLevel: number } } }).__reelayViewer.hls.manualLevel)).toBe(o.value);
    }
    await viewer.context().close();
  });

  step('Auto picks the rung the network can carry: 1080p on a fast one, 480p on a weak one (400 kbit/s), and plays', async () => {
    /** a fresh full-HD viewer on Auto, throttled by Chromium's own network emulation if asked */
    const autoViewer = async (kbps: number | null, rate: number) => {
      // a HiDPI screen: the player (at most 1232 CSS px wide) shows 2464 device pixels, so Auto may take
      // 1080p; at 1x its cap by player size is the 720p rung, which now costs less (the ladder rises)
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 2 });
      const page = await context.newPage();
      // which rung each media segment came from, in the order they arrived
      const fetched: { rung: string; seq: number }[] = [];
      page.on('requestfinished', (r) => {
        const m = /\/v\/[^/]+\/([^/]+)\/seg-(\d+)\.m4s/.exec(r.url());
        if (m) fetched.push({ rung: m[1]!, seq: Number(m[2]) });
      });
      if (kbps !== null) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: (kbps * 1000) / 8, uploadThroughput: (kbps * 1000) / 8 });
      }
      await page.goto(link);
      await page.waitForFunction(() => ((window as unknown as ViewerWindow).__reelayViewer?.hls?.levels.length ?? 0) === 3, null, { timeout: 30_000 });
      const played = await page.evaluate(async (rate) => {
        const { video } = (window as unknown as ViewerWindow).__reelayViewer;
        let stalls = 0;
        let playing = false;
        video.addEventListener('playing', () => (playing = true));
        video.addEventListener('waiting', () => playing && stalls++);
        video.muted = true;
        video.playbackRate = rate;
        await video.play();
        const until = performance.now() + 40_000;
        while (video.currentTime < 6 && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
        video.pause();
        const estimate = (window as unknown as { __reelayViewer: { hls: { bandwidthEstimate: number } } }).__reelayViewer.hls.bandwidthEstimate;
        return { at: video.currentTime, height: video.videoHeight, stalls, estimateKbps: Math.round(estimate / 1000) };
      }, rate);
      const auto = (await page.getByLabel('Quality').locator('option').first().textContent()) ?? '';
      await context.close();
      return { ...played, auto, fetched };
    };
    const fast = await autoViewer(null, 2);
    // 480p with its sound needs ~0.3 Mbit/s at 1x; 1080p (~0.9) must stay out of reach even when
    // hls.js's estimate runs high (at 0.7 Mbit/s it once took the last two segments at 1080p)
    const weak = await autoViewer(400, 1);
    const show = (v: typeof fast) => `${v.auto}, picture ${v.height}p at ${v.at.toFixed(1)} s, stalls ${v.stalls}, estimate ${v.estimateKbps} kbit/s, segments ${v.fetched.map((f) => `${f.rung}#${f.seq}`).join(' ')}`;
    console.log(`[backfill] Auto on a fast network: ${show(fast)}\n  on a weak one: ${show(weak)}`);
    // after the first two segments (hls.js starts on the first listed rung, then measures), Auto stays on one rung
    const settled = (v: typeof fast) => [...new Set(v.fetched.filter((f) => f.seq >= 2).map((f) => f.rung))];
    expect(settled(fast)).toEqual(['r1080']);
    expect(fast.auto).toBe('Auto (1080p)');
    expect(fast.height).toBe(1080);
    expect(settled(weak)).toEqual(['r480']);
    expect(weak.auto).toBe('Auto (480p)');
    expect(weak.height).toBe(480);
    for (const v of [fast, weak]) {
      expect(v.at).toBeGreaterThanOrEqual(6);
      expect(v.stalls).toBe(0);
    }
  }, { later: 'continue' });

  step('a viewer hovering the seek bar sees the thumbnail of the moment under the pointer, and can download the MP4', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForFunction(() => ((window as unknown as ViewerWindow).__reelayViewer?.video.duration ?? 0) > 0, null, { timeout: 30_000 });
    const hoverAt = (fraction: number) => hoverSeekBar(page, fraction);
    const early = await hoverAt(0.1);
    const late = await hoverAt(0.9);
    console.log(`[backfill] seek bar bubble: ${JSON.stringify({ early, late })}`);
    expect(early.sprite).toMatch(/thumbs\.jpg/);
    expect(late.sprite).toBe(early.sprite);
    // a different moment, a different tile of the sheet
    expect(late.at).not.toBe(early.at);
    const seconds = (t: string) => t.split(':').reduce((s, x) => s * 60 + Number(x), 0);
    expect(Math.abs(seconds(early.time) - 0.1 * durationSec)).toBeLessThanOrEqual(1);
    expect(Math.abs(seconds(late.time) - 0.9 * durationSec)).toBeLessThanOrEqual(1);

    const download = page.getByRole('link', { name: 'Download' });
    await expect.poll(() => download.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await download.getAttribute('href')).toBe(`${link}/download.mp4`);
    await context.close();
  });

  /** every stretch of media time (s) over which the element presented no new frame, from its first sample to its last */
  function stillStretches(samples: RungPlayResult['samples']): { from: number; to: number }[] {
    const out: { from: number; to: number }[] = [];
    for (let i = 1, from = 0; i < samples.length; i++) {
      if (samples[i]!.frames !== samples[from]!.frames) from = i;
      else if (i + 1 === samples.length || samples[i + 1]!.frames !== samples[i]!.frames) out.push({ from: samples[from]!.t, to: samples[i]!.t });
    }
    return out;
  }

  function checkForcedPlayback(played: RungPlayResult, order: number[], heightOf: (level: number) => number): void {
    expect(played.errors.filter((e) => e.startsWith('fatal'))).toEqual([]);
    expect(played.ended).toBe(true);
    expect(Math.abs(played.playedSeconds - durationSec)).toBeLessThan(0.5);
    // every rung had its turn (hls.js may take them in another order than asked when a level
    // playlist arrives late; what a viewer sees is that each rung played and the switches were clean)
    const fragments = played.levelsLoaded.length;
    expect(fragments).toBe(fragmentTimes.length);
    const turns = played.levelsLoaded.filter((level, k) => k === 0 || level !== played.levelsLoaded[k - 1]);
    expect(turns.length).toBeGreaterThanOrEqual(order.length);
    expect(new Set(turns)).toEqual(new Set(order));
    // each fragment played at the rung it was buffered at, and the picture shows it: its frames (away
    // from the edges) have that rung's height
    // (a last turn made only of the short tail segment can end before hls.js reports the switch;
    // the same short fragments are left out of the picture check below)
    const last = fragments - 1;
    const tailOnlyTurn = last > 0 && played.levelsLoaded[last] !== played.levelsLoaded[last - 1] && fragmentTimes[last]!.end - fragmentTimes[last]!.start <= 0.5;
    // (and hls.js may report a first fragment at the level it started on, before the forced one
    // replaced it: one extra leading entry)
    const levelsPlayed = played.levelsPlayed.length > 1 && played.levelsPlayed[0] !== turns[0] ? played.levelsPlayed.slice(1) : played.levelsPlayed;
    expect(levelsPlayed).toEqual(tailOnlyTurn && levelsPlayed.length === turns.length - 1 ? turns.slice(0, -1) : turns);
    // frames presented in a fragment, as requestVideoFrameCallback reported them; where it went quiet
    // (a loaded machine), the samples between which the element showed new frames, away from the
    // edges (a frozen picture gives neither)
    const heightsIn = (k: number): number[] => {
      const { start, end } = fragmentTimes[k]!;
      const seen = played.pictures.filter((p) => p.to >= start + 0.1 && p.from <= end - 0.1).map((p) => p.height);
      if (seen.length > 0) return [...new Set(seen)];
      const moving = played.samples.filter((x, i) => i > 0 && x.t >= start + 0.25 && x.t <= end - 0.25 && x.frames > played.samples[i - 1]!.frames && x.height > 0);
      return [...new Set(moving.map((x) => x.height))];
    };
    // a still picture (the new rung's first frame, then nothing until its next keyframe) is what a
    // switch looked like while the rungs' audio did not match the live rendition's frame for frame
    const framesIn = (k: number): number => {
      const inside = played.samples.filter((x) => x.t >= fragmentTimes[k]!.start + 0.25 && x.t <= fragmentTimes[k]!.end - 0.25);
      return inside.length < 2 ? Number.NaN : inside.at(-1)!.frames - inside[0]!.frames;
    };
    for (let k = 0; k < fragments; k++) {
      if (fragmentTimes[k]!.end - fragmentTimes[k]!.start <= 0.5) continue;
      expect({ fragment: k, heights: heightsIn(k) }).toEqual({ fragment: k, heights: [heightOf(played.levelsLoaded[k]!)] });
      if (!Number.isNaN(framesIn(k))) expect(framesIn(k), `new frames shown during fragment ${k}`).toBeGreaterThan(0);
    }
    // every rung's picture was on screen
    expect(new Set([...played.pictures.map((p) => p.height), ...Array.from({ length: fragments }, (_, k) => heightsIn(k)).flat()])).toEqual(new Set(order.map(heightOf)));
    expect(played.stalls).toBe(0);
  }
});
