import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { createAppUrlMatcher, rendererTarget } from './app-url';

describe('which page is our app', () => {
  const index = '/opt/Reelay/resources/app.asar/out/renderer/index.html';

  it('is the built index.html, whatever its query or hash', () => {
    const isApp = createAppUrlMatcher(rendererTarget(index, undefined, true), 'linux');
    const url = pathToFileURL(index).href;
    expect(isApp(url)).toBe(true);
    expect(isApp(`${url}#/library?x=1`)).toBe(true);
    expect(isApp(pathToFileURL('/opt/Reelay/resources/app.asar/out/renderer/viewer.html').href)).toBe(false);
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('http://127.0.0.1:4848/v/abc')).toBe(false);
    expect(isApp('not a url')).toBe(false);
  });

  it('is the dev server only in an unpackaged build', () => {
    expect(rendererTarget(index, 'http://localhost:5173/', false)).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
    expect(rendererTarget(index, 'http://localhost:5173/', true)).toEqual({ kind: 'file', file: index });
    expect(rendererTarget(index, 'file:///tmp/x.html', false)).toEqual({ kind: 'file', file: index });
    const isApp = createAppUrlMatcher({ kind: 'url', url: 'http://localhost:5173/' });
    expect(isApp('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isApp('http://localhost:5174/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
  });

  it('ignores the case of Windows paths', () => {
    const isApp = createAppUrlMatcher({ kind: 'file', file: '/C:/Program Files/Reelay/out/renderer/index.html' }, 'win32');
    expect(isApp('file:///c:/program%20files/reelay/out/renderer/index.html')).toBe(true);
  });
});
