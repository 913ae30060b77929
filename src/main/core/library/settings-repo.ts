// SQL for the settings table: one JSON value per key. No policy here: the settings service decides.
import type { Database } from 'better-sqlite3';

export class SettingsRepo {
  constructor(private readonly db: Database) {}

  read<T>(key: string): T | undefined {
    const v = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  write(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }
}
