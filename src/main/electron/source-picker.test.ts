// The screen picker window, driven the way a user drives it: its page's links are the only choices.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, fake, session } from './testing/fake-electron';
import { installDisplayMediaHandler } from './source-picker';

vi.mock('electron', () => import('./testing/fake-electron'));

const APP = 'file:///app/index.html';
const logs: string[] = [];

beforeAll(() => {
  installDisplayMediaHandler(session.defaultSession as never, {
    isAppUrl: (u) => u === APP,
    parent: () => null,
    autoPick: false,
    platform: 'darwin', // no system audio: the answer is the video alone
    log: (m) => logs.push(m),
  });
  fake.sources = [
    { id: 'screen:0:0', name: 'Entire screen' },
    { id: 'window:42:0', name: 'Notes <draft>' },
  ];
});

function request(): Promise<unknown> {
  return new Promise((ok) => fake.session.displayMedia!({ frame: { url: APP, parent: null }, audioRequested: true, videoRequested: true }, ok));
}

async function openPicker(): Promise<{ win: BrowserWindow; html: string }> {
  const before = BrowserWindow.all.length;
  for (let i = 0; i < 100 && BrowserWindow.all.length === before; i++) await new Promise((r) => setTimeout(r, 5));
  const win = BrowserWindow.all.at(-1)!;
  for (let i = 0; i < 100 && win.webContents.isLoading(); i++) await new Promise((r) => setTimeout(r, 5));
  const url = win.webContents.getURL();
  const html = Buffer.from(url.slice(url.indexOf('base64,') + 7), 'base64').toString('utf8');
  return { win, html };
}

function click(win: BrowserWindow, href: string): boolean {
  const event = { url: href, defaultPrevented: false, preventDefault(): void { this.defaultPrevented = true; } };
  win.webContents.emit('will-navigate', event);
  return event.defaultPrevented;
}

const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);

describe('the screen picker', () => {
  it('runs without JavaScript and returns the source the user clicked', async () => {
    const answer = request();
    const { win, html } = await openPicker();
    expect((win.options['webPreferences'] as Record<string, unknown>)['javascript']).toBe(false);
    expect(html).toContain('Notes &lt;draft&gt;');
    const [screen, windowLink, cancel] = hrefs(html);
    expect(cancel).toMatch(/\/cancel$/);
    expect(click(win, 'https://example.com/')).toBe(true); // not a choice: nothing happens
    expect(click(win, windowLink!)).toBe(true);
    expect(await answer).toEqual({ video: { id: 'window:42:0', name: 'Notes <draft>' } });
    expect(win.isDestroyed()).toBe(true);
    expect(screen).toBeDefined();
  });

  it('refuses a second request while the picker is open, and Cancel denies', async () => {
    const first = request();
    const { win, html } = await openPicker();
    expect(await request()).toBeNull();
    click(win, hrefs(html).at(-1)!);
    expect(await first).toBeNull();
  });

  it('a link from an earlier picker is no choice in a new one', async () => {
    const first = request();
    const a = await openPicker();
    const stale = hrefs(a.html)[0]!;
    a.win.close(); // closing the window denies
    expect(await first).toBeNull();

    const second = request();
    const b = await openPicker();
    click(b.win, stale);
    expect(b.win.isDestroyed()).toBe(false);
    click(b.win, hrefs(b.html)[0]!);
    expect(await second).toEqual({ video: { id: 'screen:0:0', name: 'Entire screen' } });
  });

  it('Escape denies', async () => {
    const answer = request();
    const { win } = await openPicker();
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('before-input-event', event, { type: 'keyDown', key: 'Escape' });
    expect(await answer).toBeNull();
    expect(logs).toEqual([]);
  });
});
