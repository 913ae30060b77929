// Which page is "our app": the built renderer (file://…/out/renderer/index.html) or, in development,
// the electron-vite dev server. IPC, permissions and navigation all ask this one question.
// Electron-free, so it is tested in plain Node.
import { pathToFileURL } from 'node:url';

export type RendererTarget = { kind: 'file'; file: string } | { kind: 'url'; url: string };

/**
 * The dev server only when the build is not packaged: a packaged app must never load, and grant IPC
 * to, a page named by an environment variable.
 */
export function rendererTarget(indexHtml: string, devServerUrl: string | undefined, isPackaged: boolean): RendererTarget {
  if (!isPackaged && devServerUrl) {
    const u = new URL(devServerUrl);
    if (u.protocol === 'http:' || u.protocol === 'https:') return { kind: 'url', url: u.href };
  }
  return { kind: 'file', file: indexHtml };
}

export function createAppUrlMatcher(target: RendererTarget, platform: NodeJS.Platform = process.platform): (url: string) => boolean {
  if (target.kind === 'url') {
    const origin = new URL(target.url).origin;
    return (url) => {
      try {
        return new URL(url).origin === origin;
      } catch {
        return false;
      }
    };
  }
  // file:// has no origin worth comparing (every file shares it): compare the exact document instead
  const fold = (s: string): string => (platform === 'win32' ? s.toLowerCase() : s);
  const expected = fold(pathToFileURL(target.file).pathname);
  return (url) => {
    try {
      const u = new URL(url);
      return u.protocol === 'file:' && (u.host === '' || u.host === 'localhost') && fold(u.pathname) === expected;
    } catch {
      return false;
    }
  };
}
