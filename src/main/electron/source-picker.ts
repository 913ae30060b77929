// getDisplayMedia in the app page is answered here: our own picker of screens and windows, shown as a
// small modal window with a script-free page (see picker-page.ts). Only our app page may ask; the
// chosen source is always one we offered; Cancel, Escape or closing the picker denies the request.
import { randomBytes } from 'node:crypto';
import { BrowserWindow, desktopCapturer, type DesktopCapturerSource, type Session, type Streams } from 'electron';
import { parsePick, renderPickerPage, type PickerSource } from './picker-page';

export interface DisplayMediaOptions {
  isAppUrl: (url: string) => boolean;
  /** the window the picker sits over (modal), when it is visible */
  parent: () => BrowserWindow | null;
  /** end-to-end tests: take the first screen without showing the picker (never in a packaged app) */
  autoPick: boolean;
  platform: NodeJS.Platform;
  log: (message: string, error?: unknown) => void;
}

const THUMBNAIL = { width: 320, height: 180 };
/** a data: URL the size of a few MB loads slowly and may hit Chromium's URL limit (2 MB) */
const MAX_PAGE_BYTES = 1_500_000;

/**
 * System audio: Windows has loopback capture; Linux has it through PulseAudio (PipeWire's pulse
 * server on current desktops). macOS loopback records silence with a custom picker, so it is omitted.
 */
export function systemAudioFor(platform: NodeJS.Platform): Streams['audio'] | undefined {
  return platform === 'win32' || platform === 'linux' ? 'loopback' : undefined;
}

export function installDisplayMediaHandler(ses: Session, options: DisplayMediaOptions): void {
  let picking = false;
  ses.setDisplayMediaRequestHandler(
    (request, callback) => {
      // null is Electron's quiet "denied"; {} would throw "Video was requested, but no video stream…"
      const answer = (streams: Streams | null): void => {
        try {
          callback(streams);
        } catch (e) {
          options.log('the display media request could not be answered', e);
        }
      };
      const frame = request.frame;
      if (!frame || frame.parent !== null || !options.isAppUrl(frame.url)) {
        options.log(`screen capture refused for ${frame?.url ?? 'a destroyed frame'}`);
        return answer(null);
      }
      if (picking) return answer(null); // one picker at a time
      picking = true;
      chooseSource(options).then(
        (source) => {
          picking = false; // before answering: the page may ask again at once (e.g. without audio)
          if (!source) return answer(null);
          const streams: Streams = { video: { id: source.id, name: source.name } };
          const audio = request.audioRequested ? systemAudioFor(options.platform) : undefined;
          if (audio) streams.audio = audio;
          answer(streams);
        },
        (e: unknown) => {
          picking = false;
          options.log('could not list screens and windows', e);
          answer(null);
        },
      );
    },
    { useSystemPicker: false },
  );
}

async function chooseSource(options: DisplayMediaOptions): Promise<DesktopCapturerSource | null> {
  if (options.autoPick) {
    const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } });
    return sources.find((s) => s.id.startsWith('screen:')) ?? sources[0] ?? null;
  }
  const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL, fetchWindowIcons: false });
  return showPicker(sources, options);
}

function toPickerSource(source: DesktopCapturerSource): PickerSource {
  const thumb = source.thumbnail;
  return {
    kind: source.id.startsWith('screen:') ? 'screen' : 'window',
    name: source.name,
    thumbnail: thumb.isEmpty() ? null : `data:image/jpeg;base64,${thumb.toJPEG(70).toString('base64')}`,
  };
}

function pickerPage(sources: readonly DesktopCapturerSource[], nonce: string): string {
  const withThumbs = sources.map(toPickerSource);
  const html = renderPickerPage(withThumbs, nonce);
  if (Buffer.byteLength(html) * 1.34 <= MAX_PAGE_BYTES) return html; // base64 grows it by 4/3
  return renderPickerPage(
    withThumbs.map((s) => ({ ...s, thumbnail: null })),
    nonce,
  );
}

function showPicker(sources: readonly DesktopCapturerSource[], options: DisplayMediaOptions): Promise<DesktopCapturerSource | null> {
  const nonce = randomBytes(12).toString('base64url');
  const parent = options.parent();
  const modalParent = parent && !parent.isDestroyed() && parent.isVisible() ? parent : null;
  const win = new BrowserWindow({
    width: 760,
    height: 560,
    minWidth: 420,
    minHeight: 320,
    title: 'Choose what to record',
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#161616',
    ...(modalParent ? { parent: modalParent, modal: true } : {}),
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (source: DesktopCapturerSource | null): void => {
      if (settled) return;
      settled = true;
      resolve(source);
      if (!win.isDestroyed()) win.close();
    };
    const wc = win.webContents;
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
    wc.on('will-navigate', (event) => {
      event.preventDefault(); // the page never goes anywhere; a navigation is a choice
      const choice = parsePick(event.url, nonce, sources.length);
      if (choice) finish(choice.kind === 'source' ? (sources[choice.index] ?? null) : null);
    });
    wc.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'Escape') {
        event.preventDefault();
        finish(null);
      }
    });
    win.on('closed', () => finish(null));
    win.once('ready-to-show', () => win.show());
    const html = pickerPage(sources, nonce);
    win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`).catch((e: unknown) => {
      options.log('could not show the screen picker', e);
      finish(null);
    });
  });
}
