// Is a request from another site's page? The browser names the page's origin; host names are
// compared, not ports: a proxy may pass the Host on without its port (nginx's $host). A request with
// no Origin (a script, an old browser's GET) is not another site's page.
import type { IncomingMessage } from 'node:http';

export function crossSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).hostname !== new URL(`http://${req.headers.host ?? ''}`).hostname;
  } catch {
    return true;
  }
}
