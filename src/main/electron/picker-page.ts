// The screen/window picker's page: plain HTML with no script at all (its window also runs with
// JavaScript off). Each choice is a link to https://<PICK_HOST>/<nonce>/<index>; main cancels that
// navigation in 'will-navigate' and reads the index, so a choice can only ever be one of the sources
// we offered. Electron-free, so it is tested in plain Node.

export const PICK_HOST = 'pick.reelay.invalid';

export interface PickerSource {
  kind: 'screen' | 'window';
  name: string;
  /** data:image/jpeg;base64,… or null when there is none (or the page would grow too big) */
  thumbnail: string | null;
}

export type PickerChoice = { kind: 'source'; index: number } | { kind: 'cancel' };

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function pickUrl(nonce: string, choice: number | 'cancel'): string {
  return `https://${PICK_HOST}/${nonce}/${choice}`;
}

/** The choice a navigation stands for, or null when it is not one of this page's links. */
export function parsePick(url: string, nonce: string, sourceCount: number): PickerChoice | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.host !== PICK_HOST) return null;
  const m = /^\/([A-Za-z0-9_-]+)\/(cancel|0|[1-9][0-9]{0,4})$/.exec(u.pathname);
  if (!m || m[1] !== nonce) return null;
  if (m[2] === 'cancel') return { kind: 'cancel' };
  const index = Number(m[2]);
  return index < sourceCount ? { kind: 'source', index } : null;
}

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: dark; font: 14px/1.4 system-ui, sans-serif; }
body { margin: 0; background: #161616; color: #eee; }
header { padding: 16px 20px 4px; } h1 { font-size: 16px; margin: 0; }
h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: #aaa; margin: 16px 20px 8px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; padding: 0 20px; }
a.source { display: block; color: inherit; text-decoration: none; border: 2px solid transparent; border-radius: 8px; padding: 6px; background: #222; }
a.source:hover, a.source:focus { border-color: #e5484d; outline: none; background: #2a2a2a; }
.thumb { display: block; width: 100%; aspect-ratio: 16 / 9; object-fit: contain; background: #000; border-radius: 4px; }
.name { display: block; margin-top: 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
footer { position: sticky; bottom: 0; display: flex; justify-content: flex-end; padding: 12px 20px; background: #161616; border-top: 1px solid #2a2a2a; margin-top: 16px; }
a.cancel { color: #eee; text-decoration: none; padding: 6px 14px; border-radius: 6px; background: #2e2e2e; }
a.cancel:focus, a.cancel:hover { background: #3a3a3a; outline: 2px solid #888; }
p.empty { margin: 0 20px; color: #aaa; }
`;

export function renderPickerPage(sources: readonly PickerSource[], nonce: string): string {
  const card = (s: PickerSource, index: number, first: boolean): string => {
    const name = escapeHtml(s.name || (s.kind === 'screen' ? 'Screen' : 'Window'));
    const img = s.thumbnail && s.thumbnail.startsWith('data:image/') ? `<img class="thumb" alt="" src="${escapeHtml(s.thumbnail)}">` : '<span class="thumb"></span>';
    return `<a class="source" href="${pickUrl(nonce, index)}"${first ? ' autofocus' : ''} title="${name}">${img}<span class="name">${name}</span></a>`;
  };
  // the first screen (else the first window) has the focus: Enter records it, Tab moves on
  const firstScreen = sources.findIndex((s) => s.kind === 'screen');
  const focused = firstScreen === -1 ? 0 : firstScreen;
  const section = (kind: PickerSource['kind'], title: string): string => {
    const items = sources.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === kind);
    if (items.length === 0) return '';
    return `<h2>${title}</h2><div class="grid">${items.map(({ s, i }) => card(s, i, i === focused)).join('')}</div>`;
  };
  const body =
    sources.length === 0
      ? '<p class="empty">Reelay found nothing to record. On macOS, allow Reelay under System Settings → Privacy &amp; Security → Screen Recording, then try again.</p>'
      : section('screen', 'Screens') + section('window', 'Windows');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Choose what to record</title><style>${STYLE}</style></head>
<body><header><h1>Choose what to record</h1></header>${body}
<footer><a class="cancel" href="${pickUrl(nonce, 'cancel')}">Cancel</a></footer></body></html>`;
}
