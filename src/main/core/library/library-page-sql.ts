// The WHERE and ORDER BY of a library page, for RecordingsRepo.page. Pure, so each clause is tested
// alone. Filters that depend on the backfill, the upload queue or the insights read those tables
// (read only) in subqueries; their repositories stay their only writers. Every order ends with the
// id so that pages never overlap or skip a recording.
import type { LibraryFilter, LibraryPageQuery, LibrarySort } from '../../../shared/library';

export interface PageSql {
  where: string;
  orderBy: string;
  params: Record<string, string>;
}

const FILTERS: Record<LibraryFilter, string> = {
  recording: `r.state IN ('created', 'recording', 'paused')`,
  ready: `r.state = 'ready'`,
  interrupted: `r.state = 'interrupted'`,
  hd: `EXISTS (SELECT 1 FROM backfill_jobs j WHERE j.recording_id = r.id AND j.state IN ('queued', 'running'))`,
  failed: `EXISTS (SELECT 1 FROM backfill_jobs j WHERE j.recording_id = r.id AND j.state = 'failed')`,
  uploading: `(r.state = 'finishing' OR EXISTS (SELECT 1 FROM uploads u WHERE u.state = 'pending' AND u.recording_id = r.id))`,
};

/** views: viewing sessions the link's viewers reported (a proxy of Insights' views, which need 5 s of play) */
const VIEWS = `(SELECT COUNT(*) FROM (SELECT DISTINCT b.viewer_id, b.session_id FROM insight_beacons b WHERE b.recording_id = r.id))`;

const ORDERS: Record<LibrarySort, string> = {
  newest: 'r.created_at DESC, r.id DESC',
  oldest: 'r.created_at ASC, r.id ASC',
  title: 'r.title COLLATE NOCASE ASC, r.id ASC',
  length: 'r.duration_ms DESC, r.created_at DESC, r.id DESC',
  views: `${VIEWS} DESC, r.created_at DESC, r.id DESC`,
};

/** a LIKE pattern matching `text` anywhere, its own % and _ taken literally (ESCAPE '\') */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function libraryPageSql(q: Pick<LibraryPageQuery, 'query' | 'sort' | 'show'>, ownerId: string | null): PageSql {
  const where = [`r.state != 'cancelled'`];
  const params: Record<string, string> = {};
  if (ownerId !== null) {
    where.push('r.owner_id = @owner');
    params.owner = ownerId;
  }
  if (q.query) {
    // LIKE is case-insensitive for ASCII letters (SQLite without ICU)
    where.push(`r.title LIKE @title ESCAPE '\\'`);
    params.title = containsPattern(q.query);
  }
  if (q.show) where.push(FILTERS[q.show]);
  return { where: where.join(' AND '), orderBy: ORDERS[q.sort], params };
}
