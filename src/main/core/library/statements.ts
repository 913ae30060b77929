// Prepared statements, prepared once per SQL text: the library's hot paths (a library page, each API
// call's token check) ran better-sqlite3's prepare for every query, tens of microseconds each.
// A statement's mode is fixed at creation (pluck or not), so a cached one never changes under a caller.
import type { Database, Statement } from 'better-sqlite3';

export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** the statement for `sql`; pluck: its answers are the first column's values */
  of(sql: string, o: { pluck?: boolean } = {}): Statement {
    const key = o.pluck ? `pluck\n${sql}` : sql;
    let statement = this.cache.get(key);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (o.pluck) statement.pluck();
      this.cache.set(key, statement);
    }
    return statement;
  }
}

/** a list of ids as one parameter, for `IN (SELECT value FROM json_each(?))`: one statement for any number of ids */
export const jsonList = (values: readonly string[]): string => JSON.stringify(values);
