import { describe, expect, it } from 'vitest';
import type { Insights } from '../../../../shared/insights';
import { insightFigures, percent, retentionPath, retentionSummary, viewersLine } from './insights-view';

const insights: Extract<Insights, { available: true }> = {
  available: true,
  views: 2,
  uniqueViewers: 2,
  watchTimeSec: 18,
  averageCompletion: 0.75,
  durationSec: 12,
  retention: [1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
  signedIn: [],
  anonymous: 2,
};

describe('insights view', () => {
  it('words the figures', () => {
    expect(insightFigures(insights)).toEqual([
      { label: 'Views', value: '2' },
      { label: 'Unique viewers', value: '2' },
      { label: 'Watch time', value: '0:18' },
      { label: 'Average completion', value: '75%' },
    ]);
    expect(percent(null)).toBe('—');
  });

  it('names signed-in viewers and counts the others', () => {
    expect(viewersLine([], 0)).toBe('No viewers yet.');
    expect(viewersLine([], 1)).toBe('1 anonymous viewer');
    const ann = { accountId: 'a', name: 'ann@example.test', views: 2, lastViewedAt: 0 };
    const bob = { accountId: 'b', name: 'bob@example.test', views: 1, lastViewedAt: 0 };
    expect(viewersLine([ann, bob], 3)).toBe('ann@example.test (2 views), bob@example.test and 3 anonymous viewers');
    expect(viewersLine([bob], 0)).toBe('bob@example.test');
  });

  it('draws one step per second, 100% at the top', () => {
    expect(retentionPath([1, 0.5], 100, 10)).toBe('M0 0 H50 V5 H100');
    expect(retentionPath([], 100, 10)).toBe('');
    expect(retentionPath([2, -1], 10, 10)).toBe('M0 0 H5 V10 H10');
    expect(retentionSummary(insights)).toBe('100% watched the start, 50% the middle, 50% the end.');
    expect(retentionSummary({ ...insights, views: 0 })).toBe('No views yet.');
  });
});
