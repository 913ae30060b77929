import { describe, expect, it } from 'vitest';
import { RECORDING_STATES } from './domain';
import { PUBLISHED, RENDITION_FILES, segmentName, STATUS_BACKFILL_STATES, STATUS_RECORDING_STATES, statusSchema, type PublishedStatus } from './published';

/** status.json as the core writes it (publish/generated.ts renderStatus) */
const written: PublishedStatus = {
  title: 'Quarterly plan',
  state: 'ready',
  durationMs: 61_250,
  createdAt: 1_764_000_000_000,
  width: 1920,
  height: 1080,
  backfill: 'done',
  poster: true,
  thumbnails: true,
  download: true,
};
const roundTrip = (status: unknown) => statusSchema.safeParse(JSON.parse(JSON.stringify(status)));

describe('statusSchema', () => {
  it('accepts what the core writes, through JSON', () => {
    expect(roundTrip(written)).toEqual({ success: true, data: written });
  });
  it('accepts every recording state the core has, and every backfill state', () => {
    for (const state of RECORDING_STATES) expect(roundTrip({ ...written, state }).success, state).toBe(true);
    for (const backfill of STATUS_BACKFILL_STATES) expect(roundTrip({ ...written, backfill }).success, backfill).toBe(true);
  });
  it('accepts a recording whose size is not known yet, and an empty one', () => {
    expect(roundTrip({ ...written, state: 'created', width: null, height: null, durationMs: 0, title: '' }).success).toBe(true);
  });
  it('rejects junk', () => {
    const junk: unknown[] = [
      null,
      [],
      'ready',
      {},
      { ...written, state: 'exploded' },
      { ...written, backfill: 'later' },
      { ...written, durationMs: -1 },
      { ...written, durationMs: '61250' },
      { ...written, width: 1920.5 },
      { ...written, height: undefined },
      { ...written, poster: 'yes' },
      { ...written, title: 7 },
    ];
    for (const value of junk) expect(statusSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    const { createdAt: _, ...missing } = written;
    expect(statusSchema.safeParse(missing).success).toBe(false);
  });
  it('lists the states a viewer reads among those the core writes', () => {
    for (const state of STATUS_RECORDING_STATES) expect(RECORDING_STATES).toContain(state);
  });
});

describe('the published layout', () => {
  it('names every file once, directly under the link or the rendition', () => {
    const names = [...Object.values(PUBLISHED), ...Object.values(RENDITION_FILES), segmentName(0)];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9-]+\.[a-z0-9]+$/);
  });
  it('numbers segments so they sort in order', () => {
    expect(segmentName(0)).toBe('seg-00000.m4s');
    expect(segmentName(42)).toBe('seg-00042.m4s');
    expect([segmentName(10), segmentName(9)].sort()).toEqual([segmentName(9), segmentName(10)]);
  });
});
