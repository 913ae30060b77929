// What is new on each recording for whoever asks: views and comments since they last opened the
// recording's insights and comments (their own never count). The counts are the database's, asked for
// many recordings at once (one query for the comments, one for the views); the insights and comments
// services keep the rules of what a view and an unseen comment are. It also turns the core's
// 'activity-changed' into the contract's event, with the owner that decides who may hear it.
// A recording published to a Reelay Server is counted there: what that server last said (the remote
// source's kept answer) stands for it.
import type { RecordingActivity } from '../../../shared/activity';
import { mayManage, ownerIdOf, readerOf, seesAll, type Principal } from '../accounts/principal';
import type { CommentsService } from '../comments/comments-service';
import type { EventHub, InternalEvents } from '../events';
import type { InsightsService } from '../insights/insights-service';
import type { AccountsRepo } from '../library/accounts-repo';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import type { ActivityCounts } from './remote-answer';

export interface ActivityServiceOptions {
  recordings: RecordingsRepo;
  accounts: AccountsRepo;
  insights: InsightsService;
  comments: CommentsService;
  events: EventHub;
  internal: InternalEvents;
  /** what the Reelay Servers said is new on the recordings published to them (remote-activity.ts) */
  remote?: { countsOf(recordingId: string): ActivityCounts | undefined };
}

export class ActivityService {
  constructor(private readonly o: ActivityServiceOptions) {
    o.internal.on('activity-changed', ({ recordingId }) => this.announce(recordingId));
  }

  /** what is new for `who` on the recordings they manage (all, or those of `ids`); recordings with nothing new are left out */
  of(who: Principal, ids?: readonly string[]): RecordingActivity[] {
    const recs = ids === undefined ? this.o.recordings.list(seesAll(who) ? null : ownerIdOf(who)) : ids.map((id) => this.o.recordings.get(id)).filter((r): r is RecordingRow => r !== undefined && r.state !== 'cancelled' && mayManage(who, r));
    if (recs.length === 0) return [];
    const reader = readerOf(who);
    const views = this.o.insights.newViews(recs, reader, who.kind === 'account' ? who.account.id : null);
    const comments = this.o.comments.unseenOf(recs, reader);
    const out: RecordingActivity[] = [];
    for (const rec of recs) {
      const remote = this.o.remote?.countsOf(rec.id);
      if (remote) {
        out.push({ id: rec.id, title: rec.title, createdAt: rec.created_at, ...remote });
        continue;
      }
      const c = comments.get(rec.id);
      const newViews = views.get(rec.id) ?? 0;
      if (c === undefined && newViews === 0) continue;
      out.push({ id: rec.id, title: rec.title, createdAt: rec.created_at, newViews, newComments: c?.unseen ?? 0, latestComment: c?.latest ?? null });
    }
    return out;
  }

  private announce(recordingId: string): void {
    const rec = this.o.recordings.get(recordingId);
    if (!rec || rec.state === 'cancelled') return;
    const owner = rec.owner_id === null ? null : (this.o.accounts.byId(rec.owner_id)?.email ?? null);
    this.o.events.emit('activity-changed', { id: rec.id, owner });
  }
}
