// Turning a request path into a file path without ever leaving the intended folder.
import { resolve, sep } from 'node:path';

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Resolves `rawRelative` (still percent-encoded, '/'-separated) under `root`. Returns null for
 * anything that is not a plain relative path of safe names: `..`, `.`, encoded dots or slashes,
 * backslashes, absolute paths, NUL, empty segments.
 */
export function safeJoin(root: string, rawRelative: string): string | null {
  if (rawRelative.length === 0 || rawRelative.length > 1024) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawRelative);
  } catch {
    return null;
  }
  // an encoded '/' or '\' would change the path's shape after decoding: refuse
  if (decoded.split('/').length !== rawRelative.split('/').length) return null;
  const parts = decoded.split('/');
  if (!parts.every((p) => SAFE_SEGMENT.test(p) && !/^\.+$/.test(p))) return null;
  const base = resolve(root);
  const full = resolve(base, ...parts);
  return full.startsWith(base + sep) ? full : null;
}
