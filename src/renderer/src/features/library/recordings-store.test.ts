import { describe, expect, it } from 'vitest';
import type { Recording } from '../../../../shared/domain';
import type { LibraryPage } from '../../../../shared/library';
import { initialRecordingsState, recordingsReducer, type RecordingsAction } from './recordings-store';

const rec = (id: string, createdAt: number, patch: Partial<Recording> = {}) => ({ id, createdAt, title: id, sizeBytes: null, ...patch }) as Recording;
const page = (items: Recording[], more: Partial<LibraryPage> = {}): LibraryPage => ({ items, total: items.length, next: null, totalBytes: 0, ...more });
const run = (...actions: RecordingsAction[]) => actions.reduce(recordingsReducer, initialRecordingsState);

describe('recordingsReducer', () => {
  it('shows a page in the order the core sorted it, and appends the next page without repeating a card', () => {
    const first = run({ type: 'listed', page: page([rec('b', 3), rec('a', 1)], { total: 3, next: 2, totalBytes: 700 }), append: false });
    expect(first).toMatchObject({ status: 'ready', total: 3, next: 2, totalBytes: 700 });
    expect(first.items.map((r) => r.id)).toEqual(['b', 'a']);
    const both = recordingsReducer(first, { type: 'listed', page: page([rec('a', 1), rec('z', 0)], { total: 3, next: null, totalBytes: 700 }), append: true });
    expect(both.items.map((r) => r.id)).toEqual(['b', 'a', 'z']);
    expect(both.next).toBeNull();
  });

  it('updates a loaded card in place and keeps the total size current; removes one and counts it out', () => {
    const s = run(
      { type: 'listed', page: page([rec('b', 3, { sizeBytes: 100 }), rec('a', 1)], { total: 5, next: 2, totalBytes: 100 }), append: false },
      { type: 'updated', recording: rec('a', 1, { title: 'renamed', sizeBytes: 50 }) },
      { type: 'removed', id: 'b' },
    );
    expect(s.items).toEqual([rec('a', 1, { title: 'renamed', sizeBytes: 50 })]);
    expect(s).toMatchObject({ total: 4, next: 1, totalBytes: 50, stale: false });
  });

  it('a new recording the pages miss makes them stale; an old one that changed off-page does not', () => {
    const s = run({ type: 'listed', page: page([rec('b', 3), rec('a', 1)]), append: false });
    expect(recordingsReducer(s, { type: 'updated', recording: rec('old', 0) }).stale).toBe(false);
    expect(recordingsReducer(s, { type: 'updated', recording: rec('new', 9) }).stale).toBe(true);
    expect(recordingsReducer(s, { type: 'removed', id: 'elsewhere' })).toBe(s);
  });

  it('keeps events that beat the first page and applies them after it; a new query starts over', () => {
    const s = run({ type: 'removed', id: 'old' }, { type: 'updated', recording: rec('a', 1, { title: 'later' }) }, { type: 'listed', page: page([rec('old', 0), rec('a', 1)]), append: false });
    expect(s.items.map((r) => r.title)).toEqual(['later']);
    expect(s.early).toEqual([]);
    expect(recordingsReducer(s, { type: 'loading' })).toEqual(initialRecordingsState);
  });

  it('a failed load says why', () => {
    expect(run({ type: 'list-failed', error: 'offline' })).toMatchObject({ status: 'error', error: 'offline' });
  });
});
