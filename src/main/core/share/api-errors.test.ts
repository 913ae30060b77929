// The control API refuses what it cannot take, over real HTTP against the real core: a body too large
// (413), the wrong content type (415), the wrong method (405), a missing or malformed x-reelay-args
// header (400). Each answer is the contract's error as data, { code, message, retryable }, with a
// message a person can act on, and nothing changes: the library and the files stay as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { ERROR_CODES, HTTP, type ApiError } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import { eventually, startTestServer, type TestServer } from '../testing/test-server';

let s: TestServer;
let rec: Recording;

beforeAll(async () => {
  s = await startTestServer();
  const created = await s.call('recordings.create', { width: 1280, height: 720, fps: 30, title: 'Unchanged' });
  if (!created.ok) throw new Error(created.error.message);
  rec = created.value as Recording;
  expect((await s.call('recordings.start', { id: rec.id })).ok).toBe(true);
  const init = await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(900) });
  expect(init.ok).toBe(true);
  // the init is published: from now on nothing changes unless a call gets through
  await eventually(() => s.core.publisher.pendingCount(rec.id) === 0, 10_000, 'the init to be published');
});
afterAll(async () => {
  await s?.close();
});

const url = (method: string): string => `${s.origin}${HTTP.callPrefix}${method}`;
const segmentArgs = (seq = 0): string => encodeURIComponent(JSON.stringify({ id: rec.id, rendition: 'live', seq, durationSec: 2 }));

/** everything a user could notice: the library as the page lists it, and the files on this computer */
async function observable(): Promise<{ library: unknown; files: string[] }> {
  // read once whatever was accepted has been published, so the two reads compare like with like
  await eventually(() => s.core.publisher.pendingCount(rec.id) === 0, 10_000, 'the uploads to settle');
  const list = await s.call('recordings.list', {});
  expect(list.ok).toBe(true);
  const files: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else files.push(`${relative(s.dataDir, path)} ${st.size}`);
    }
  };
  walk(join(s.dataDir, 'recordings'));
  walk(join(s.dataDir, 'share'));
  return { library: (list as { value: unknown }).value, files };
}

/** the answer is the contract's error: JSON, ok false, a known code, a sentence, not retryable */
async function expectError(res: Response, status: number, code: ApiError['code'], message: RegExp): Promise<ApiError> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { ok: boolean; error: ApiError };
  expect(body.ok).toBe(false);
  expect(ERROR_CODES).toContain(body.error.code);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
  expect(body.error.message.length).toBeGreaterThan(8);
  expect(body.error.retryable).toBe(false);
  return body.error;
}

/** a POST whose body streams from a generator, answered as soon as the server answers */
function streamingPost(path: string, headers: Record<string, string>, totalBytes: number): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(s.origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'POST', headers: { ...headers, 'content-length': String(totalBytes) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1 << 20, 0x20);
    let sent = 0;
    let answered = false;
    req.once('response', () => (answered = true));
    const write = (): void => {
      while (sent < totalBytes && !answered) {
        const n = Math.min(chunk.length, totalBytes - sent);
        sent += n;
        if (!req.write(chunk.subarray(0, n))) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

describe('the control API refuses what it cannot take, and changes nothing', () => {
  it('413: a JSON body over 1 MiB', async () => {
    const before = await observable();
    // a valid rename, padded with whitespace past the limit: taken, it would rename the recording
    const body = `${' '.repeat((1 << 20) + 1)}${JSON.stringify({ id: rec.id, title: 'Renamed by a huge body' })}`;
    const res = await fetch(url('recordings.rename'), { method: 'POST', headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/json' }, body });
    await expectError(res, 413, 'invalid-input', /too large/i);
    expect(await observable()).toEqual(before);
  });

  it('413: a binary body over 64 MiB (a segment or a master chunk is far smaller)', async () => {
    const before = await observable();
    const res = await streamingPost(
      `${HTTP.callPrefix}recordings.putSegment`,
      { origin: s.origin, cookie: s.cookie, 'content-type': 'application/octet-stream', [HTTP.argsHeader]: segmentArgs() },
      (64 << 20) + 1,
    );
    expect(res.status).toBe(413);
    const body = JSON.parse(res.body) as { ok: boolean; error: ApiError };
    expect(body).toEqual({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/too large/i), retryable: false } });
    expect(await observable()).toEqual(before);
  });

  it('415: a JSON method sent as text, a binary method sent as JSON', async () => {
    const before = await observable();
    const rename = await fetch(url('recordings.rename'), {
      method: 'POST',
      headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'text/plain' },
      body: JSON.stringify({ id: rec.id, title: 'Renamed as text' }),
    });
    await expectError(rename, 415, 'invalid-input', /application\/json/);
    const noType = await fetch(url('recordings.rename'), { method: 'POST', headers: { origin: s.origin, cookie: s.cookie }, body: new Uint8Array(Buffer.from(JSON.stringify({ id: rec.id, title: 'No type' }))) });
    await expectError(noType, 415, 'invalid-input', /application\/json/);
    const segment = await fetch(url('recordings.putSegment'), {
      method: 'POST',
      headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/json', [HTTP.argsHeader]: segmentArgs() },
      body: new Uint8Array(randomBytes(1000)),
    });
    await expectError(segment, 415, 'invalid-input', /application\/octet-stream/);
    expect(await observable()).toEqual(before);
  });

  it('405: any method but POST', async () => {
    const before = await observable();
    for (const method of ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']) {
      const withBody = method !== 'GET' && method !== 'HEAD';
      const res = await fetch(url('recordings.rename'), {
        method,
        headers: { origin: s.origin, cookie: s.cookie, ...(withBody ? { 'content-type': 'application/json' } : {}) },
        ...(withBody ? { body: JSON.stringify({ id: rec.id, title: `Renamed by ${method}` }) } : {}),
      });
      if (method === 'HEAD') {
        expect(res.status).toBe(405); // no body to read in an answer to HEAD
        continue;
      }
      await expectError(res, 405, 'invalid-input', /POST/);
    }
    expect(await observable()).toEqual(before);
  });

  // RFC 9110 §15.5.6: a 405 MUST carry Allow. The share routes send one ('GET, HEAD'); the API doesn't.
  it('405 names the method that is allowed (Allow: POST)', async () => {
    const res = await fetch(url('recordings.list'), { headers: { origin: s.origin, cookie: s.cookie } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('400: a binary call without its x-reelay-args header, or with a malformed one', async () => {
    const before = await observable();
    const put = (args: string | null): Promise<Response> =>
      fetch(url('recordings.putSegment'), {
        method: 'POST',
        headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/octet-stream', ...(args === null ? {} : { [HTTP.argsHeader]: args }) },
        body: new Uint8Array(randomBytes(1000)),
      });
    await expectError(await put(null), 400, 'invalid-input', /argument/i);
    for (const malformed of ['not json', '%7B%22id%22', '%E0%A4%A', encodeURIComponent('[1,2]'), encodeURIComponent('null'), encodeURIComponent('"live"')]) {
      await expectError(await put(malformed), 400, 'invalid-input', /argument|JSON/i);
    }
    // well-formed JSON that is not a valid call: the contract's validation says what is wrong
    const badSeq = await put(encodeURIComponent(JSON.stringify({ id: rec.id, rendition: 'live', seq: -1, durationSec: 2 })));
    expect((await expectError(badSeq, 400, 'invalid-input', /seq/)).message).not.toMatch(/^\[|\{/); // a sentence, not a dump
    const extra = await put(encodeURIComponent(JSON.stringify({ id: rec.id, rendition: 'live', seq: 0, durationSec: 2, evil: true })));
    await expectError(extra, 400, 'invalid-input', /evil|unrecognized/i);
    expect(await observable()).toEqual(before);
  });

  it('takes the same calls when they are right: the checks above would have seen a change', async () => {
    const before = await observable();
    const renamed = await fetch(url('recordings.rename'), {
      method: 'POST',
      headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ id: rec.id, title: 'Renamed properly' }),
    });
    expect(renamed.status).toBe(200);
    const segment = await fetch(url('recordings.putSegment'), {
      method: 'POST',
      headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/octet-stream', [HTTP.argsHeader]: segmentArgs(0) },
      body: new Uint8Array(randomBytes(1000)),
    });
    expect(segment.status).toBe(200);
    const after = await observable();
    expect(after.library).not.toEqual(before.library);
    expect(after.files.length).toBeGreaterThan(before.files.length);
  });
});
