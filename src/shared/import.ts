// Importing a video file: what the library takes, how the file travels to the core (in chunks, so a
// large file is never held in memory whole on either side), and what an import reports while it runs.
// Pure: the renderer, the core and the tests take these from here.

/** the containers an import takes, by file name ending; the core checks the bytes, this is for the file picker */
export const IMPORT_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.webm', '.mkv'] as const;
/** the file input's accept attribute */
export const IMPORT_ACCEPT = [...IMPORT_EXTENSIONS, 'video/mp4', 'video/quicktime', 'video/webm', 'video/x-matroska'].join(',');

/** each upload request carries at most this much (the HTTP API bounds a binary body at 64 MiB) */
export const IMPORT_CHUNK_BYTES = 8 << 20;
/** the largest file an import takes: 20 GiB (about 3 hours of 1080p at a camera's bit rate) */
export const MAX_IMPORT_BYTES = 20 * 1024 ** 3;
/** the longest file name kept (the title is made from it) */
export const MAX_IMPORT_NAME = 255;

/** the recording's title: the file's name without its folder and its extension */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/\s+/g, ' ').trim();
  return (stem || 'Imported video').slice(0, 200);
}

/** whether a file name looks like one the library takes (the core decides by content) */
export function looksImportable(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** the first rendition of an imported file, while it is being made (the Recording's `importing`) */
export interface ImportProgress {
  /** 0..1 of the file's length encoded so far */
  progress: number;
  /** seconds left, once known */
  etaSeconds: number | null;
}

/** what became of an upload (imports.status): a recording, or why not */
export type ImportStatus =
  | { state: 'uploading'; bytesReceived: number; bytes: number }
  | { state: 'importing' | 'done'; recordingId: string }
  | { state: 'failed'; message: string };
