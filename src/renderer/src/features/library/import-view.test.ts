import { describe, expect, it } from 'vitest';
import { importError, importingLine, uploadStateLine } from './import-view';

describe('import lines', () => {
  it('says how much of the file is uploaded, then that it is checked', () => {
    expect(uploadStateLine({ name: 'a.mp4', sent: 5_000_000, total: 20_000_000, phase: 'uploading' })).toEqual({ text: 'Uploading "a.mp4": 25% (5.0 MB of 20.0 MB)', fraction: 0.25, tone: 'normal' });
    expect(uploadStateLine({ name: 'a.mp4', sent: 1, total: 1, phase: 'checking' })).toEqual({ text: 'Checking "a.mp4"…', fraction: null, tone: 'normal' });
  });
  it('says how far the first version is, and the time left once known', () => {
    expect(importingLine({ progress: 0.426, etaSeconds: 12 })).toEqual({ text: 'Importing: 42%, about 0:12 left', fraction: 0.426, tone: 'normal' });
    expect(importingLine({ progress: 0, etaSeconds: null }).text).toBe('Importing: 0%');
  });
  it("keeps the server's words, naming the file once", () => {
    expect(importError('x.mp4', '"x.mp4" is not a video file. Reelay imports MP4, MOV, WebM and MKV videos.')).toBe('Could not import "x.mp4": it is not a video file. Reelay imports MP4, MOV, WebM and MKV videos.');
    expect(importError('x.mp4', 'The disk is full.')).toBe('Could not import "x.mp4": The disk is full.');
  });
});
