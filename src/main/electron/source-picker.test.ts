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

/** asks for the screen the way the page's getDisplayMedia does; the picker it opens is a new window */
function request(): { answer: Promise<unknown>; picker: () => Promise<{ win: BrowserWindow; html: string }> } {
  const before = BrowserWindow.all.length; // counted before asking: only a window opened after is this picker
  const answer = new Promise((ok) => fake.session.displayMedia!({ frame: { url: APP, parent: null }, audioRequested: true, videoRequested: true }, ok));
  return { answer, picker: () => openedPicker(before) };
}

/** waits for the picker window opened after `before` windows existed, and its page to load */
async function openedPicker(before: number): Promise<{ win: BrowserWindow; html: string }> {
  const win = await vi.waitFor(
    () => {
      const opened = BrowserWindow.all.slice(before);
      if (opened.length !== 1) throw new Error(`expected the picker to open one new window, found ${opened.length}`);
      const w = opened[0]!;
      if (w.webContents.isLoading()) throw new Error('the picker window has not loaded its page');
      return w;
    },
    { timeout: 5_000, interval: 5 },
  );
  const url = win.webContents.getURL();
  expect(url).toMatch(/^data:text\/html[^,]*;base64,/);
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
    const { answer, picker } = request();
    const { win, html } = await picker();
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
    const { win, html } = await first.picker();
    const windows = BrowserWindow.all.length;
    expect(await request().answer).toBeNull();
    expect(BrowserWindow.all.length).toBe(windows); // no second picker
    expect(win.isDestroyed()).toBe(false); // the first one is still there
    click(win, hrefs(html).at(-1)!);
    expect(await first.answer).toBeNull();
  });

  it('a link from an earlier picker is no choice in a new one', async () => {
    const first = request();
    const a = await first.picker();
    const stale = hrefs(a.html)[0]!;
    a.win.close(); // closing the window denies
    expect(await first.answer).toBeNull();

    const second = request();
    const b = await second.picker();
    expect(b.win).not.toBe(a.win);
    click(b.win, stale);
    expect(b.win.isDestroyed()).toBe(false);
    click(b.win, hrefs(b.html)[0]!);
    expect(await second.answer).toEqual({ video: { id: 'screen:0:0', name: 'Entire screen' } });
  });

  it('Escape denies', async () => {
    const { answer, picker } = request();
    const { win } = await picker();
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('before-input-event', event, { type: 'keyDown', key: 'Escape' });
    expect(await answer).toBeNull();
    expect(logs).toEqual([]);
  });
});
