// The pages a link shows instead of the recording when the viewer may not watch (yet): the password
// form, "members only", "expired". Pure: they name no recording's title, so they leak nothing.
import { escapeHtml } from './viewer-head';

const STYLE = `body{font-family:system-ui,sans-serif;background:#111;color:#eee;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:26rem;padding:2rem}h1{font-size:1.4rem}label{display:block;margin:1rem 0 .3rem}
input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;border-radius:6px;border:1px solid #555;background:#222;color:#eee}
button,a.button{font:inherit;margin-top:1rem;padding:.5rem 1.2rem;border-radius:6px;border:0;background:#e5484d;color:#fff;text-decoration:none;display:inline-block;cursor:pointer}
p.error{color:#ff8f8f}`;

/** the gate pages' policy: no script at all, forms post back to this server only */
export const GATE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Reelay</title><style>${STYLE}</style><main>${body}</main></html>`;
}

export function passwordPage(shareId: string, error: string | null = null): string {
  return page(
    'Password required',
    `<h1>This recording needs a password</h1><p>Ask whoever sent you the link for it.</p>
<form method="post" action="/v/${escapeHtml(shareId)}/unlock"><label for="password">Link password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}<button type="submit">Watch</button></form>`,
  );
}

export function membersPage(shareId: string): string {
  const next = encodeURIComponent(`/v/${shareId}`);
  return page(
    'Members only',
    `<h1>This recording is for members</h1><p>Only people signed in to this Reelay can watch it.</p><a class="button" href="/?next=${next}">Sign in</a>`,
  );
}

export function expiredPage(): string {
  return page('Link expired', '<h1>This link has expired</h1><p>Ask whoever sent it for a new one.</p>');
}
