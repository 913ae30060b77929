import { describe, expect, it } from 'vitest';
import { downloadFileName, recordingUrls } from './urls';

describe('recordingUrls', () => {
  it('puts the files under the link on the share server', () => {
    const u = recordingUrls('http://127.0.0.1:4455/v/AbC_123');
    expect(u.link).toBe('http://127.0.0.1:4455/v/AbC_123');
    expect(u.master).toBe('http://127.0.0.1:4455/v/AbC_123/master.m3u8');
    expect(u.status).toBe('http://127.0.0.1:4455/v/AbC_123/status.json');
    expect(u.poster).toBe('http://127.0.0.1:4455/v/AbC_123/poster.jpg');
    expect(u.thumbnails).toBe('http://127.0.0.1:4455/v/AbC_123/thumbs.vtt');
    expect(u.download).toBe('http://127.0.0.1:4455/v/AbC_123/download.mp4');
    expect(u.chapters).toBe('http://127.0.0.1:4455/v/AbC_123/chapters.json');
  });

  it('ignores a trailing slash, the query and the hash', () => {
    for (const href of [
      'http://h:1/v/abc/',
      'http://h:1/v/abc//',
      'http://h:1/v/abc?t=30',
      'http://h:1/v/abc/?t=30#x',
      'http://h:1/v/abc#t=10',
    ]) {
      expect(recordingUrls(href).master).toBe('http://h:1/v/abc/master.m3u8');
    }
  });

  it('reads the embed page as its link', () => {
    for (const href of ['http://h:1/v/abc/embed', 'http://h:1/v/abc/embed/', 'http://h:1/v/abc/embed?autoplay=1']) {
      expect(recordingUrls(href).link).toBe('http://h:1/v/abc');
    }
  });

  it('works for a bucket object with a prefix', () => {
    const u = recordingUrls('https://cdn.example.com/reelay/r/Zx9?utm_source=slack');
    expect(u.master).toBe('https://cdn.example.com/reelay/r/Zx9/master.m3u8');
  });

  it('finds the files beside a MinIO page named <shareId>.html', () => {
    const u = recordingUrls('http://minio.local:9000/bucket/reelay/Zx9.html');
    expect(u.master).toBe('http://minio.local:9000/bucket/reelay/Zx9/master.m3u8');
  });

  it('keeps percent-encoding as the server sent it', () => {
    expect(recordingUrls('http://h/v/a%20b').master).toBe('http://h/v/a%20b/master.m3u8');
  });
});

describe('downloadFileName', () => {
  it('uses the title made safe', () => {
    expect(downloadFileName('Q3 plan: v2/final?')).toBe('Q3 plan v2 final.mp4');
  });
  it('falls back when there is no usable title', () => {
    expect(downloadFileName(null)).toBe('Reelay recording.mp4');
    expect(downloadFileName(' ... ')).toBe('Reelay recording.mp4');
  });
});
