// Answers kept until the database changes: a library page's totals (how many match, the storage used)
// are counts over every recording (10,000 index entries, most of a page's time at that size), and they
// stay the same from page to page until something is written. Any write on this connection moves
// SQLite's total_changes(), a commit from another connection moves data_version: either clears them.
// Inside a transaction nothing is kept (a rollback would leave an answer no write invalidated).
import type { Database } from 'better-sqlite3';
import { Statements } from './statements';

/** distinct keys kept at most (a user typing searches with nothing written between) */
const MAX_ANSWERS = 1000;

export class UntilChanged<V> {
  private readonly sql: Statements;
  private readonly answers = new Map<string, V>();
  private stamp = '';

  constructor(private readonly db: Database) {
    this.sql = new Statements(db);
  }

  /** the answer for `key` computed since the last write, else `compute()`'s (kept until the next write) */
  get(key: string, compute: () => V): V {
    if (this.db.inTransaction) return compute();
    const stamp = `${this.sql.of('SELECT total_changes()', { pluck: true }).get() as number}/${this.sql.of('PRAGMA data_version', { pluck: true }).get() as number}`;
    if (stamp !== this.stamp || this.answers.size >= MAX_ANSWERS) {
      this.answers.clear();
      this.stamp = stamp;
    }
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = compute();
      this.answers.set(key, answer);
    }
    return answer;
  }
}
