import { describe, expect, it } from 'vitest';
import type { Recording } from '../../../../shared/domain';
import { initialRecordingsState, recordingsReducer, type RecordingsAction } from './recordings-store';

const rec = (id: string, createdAt: number, patch: Partial<Recording> = {}) => ({ id, createdAt, title: id, ...patch }) as Recording;
const run = (...actions: RecordingsAction[]) => actions.reduce(recordingsReducer, initialRecordingsState);

describe('recordingsReducer', () => {
  it('lists newest first', () => {
    const s = run({ type: 'listed', items: [rec('a', 1), rec('b', 3), rec('c', 2)] });
    expect(s.status).toBe('ready');
    expect(s.items.map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });

  it('adds, updates and removes from events', () => {
    const s = run(
      { type: 'listed', items: [rec('a', 1)] },
      { type: 'updated', recording: rec('b', 2) },
      { type: 'updated', recording: rec('a', 1, { title: 'renamed' }) },
      { type: 'removed', id: 'b' },
    );
    expect(s.items).toEqual([rec('a', 1, { title: 'renamed' })]);
  });

  it('keeps events that beat the first list and applies them after it', () => {
    const s = run({ type: 'updated', recording: rec('new', 5) }, { type: 'removed', id: 'old' }, { type: 'listed', items: [rec('old', 1)] });
    expect(s.items.map((r) => r.id)).toEqual(['new']);
    expect(s.early).toEqual([]);
  });

  it('reports a failed list', () => {
    expect(run({ type: 'list-failed', error: 'offline' })).toMatchObject({ status: 'error', error: 'offline' });
  });
});
