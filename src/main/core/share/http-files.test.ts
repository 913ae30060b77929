// A playlist is replaced (renamed over) while viewers fetch it: every answer must be one whole version.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { sendFile } from './http-files';
import { tempDir } from '../testing/test-server';

describe('sendFile', () => {
  it('serves whole versions of a file that is replaced while it is read', async () => {
    const dir = tempDir();
    const file = join(dir, 'index.m3u8');
    const versions = Array.from({ length: 40 }, (_, i) => `#EXTM3U\n${'#EXTINF:2.0,\nseg.m4s\n'.repeat(i * 50 + 1)}`);
    writeFileSync(file, versions[0]!);
    const server = createServer((req, res) => void sendFile(req, res, file, { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'no-cache' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let writing = true;
    const writer = (async () => {
      for (let i = 1; writing; i = (i + 1) % versions.length) {
        writeFileSync(`${file}.tmp`, versions[i]!);
        renameSync(`${file}.tmp`, file);
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      for (let n = 0; n < 300; n++) {
        const res = await fetch(url);
        const body = await res.text();
        expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
        expect(versions).toContain(body);
      }
    } finally {
      writing = false;
      await writer;
      server.close();
    }
  });
});
