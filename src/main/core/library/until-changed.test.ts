// UntilChanged over a real SQLite file: an answer is reused until a write, and a transaction that
// rolls back leaves no answer behind that its writes had changed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { UntilChanged } from './until-changed';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reelay-until-changed-'));
  db = new BetterSqlite3(join(dir, 'x.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x INTEGER)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (): number => db.prepare('SELECT COUNT(*) FROM t').pluck().get() as number;

describe('UntilChanged', () => {
  it('counts once while nothing is written, again after a write', () => {
    const totals = new UntilChanged<number>(db);
    let computed = 0;
    const total = (): number => totals.get('t', () => (computed++, count()));
    expect([total(), total(), total()]).toEqual([0, 0, 0]);
    expect(computed).toBe(1);
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(total()).toBe(1);
    expect(computed).toBe(2);
  });

  it('keeps nothing counted inside a transaction that is rolled back', () => {
    const totals = new UntilChanged<number>(db);
    const total = (): number => totals.get('t', count);
    expect(total()).toBe(0);
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        expect(total()).toBe(1);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(total()).toBe(0);
  });
});
