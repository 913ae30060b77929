// A recording's life from Create to Ready: the state machine and what each step tells the others.
// Every state change is one transaction on the row; the Publisher is told, the views follow.
import type { Database } from 'better-sqlite3';
import type { MethodInput } from '../../../shared/api';
import type { RecordingState } from '../../../shared/domain';
import { ReelayError } from '../errors';
import type { InternalEvents } from '../events';
import { newRecordingId, newShareId } from '../ids';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import type { StorageTarget } from '../storage/storage';
import { LIVE_STATES, liveSeconds, requireRecording } from './rows';
import { canTransition } from './state-machine';
import type { PublishedStatus } from '../../../shared/published';
import type { Placement } from '../storage/storages';

export interface LifecycleDeps {
  db: Database;
  recordings: RecordingsRepo;
  publisher: Publisher;
  internal: InternalEvents;
  /** where new recordings are published (settings decide), and the link a share id gets there */
  currentTarget: () => StorageTarget;
  linkFor: (target: StorageTarget, shareId: string) => string;
  now: () => number;
}

export class Lifecycle {
  private capturingNow = false;
  /** when each recording last changed state in this process (a resume restarts its silence clock) */
  private readonly lastActivity = new Map<string, number>();

  constructor(private readonly deps: LifecycleDeps) {
    this.capturingNow = deps.recordings.anyCapturing();
    deps.internal.on('live-published', ({ recordingId }) => this.readyIfPublished(recordingId));
  }

  lastActivityOf(id: string): number | undefined {
    return this.lastActivity.get(id);
  }

  /**
   * `ownerId`: the account making it (Reelay Server); null on the desktop. `placement`: where it is
   * published when another server allocated its share id and link (a Reelay Server target).
   */
  create(input: MethodInput<'recordings.create'>, ownerId: string | null = null, placement?: Placement): RecordingRow {
    const now = this.deps.now();
    const target = placement?.target ?? this.deps.currentTarget();
    const shareId = placement?.shareId ?? newShareId();
    const id = newRecordingId();
    this.deps.db.transaction(() => {
      this.deps.recordings.insert({
        id,
        share_id: shareId,
        title: input.title ?? defaultTitle(now),
        state: 'created',
        created_at: now,
        started_at: null,
        stopped_at: null,
        duration_ms: 0,
        width: input.width,
        height: input.height,
        fps: input.fps,
        link: placement?.link ?? this.deps.linkFor(target, shareId),
        storage_target: JSON.stringify(target),
        owner_id: ownerId,
      });
      this.deps.publisher.recordingCreated(this.deps.recordings.get(id)!);
    })();
    this.changed(id);
    return this.deps.recordings.get(id)!;
  }

  /** a recording made on another machine that publishes here (the publish API): its link is allocated now */
  createFed(title: string, ownerId: string | null): RecordingRow {
    const now = this.deps.now();
    const target = this.deps.currentTarget();
    if (target.kind === 'reelay') throw new ReelayError('storage-config', 'This server publishes to another Reelay Server itself, so it cannot take recordings from others. Set its storage to this server or a bucket.');
    const shareId = newShareId();
    const id = newRecordingId();
    this.deps.recordings.insert({
      id,
      share_id: shareId,
      title,
      state: 'created',
      created_at: now,
      started_at: null,
      stopped_at: null,
      duration_ms: 0,
      width: null,
      height: null,
      fps: null,
      link: this.deps.linkFor(target, shareId),
      storage_target: JSON.stringify(target),
      owner_id: ownerId,
      fed_remotely: 1,
    });
    this.changed(id);
    return this.deps.recordings.get(id)!;
  }

  /** a fed recording's status.json arrived: its state and length are the sender's (no state machine: the sender ran it) */
  applyFedStatus(id: string, status: PublishedStatus): void {
    const rec = this.deps.recordings.get(id);
    if (!rec || rec.fed_remotely !== 1 || rec.state === 'cancelled') return;
    const state = status.state === 'cancelled' ? rec.state : status.state;
    const stopped = !LIVE_STATES.includes(state);
    this.deps.recordings.update(id, {
      state,
      duration_ms: Math.round(status.durationMs),
      width: status.width,
      height: status.height,
      started_at: rec.started_at ?? (state === 'created' ? null : this.deps.now()),
      stopped_at: stopped ? (rec.stopped_at ?? this.deps.now()) : null,
    });
    this.checkCapturing();
    this.changed(id);
  }

  start(id: string): void {
    this.transition(id, 'recording', (r) => ({ started_at: r.started_at ?? this.deps.now() }));
  }

  pause(id: string): void {
    this.transition(id, 'paused');
  }

  resume(id: string): void {
    this.transition(id, 'recording');
  }

  stop(id: string, durationMs: number): void {
    const rec = requireRecording(this.deps.recordings, id);
    if (!LIVE_STATES.includes(rec.state)) return; // idempotent
    const segSeconds = liveSeconds(this.deps.recordings, id);
    // the renderer knows the recorded time; the segments are the truth if it says nothing useful
    this.end(id, { state: 'finishing', stopped_at: this.deps.now(), duration_ms: durationMs > 0 ? durationMs : Math.round(segSeconds * 1000) });
  }

  /** capture is gone (a crash, a silent capture): close it with what was durable */
  interrupt(id: string): void {
    this.end(id, { state: 'interrupted', stopped_at: this.deps.now(), duration_ms: Math.round(liveSeconds(this.deps.recordings, id) * 1000) });
  }

  /** a recording in progress is thrown away; the caller removes its files */
  markCancelled(id: string): RecordingRow {
    const rec = requireRecording(this.deps.recordings, id);
    if (!LIVE_STATES.includes(rec.state)) {
      throw new ReelayError('invalid-state', 'Only a recording in progress can be cancelled; delete it instead.');
    }
    this.deps.recordings.update(id, { state: 'cancelled' });
    this.checkCapturing();
    return rec;
  }

  rename(id: string, title: string): void {
    requireRecording(this.deps.recordings, id);
    this.deps.db.transaction(() => {
      this.deps.recordings.update(id, { title });
      this.deps.publisher.recordingChanged(this.deps.recordings.get(id)!);
    })();
    this.changed(id);
  }

  changed(id: string): void {
    this.deps.internal.emit('recording-changed', { recordingId: id });
  }

  private end(id: string, fields: Partial<RecordingRow>): void {
    this.deps.db.transaction(() => {
      this.deps.recordings.update(id, fields);
      this.deps.publisher.liveEnded(this.deps.recordings.get(id)!);
    })();
    this.checkCapturing();
    this.deps.internal.emit('recording-stopped', { recordingId: id });
    if (fields.state === 'finishing') this.readyIfPublished(id);
    this.changed(id);
  }

  /** a finishing recording whose link plays is ready; its HD versions may still be on the way */
  readyIfPublished(id: string): void {
    const rec = this.deps.recordings.get(id);
    if (rec?.state !== 'finishing' || rec.fed_remotely === 1 || this.deps.publisher.pendingCount(id, 'live') > 0) return;
    this.deps.db.transaction(() => {
      this.deps.recordings.update(id, { state: 'ready' });
      this.deps.publisher.recordingChanged(this.deps.recordings.get(id)!);
    })();
    this.changed(id);
  }

  private transition(id: string, to: RecordingState, extra?: (r: RecordingRow) => Partial<RecordingRow>): void {
    const rec = requireRecording(this.deps.recordings, id);
    if (rec.state === to) return;
    if (!canTransition(rec.state, to)) {
      throw new ReelayError('invalid-state', `A recording that is ${rec.state} cannot become ${to}.`);
    }
    this.lastActivity.set(id, this.deps.now());
    this.deps.db.transaction(() => {
      this.deps.recordings.update(id, { state: to, ...extra?.(rec) });
      this.deps.publisher.recordingChanged(this.deps.recordings.get(id)!);
    })();
    this.checkCapturing();
    this.changed(id);
  }

  private checkCapturing(): void {
    const now = this.deps.recordings.anyCapturing();
    if (now === this.capturingNow) return;
    this.capturingNow = now;
    this.deps.internal.emit('capturing-changed', { capturing: now });
  }
}

export function defaultTitle(epochMs: number): string {
  const d = new Date(epochMs);
  const date = d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
  const time = d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  return `Recording ${date}, ${time}`;
}
