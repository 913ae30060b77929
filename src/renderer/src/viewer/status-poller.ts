// Fetches status.json on the schedule status.ts decides, until nothing more can change.
import { nextStatusPoll, parseStatus, type StatusFetch } from './status';

export async function fetchStatus(url: string): Promise<StatusFetch> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    return { kind: 'failed' };
  }
  if (response.status === 404 || response.status === 403 || response.status === 410) return { kind: 'missing' };
  if (!response.ok) return { kind: 'failed' };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    // a 200 that is not JSON (an HTML fallback page) means there is no status file here
    return { kind: 'missing' };
  }
  const status = parseStatus(json);
  return status ? { kind: 'ok', status } : { kind: 'missing' };
}

export interface StatusPollerOptions {
  url: string;
  onResult(result: StatusFetch): void;
  /** whether the media playlist has ENDLIST, asked before each scheduling decision */
  playlistEnded(): boolean;
  /** the status the page came with: the first fetch waits as if it had just returned this */
  initial?: StatusFetch;
}

/** Starts polling (at once, or on the schedule the initial status sets); returns a function that stops it. */
export function pollStatus(options: StatusPollerOptions): () => void {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  /** the next fetch, on the schedule `result` sets */
  const after = (result: StatusFetch): void => {
    const delay = nextStatusPoll(result, failures, options.playlistEnded());
    if (delay !== null && !stopped) timer = setTimeout(() => void tick(), delay);
  };
  const tick = async () => {
    const result = await fetchStatus(options.url);
    if (stopped) return;
    failures = result.kind === 'failed' ? failures + 1 : 0;
    options.onResult(result);
    after(result);
  };
  if (options.initial === undefined) void tick();
  else after(options.initial);
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
