// The desktop app's notifications of new comments: it keeps what each recording had new when last
// looked at, and at each 'activity-changed' asks the database again and lets the one decider
// (shared/notifications.ts) say what to show. Showing is the shell's (Electron's Notification): this
// module never imports electron, so it is tested in Node.
import type { RecordingActivity } from '../../../shared/activity';
import { commentNotices, type Notice } from '../../../shared/notifications';
import type { Principal } from '../accounts/principal';
import type { ActivityService } from '../activity/activity-service';
import type { InternalEvents } from '../events';

export interface CommentNotifierOptions {
  activity: ActivityService;
  internal: InternalEvents;
  /** whose notifications: the desktop's user (LOCAL) */
  who: Principal;
  show: (notice: Notice) => void;
  log?: (message: string, error?: unknown) => void;
}

export class CommentNotifier {
  private readonly before = new Map<string, RecordingActivity>();
  private off: (() => void) | null = null;

  constructor(private readonly o: CommentNotifierOptions) {}

  /** what is new already (from before the app started) is the baseline: only what comes after notifies */
  start(): void {
    if (this.off) return;
    for (const a of this.o.activity.of(this.o.who)) this.before.set(a.id, a);
    this.off = this.o.internal.on('activity-changed', ({ recordingId, firstLook }) => (firstLook ? this.baseline(recordingId) : this.check(recordingId)));
  }

  stop(): void {
    this.off?.();
    this.off = null;
    this.before.clear();
  }

  /** what a Reelay Server first says after the start was there before: like start(), the baseline */
  private baseline(recordingId: string): void {
    const now = this.o.activity.of(this.o.who, [recordingId])[0];
    if (now === undefined) this.before.delete(recordingId);
    else this.before.set(recordingId, now);
  }

  private check(recordingId: string): void {
    const now = this.o.activity.of(this.o.who, [recordingId])[0];
    if (now === undefined) {
      this.before.delete(recordingId);
      return;
    }
    const notices = commentNotices(this.before.get(recordingId), now);
    this.before.set(recordingId, now);
    for (const notice of notices) {
      try {
        this.o.show(notice);
      } catch (e) {
        this.o.log?.('could not show a notification', e);
      }
    }
  }
}
