// Reading the app the way automated checks do: by accessible name.
import type { Locator, Page } from 'playwright-core';

/** the URL in the element named "Share link" (a link's href or an input's value) */
export async function readShareLink(page: Page): Promise<string> {
  const el = page.getByLabel('Share link').or(page.getByRole('link', { name: 'Share link' })).first();
  await el.waitFor({ timeout: 30_000 });
  return (await el.getAttribute('href')) ?? (await el.inputValue());
}

/** what an embedded-default link looks like: the share server on 127.0.0.1 and a 128-bit id */
export const LOCAL_LINK = /^http:\/\/127\.0\.0\.1:\d+\/v\/[A-Za-z0-9_-]{22}$/;

/** when something happened, as seen from the test: somewhere between `before` and `after` (ms) */
export interface Moment {
  before: number;
  after: number;
}

/** clicks; the click lands between the returned bounds (a loaded machine can take a while over it) */
export async function clickAt(locator: Locator): Promise<Moment> {
  const before = Date.now();
  await locator.click();
  return { before, after: Date.now() };
}

/** waits for the element to show; it appeared between the returned bounds */
export async function shownAt(locator: Locator, timeoutMs = 30_000): Promise<Moment> {
  const end = Date.now() + timeoutMs;
  // it appeared after the start of the last look that did not see it
  let lastMiss = Date.now();
  for (;;) {
    const before = Date.now();
    if (await locator.isVisible()) return { before: lastMiss, after: Date.now() };
    lastMiss = before;
    if (Date.now() > end) throw new Error(`${String(locator)} did not show within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** the shortest and longest the time from `from` to `to` can have been, in seconds */
export function between(from: Moment, to: Moment): { min: number; max: number } {
  return { min: (to.before - from.after) / 1000, max: (to.after - from.before) / 1000 };
}

/** adds spans, e.g. recording before a pause and after it */
export function sumSpans(...spans: { min: number; max: number }[]): { min: number; max: number } {
  return spans.reduce((a, b) => ({ min: a.min + b.min, max: a.max + b.max }), { min: 0, max: 0 });
}
