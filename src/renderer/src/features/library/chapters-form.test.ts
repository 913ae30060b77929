import { describe, expect, it } from 'vitest';
import { chaptersFromRows, rowsFromChapters } from './chapters-form';

describe('chaptersFromRows', () => {
  it('reads the times as typed, leaves out empty rows and puts the chapters in time order', () => {
    const rows = [
      { time: '1m30s', title: 'Demo' },
      { time: '', title: '' },
      { time: '0:00', title: 'Intro' },
    ];
    expect(chaptersFromRows(rows, 120)).toEqual({ ok: true, chapters: [{ atSec: 0, title: 'Intro' }, { atSec: 90, title: 'Demo' }] });
  });
  it('names the row whose time is unreadable, and passes on the chapter checks', () => {
    expect(chaptersFromRows([{ time: 'soon', title: 'A' }], 60)).toEqual({ ok: false, message: 'Row 1: "soon" is not a time; write it as 1:30, 90 or 1m30s.' });
    const late = chaptersFromRows([{ time: '2:00', title: 'Late' }], 60);
    expect(late.ok === false && late.message).toMatch(/after the recording ends/);
  });
});

describe('rowsFromChapters', () => {
  it('writes times as clocks, keeping a fraction, so they read back the same', () => {
    const rows = rowsFromChapters([{ atSec: 0, title: 'Intro' }, { atSec: 90.5, title: 'Demo' }, { atSec: 3723, title: 'Late' }]);
    expect(rows).toEqual([{ time: '0:00', title: 'Intro' }, { time: '1:30.5', title: 'Demo' }, { time: '1:02:03', title: 'Late' }]);
    expect(chaptersFromRows(rows, 4000)).toEqual({ ok: true, chapters: [{ atSec: 0, title: 'Intro' }, { atSec: 90.5, title: 'Demo' }, { atSec: 3723, title: 'Late' }] });
  });
});
