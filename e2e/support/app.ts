// Reading the app the way automated checks do: by accessible name.
import type { Page } from 'playwright-core';

/** the URL in the element named "Share link" (a link's href or an input's value) */
export async function readShareLink(page: Page): Promise<string> {
  const el = page.getByLabel('Share link').or(page.getByRole('link', { name: 'Share link' })).first();
  await el.waitFor({ timeout: 30_000 });
  return (await el.getAttribute('href')) ?? (await el.inputValue());
}

/** what an embedded-default link looks like: the share server on 127.0.0.1 and a 128-bit id */
export const LOCAL_LINK = /^http:\/\/127\.0\.0\.1:\d+\/v\/[A-Za-z0-9_-]{22}$/;
