// What web content may do in the desktop app: permissions only for our own page, no webviews, no
// popups (http(s) links open in the user's browser), no navigation away from the app.
import type { App, Session, Shell, WebContents } from 'electron';

/** Permissions our app page needs: camera and mic, the screen, copying a share link, full screen video. */
const APP_PERMISSIONS = new Set(['media', 'display-capture', 'clipboard-sanitized-write', 'fullscreen']);

export function isExternalHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function allowPermission(permission: string, requestingUrl: string | undefined, isMainFrame: boolean, isAppUrl: (url: string) => boolean): boolean {
  return APP_PERMISSIONS.has(permission) && isMainFrame && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

export function hardenSession(ses: Session, isAppUrl: (url: string) => boolean): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(allowPermission(permission, details.requestingUrl, details.isMainFrame, isAppUrl));
  });
  ses.setPermissionCheckHandler((wc, permission, _origin, details) => {
    const url = details.requestingUrl ?? wc?.getURL();
    return allowPermission(permission, url, details.isMainFrame, isAppUrl);
  });
}

/** Opens http(s) in the user's browser; anything else (file:, javascript:, custom schemes) is dropped. */
export function openInBrowser(shell: Pick<Shell, 'openExternal'>, url: string, log: (m: string, e?: unknown) => void): void {
  if (!isExternalHttpUrl(url)) return;
  shell.openExternal(url).catch((e: unknown) => log(`could not open ${url}`, e));
}

/** Every web contents, present and future: no <webview>, no new windows. */
export function hardenAllWebContents(app: Pick<App, 'on'>, shell: Pick<Shell, 'openExternal'>, log: (m: string, e?: unknown) => void): void {
  app.on('web-contents-created', (_event, wc: WebContents) => {
    wc.on('will-attach-webview', (e) => e.preventDefault());
    wc.setWindowOpenHandler(({ url }) => {
      openInBrowser(shell, url, log);
      return { action: 'deny' };
    });
  });
}
