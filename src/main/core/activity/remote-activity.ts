// What is new on the recordings this app published to a Reelay Server: their views and comments are
// counted on the server, so it asks the server (recordings.activity, as the saved token's member) for
// each server's recordings at once, keeps the last answer in memory, and says 'activity-changed' for
// each recording whose counts changed, so the library's badge, the contract event and the desktop's
// notifier work as they do for the links served here. It polls while such recordings exist; a server
// that does not answer is asked again with backoff (logged once), and nothing here ever blocks the
// library: the activity service reads the kept answers only.
import { RETRY, retryDelayMs, type RetryPolicy } from '../../../shared/retry';
import type { InternalEvents } from '../events';
import { storageTargetOf, type RecordingRow, type RecordingsRepo } from '../library/recordings-repo';
import type { ReelayServerClient } from '../storage/reelay-server-client';
import type { StorageTarget } from '../storage/storage';
import { countsByLocalId, inCalls, parseRemoteAnswer, sameCounts, type ActivityCounts, type RemoteAnswer, type RemoteRecording } from './remote-answer';

export interface RemoteActivityOptions {
  recordings: Pick<RecordingsRepo, 'onReelayServers' | 'get'>;
  /** the API of the server a target names, with its saved token (throws when no token is saved for it) */
  clientFor: (target: StorageTarget) => Pick<ReelayServerClient, 'call'>;
  internal: InternalEvents;
  log: (message: string, error?: unknown) => void;
  /** between two rounds of questions (default 25 s) */
  intervalMs?: number;
  /** each call's time limit (default 5 s) */
  timeoutMs?: number;
  /** the wait before asking a server that failed again */
  backoff?: RetryPolicy;
}

interface ServerState {
  failures: number;
  /** Date.now() before which a failed server is not asked again */
  notBefore: number;
  /** it answered about all its recordings once: what it said first is the baseline, later changes are news */
  answered: boolean;
}

interface ServerGroup {
  url: string;
  client: Pick<ReelayServerClient, 'call'> | null;
  /** why there is no client (no saved token for this server) */
  problem: unknown;
  recordings: RemoteRecording[];
}

export class RemoteActivity {
  private readonly counts = new Map<string, ActivityCounts>();
  /** the number of the question whose answer each recording's counts come from (a later question's answer wins) */
  private readonly answeredBy = new Map<string, number>();
  private readonly servers = new Map<string, ServerState>();
  private readonly running = new Set<Promise<void>>();
  private readonly closing = new AbortController();
  private questions = 0;
  private timer: NodeJS.Timeout | null = null;
  private offSettings: (() => void) | null = null;
  private state: 'idle' | 'started' | 'stopped' = 'idle';

  constructor(private readonly o: RemoteActivityOptions) {}

  /** what the server last said is new on a recording; undefined: nothing (or not published to a server) */
  countsOf(recordingId: string): ActivityCounts | undefined {
    return this.counts.get(recordingId);
  }

  /** asks at once, then every interval */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'started';
    // a new token or server URL may be answered at once: the next round asks every server again
    this.offSettings = this.o.internal.on('settings-changed', () => this.servers.forEach((s) => (s.notBefore = 0)));
    this.schedule(0);
  }

  /** no timer and no question left once this resolves */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.offSettings?.();
    this.offSettings = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.closing.abort();
    await Promise.allSettled([...this.running]);
  }

  /** asks every server now, those in backoff too; resolves when all answered or failed (never rejects) */
  pollNow(): Promise<void> {
    return this.track(this.round(true));
  }

  /**
   * asks again about one recording now: its insights or comments were just opened through the server,
   * which marked them read, so its badge clears without waiting for the next round (never rejects)
   */
  refresh(recordingId: string): Promise<void> {
    if (this.state === 'stopped') return Promise.resolve(); // the database may be closed already
    const row = this.o.recordings.get(recordingId);
    if (!row || row.published_deleted === 1) return Promise.resolve();
    const group = this.groups([row])[0];
    if (!group?.client) return Promise.resolve();
    return this.track(this.ask(group.url, group.client, group.recordings, false));
  }

  private schedule(ms: number): void {
    if (this.state !== 'started') return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.track(this.round(false)).then(() => this.schedule(this.o.intervalMs ?? 25_000));
    }, ms);
    this.timer.unref();
  }

  private track(work: Promise<void>): Promise<void> {
    const p = work.catch((e: unknown) => this.o.log('asking a Reelay Server for activity failed', e));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  /** one question per server (per 500 recordings), servers in parallel */
  private async round(force: boolean): Promise<void> {
    if (this.state === 'stopped') return;
    const rows = this.o.recordings.onReelayServers();
    this.forgetOthers(new Set(rows.map((r) => r.id)));
    const now = Date.now();
    await Promise.all(
      this.groups(rows).map((g) => {
        const server = this.serverState(g.url);
        if (!force && server.notBefore > now) return undefined;
        if (!g.client) return this.failed(g.url, g.problem);
        return this.ask(g.url, g.client, g.recordings, true);
      }),
    );
  }

  /** `whole`: these are all the server's recordings (its first such answer is the baseline) */
  private async ask(url: string, client: Pick<ReelayServerClient, 'call'>, recordings: RemoteRecording[], whole: boolean): Promise<void> {
    const question = ++this.questions;
    const answer: RemoteAnswer = [];
    try {
      for (const batch of inCalls(recordings)) {
        const signal = AbortSignal.any([this.closing.signal, AbortSignal.timeout(this.o.timeoutMs ?? 5_000)]);
        const parsed = parseRemoteAnswer(await client.call('recordings.activity', { ids: batch.map((r) => r.remoteId) }, signal));
        if (!parsed.ok) throw new Error(parsed.message);
        answer.push(...parsed.answer);
      }
    } catch (e) {
      if (this.state !== 'stopped') this.failed(url, e);
      return;
    }
    if (this.state === 'stopped') return;
    const server = this.serverState(url);
    if (server.failures > 0) this.o.log(`The Reelay Server at ${url} answers again: its views and comments show in the library.`);
    server.failures = 0;
    server.notBefore = 0;
    this.apply(question, recordings, countsByLocalId(recordings, answer), !server.answered);
    if (whole) server.answered = true;
  }

  private apply(question: number, asked: readonly RemoteRecording[], counts: Map<string, ActivityCounts>, firstLook: boolean): void {
    for (const { localId } of asked) {
      if ((this.answeredBy.get(localId) ?? 0) > question) continue; // a later question was answered first
      this.answeredBy.set(localId, question);
      const before = this.counts.get(localId);
      const after = counts.get(localId);
      if (after) this.counts.set(localId, after);
      else this.counts.delete(localId);
      if (!sameCounts(before, after)) this.o.internal.emit('activity-changed', firstLook ? { recordingId: localId, firstLook } : { recordingId: localId });
    }
  }

  private failed(url: string, e: unknown): void {
    const server = this.serverState(url);
    server.failures += 1;
    server.notBefore = Date.now() + retryDelayMs(this.o.backoff ?? RETRY.remoteActivity, server.failures);
    // once per outage: a server down for a day must not fill the log
    if (server.failures === 1) this.o.log(`Could not ask the Reelay Server at ${url} what is new on its recordings (${messageOf(e, this.o.timeoutMs ?? 5_000)}); the library shows its last answer and asks again later.`, e);
  }

  private serverState(url: string): ServerState {
    let s = this.servers.get(url);
    if (!s) {
      s = { failures: 0, notBefore: 0, answered: false };
      this.servers.set(url, s);
    }
    return s;
  }

  private groups(rows: readonly RecordingRow[]): ServerGroup[] {
    const byUrl = new Map<string, ServerGroup>();
    for (const row of rows) {
      const target = storageTargetOf(row);
      if (target.kind !== 'reelay' || !target.remoteId) continue; // not registered there yet
      let g = byUrl.get(target.url);
      if (!g) {
        g = { url: target.url, client: null, problem: null, recordings: [] };
        try {
          g.client = this.o.clientFor(target);
        } catch (e) {
          g.problem = e;
        }
        byUrl.set(target.url, g);
      }
      g.recordings.push({ localId: row.id, remoteId: target.remoteId });
    }
    return [...byUrl.values()];
  }

  /** a recording deleted here, or whose copy on the server was deleted, has no remote activity any more */
  private forgetOthers(current: ReadonlySet<string>): void {
    for (const id of [...this.answeredBy.keys()]) {
      if (current.has(id)) continue;
      this.answeredBy.delete(id);
      if (this.counts.delete(id)) this.o.internal.emit('activity-changed', { recordingId: id });
    }
  }
}

function messageOf(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no answer in ${timeoutMs / 1000} s`;
  return e instanceof Error ? e.message : String(e);
}
