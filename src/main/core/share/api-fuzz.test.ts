// Property-based tests (fast-check) of the control API over real HTTP against the real core (server
// mode): arbitrary method names, arbitrary JSON as any method's input, wrong types, huge strings, odd
// unicode, arbitrary x-reelay-args headers and bodies for the binary methods, arbitrary content types.
// Every request is answered, quickly, with the contract's error as JSON ({ ok: false, error: { code,
// message, retryable } }) and a 4xx status (never a 5xx, never an empty or non-JSON body), and nothing
// a user could notice changes: the library, the settings and the files under the data folder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';
import { ERROR_CODES, HTTP, methods, type MethodName } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import { isMethodName } from '../api';
import { eventually, startTestServer, type TestServer } from '../testing/test-server';

let s: TestServer;
let rec: Recording;
let before: Observable;

/** a request's answer must start within this; the API answers these in milliseconds */
const ANSWER_WITHIN_MS = 5_000;

beforeAll(async () => {
  // the reaper closes a recording whose capture went silent for this long: not during this file
  s = await startTestServer({ core: { abandonAfterMs: 30 * 60_000 } });
  const created = await s.call('recordings.create', { width: 1280, height: 720, fps: 30, title: 'Fuzzed' });
  if (!created.ok) throw new Error(created.error.message);
  rec = created.value as Recording;
  expect((await s.call('recordings.start', { id: rec.id })).ok).toBe(true);
  const init = await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(900) });
  expect(init.ok).toBe(true);
  const segment = await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: randomBytes(1000) });
  expect(segment.ok).toBe(true);
  await eventually(() => s.core.publisher.pendingCount(rec.id) === 0, 10_000, 'the uploads to settle');
});
// each property compares with the state before it, so one that changes something fails alone
beforeEach(() => {
  before = observable();
});
afterAll(async () => {
  await s?.close();
});

type Observable = ReturnType<typeof observable>;
/**
 * Everything a user could notice: the library (the database's rows as the core reads
 * them), the settings, and every file under the data folder with its size and, but for SQLite's own
 * files (their pages move without a change of content), a hash of its bytes.
 */
function observable() {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (/\.sqlite(-wal|-shm|-journal)?$/.test(name)) files.push(relative(s.dataDir, path));
      else files.push(`${relative(s.dataDir, path)} ${st.size} ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}`);
    }
  };
  walk(s.dataDir);
  return { library: s.core.recordings.list(), settings: s.core.settings.get(), files };
}

interface Req {
  /** HTTP method; POST unless a property says otherwise */
  verb: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}
interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** one request on its own connection; fails if no complete answer arrives in time */
function send(r: Req): Promise<Answer> {
  const { hostname, port } = new URL(s.origin);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`));
    }, ANSWER_WITHIN_MS);
    const req = request({ hostname, port, path: r.path, method: r.verb, agent: false, headers: { ...r.headers, 'content-length': String(r.body.byteLength) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(r.body);
  });
}

/** the answer is the contract's error: a 4xx, JSON, ok false, a known code, a sentence, retryable a boolean */
function expectApiError(a: Answer, status: number, code?: string): void {
  expect(a.status, a.body).toBeGreaterThanOrEqual(400);
  expect(a.status, a.body).toBeLessThan(500);
  expect(a.contentType).toMatch(/^application\/json/);
  const body = JSON.parse(a.body) as { ok: unknown; error: { code: unknown; message: unknown; retryable: unknown } };
  expect(Object.keys(body).sort()).toEqual(['error', 'ok']);
  expect(body.ok).toBe(false);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'retryable']);
  expect(ERROR_CODES).toContain(body.error.code);
  expect(typeof body.error.message).toBe('string');
  expect((body.error.message as string).length).toBeGreaterThan(8);
  expect(typeof body.error.retryable).toBe('boolean');
  expect({ status: a.status, code: body.error.code }).toEqual({ status, code: code ?? body.error.code });
}

// ---- what requests are made of ----------------------------------------------------------------------

const JSON_METHODS = (Object.keys(methods) as MethodName[]).filter((m) => !methods[m].binary);
const BINARY_METHODS = (Object.keys(methods) as MethodName[]).filter((m) => methods[m].binary);
/** every field name some method takes, and a few no method does */
const FIELDS = [
  ...new Set(
    (Object.keys(methods) as MethodName[]).flatMap((m) => Object.keys((methods[m].input as unknown as { shape: Record<string, unknown> }).shape)),
  ),
  'evil',
  '__proto__',
  'constructor',
  'kind',
  's3',
  'cameraSize',
];

const headerSafe = (max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));
const oddText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\ufeff', 'e\u0301', '\ud83d\ude00', '\ud800', '\udc00x', '../../etc/passwd', '%00', 'null', '1e309', 'NaN'),
);
const hugeText = fc.tuple(fc.constantFrom('a', ' ', '\u00e9', '\ud83d\ude00', '"', '\\'), fc.integer({ min: 1_000, max: 100_000 })).map(([c, n]) => c.repeat(n));
/** text that can be URI-encoded (no lone surrogate) */
const wellFormed = (text: string): boolean => {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
};
/** a recording id: this server's recording, one of a valid form that no recording has, or not an id */
const anyId = fc.oneof(fc.constant('REC'), fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), oddText);
/** values that are wrong for most fields, and a few that are right for some */
const tricky: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1, 1.5, -0.0001, 7, 16, 8192, 8193, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308, 5e-324, 'live', 'local', 'both', 's3', 'REC', [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  oddText,
  hugeText,
  fc.jsonValue({ maxDepth: 2 }),
);
/** an object with some of the contract's field names, each with a tricky value */
const shaped = fc.dictionary(fc.constantFrom(...FIELDS), tricky, { maxKeys: 6 });
const anyInput: fc.Arbitrary<unknown> = fc.oneof(shaped, fc.jsonValue({ maxDepth: 3 }), tricky);

/** 'REC' stands for this server's recording (its id is known only once the server runs) */
function withRecordingId(v: unknown): unknown {
  if (v === 'REC') return rec.id;
  if (Array.isArray(v)) return v.map(withRecordingId);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withRecordingId(x)]));
  return v;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', ' application/json ;charset=UTF-8'];
const BINARY_TYPES = ['application/octet-stream', 'Application/Octet-Stream; x=y'];
const contentType = (right: readonly string[]): fc.Arbitrary<string | null> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...right) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(null, '', 'text/plain', 'application/json', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/jsonx', 'application/json-seq', ';', 'application/octet-stream/x') },
    { weight: 1, arbitrary: headerSafe(80) },
  );

/** what the server must answer, by the order of its checks; null: a call that would be accepted (not bad input) */
function expected(method: string, type: string | null, args: string | null, body: Uint8Array): { status: number; code: string } | null {
  if (!isMethodName(method)) return { status: 404, code: 'not-found' };
  const binary = methods[method].binary;
  const bare = (type ?? '').split(';')[0]!.trim().toLowerCase();
  if (bare !== (binary ? 'application/octet-stream' : 'application/json')) return { status: 415, code: 'invalid-input' };
  let input: unknown;
  if (binary) {
    let parsed: unknown;
    try {
      parsed = args === null ? null : JSON.parse(decodeURIComponent(args));
    } catch {
      parsed = null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { status: 400, code: 'invalid-input' };
    input = { ...parsed, data: body };
  } else {
    try {
      input = body.byteLength === 0 ? {} : JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      return { status: 400, code: 'invalid-input' };
    }
  }
  // the ffmpeg path names the program the server runs: no page may set it, valid or not
  if (method === 'settings.set' && typeof input === 'object' && input !== null && Object.prototype.hasOwnProperty.call(input, 'ffmpegPath')) return { status: 403, code: 'forbidden' };
  const valid = methods[method].input.safeParse(input);
  if (!valid.success) return { status: 400, code: 'invalid-input' };
  // a valid call for a recording that does not exist: the core refuses it
  const id = (valid.data as { id?: unknown }).id;
  if (typeof id === 'string' && id !== rec.id) return { status: 404, code: 'not-found' };
  return null;
}

interface Case {
  req: Req;
  expect: { status: number; code: string } | null;
}
const post = (method: string, type: string | null, body: Uint8Array, extra: Record<string, string> = {}): Req => ({
  verb: 'POST',
  path: HTTP.callPrefix + encodeURIComponent(method),
  headers: { origin: s.origin, cookie: s.cookie, ...(type === null ? {} : { 'content-type': type }), ...extra },
  body,
});
const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
/** JSON text for a value; a value JSON cannot write (a lone top-level undefined) becomes an empty body */
const jsonBody = (v: unknown): Uint8Array => utf8(JSON.stringify(withRecordingId(v)) ?? '');

/** an unknown method name, with any body */
const unknownMethodCase: fc.Arbitrary<Case> = fc
  .tuple(
    fc.oneof(
      oddText,
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'recordings', 'recordings.', 'APP.INFO', 'app.info ', ' app.info', 'app.info/', 'recordings.list/x', 'app%2Einfo', 'recordings.get\u0000'),
      fc.constantFrom(...Object.keys(methods)).chain((m) => fc.tuple(fc.constantFrom('', 'x', '.', '/'), fc.constantFrom('', 'x', ' ', '\u0130')).map(([a, b]) => a + m + b)),
    ),
    anyInput,
  )
  .filter(([name]) => !isMethodName(name) && wellFormed(name))
  .map(([name, input]) => {
    // refused before its body is read: a small body, so the answer is never lost to a reset
    const req = post(name, 'application/json', jsonBody(input).subarray(0, 2048));
    // a name that is a dot-segment ("." or "..") moves up the path: no such route either way
    return { req, expect: { status: 404, code: 'not-found' } };
  });

/** a JSON method with any input (a JSON value, a body that is not JSON, an empty body), any content type */
const jsonMethodCase: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom(...JSON_METHODS),
    contentType(JSON_TYPES),
    fc.oneof(
      { weight: 8, arbitrary: anyInput.map(jsonBody) },
      { weight: 1, arbitrary: fc.oneof(oddText, hugeText, fc.constantFrom('{', '{"id":', '[1,', '{"a":1}}', 'undefined', '\u0000{}', '{}\u0000', "{'id':1}")).map(utf8) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
    ),
  )
  .map(([method, type, body]) => {
    // a body the server does not read (wrong content type) stays small, so the answer is never lost to a reset
    const b = type !== null && JSON_TYPES.includes(type) ? body : body.subarray(0, 2048);
    return { req: post(method, type, b), expect: expected(method, type, null, b) };
  })
  // over 1 MiB is refused unread (413, api-errors.test.ts): the client's writes could race the close
  .filter((c) => c.expect !== null && c.req.body.byteLength <= 1 << 20);

/** an x-reelay-args header: absent, any text, any JSON URI-encoded, or the method's fields with tricky values */
const argsHeader: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  headerSafe(200),
  fc.jsonValue({ maxDepth: 2 }).map((v) => encodeURIComponent(JSON.stringify(v))),
  shaped.filter((v) => wellFormed(JSON.stringify(v))).map((v) => encodeURIComponent(JSON.stringify(withRecordingId(v)))),
  fc.tuple(fc.constantFrom('%', '%E0%A4%A', '%7B', '%ZZ', '%7B%22id%22%3A'), headerSafe(20)).map(([a, b]) => a + b),
);
/** a binary method with any arguments and any bytes, any content type */
const binaryMethodCase: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...BINARY_METHODS), contentType(BINARY_TYPES), argsHeader, fc.uint8Array({ maxLength: 2048 }))
  .map(([method, type, args, body]) => ({
    req: post(method, type, body, args === null ? {} : { [HTTP.argsHeader]: args }),
    expect: expected(method, type, args, body),
  }))
  // node refuses request headers over 16 KiB itself (431), before the API sees them
  .filter((c) => c.expect !== null && (c.req.headers[HTTP.argsHeader] ?? '').length <= 8_000);

/** a request no call may be: another HTTP verb, another site's origin, another route under /api */
const wrongRequestCase: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), fc.constantFrom(...Object.keys(methods))).map(([verb, m]) => ({
    req: { ...post(m, 'application/json', utf8('{}')), verb },
    expect: { status: 405, code: 'invalid-input' },
  })),
  fc.tuple(fc.oneof(fc.constantFrom('null', 'http://evil.example', `http://127.0.0.1`, 'https://127.0.0.1'), headerSafe(40)), fc.constantFrom(...Object.keys(methods))).map(([origin, m]) => ({
    req: post(m, 'application/json', utf8('{}'), { origin }),
    expect: origin.toLowerCase() === s.origin ? null : { status: 403, code: 'forbidden' },
  })),
  fc.oneof(oddText, fc.constantFrom('call', 'events/x', 'calls/app.info', 'x'))
    // '..' leaves /api (the app's own 404), 'events' is the event stream (405 for POST)
    .filter((p) => wellFormed(p) && p !== '..' && p !== 'events').map((p) => ({
    req: { ...post('', 'application/json', utf8('{}')), path: `/api/${encodeURIComponent(p)}` },
    expect: { status: 404, code: 'not-found' },
  })),
).filter((c) => c.expect !== null);

/** well-formed calls for this server's recording that the core must refuse, for what it already has */
const refusedByCoreCase: fc.Arbitrary<Case> = fc.oneof(
  // a segment of a rendition that has no init yet
  fc.tuple(fc.stringMatching(/^[a-z0-9]{1,16}$/).filter((r) => r !== 'live'), fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0.001, max: 60, noNaN: true }), fc.uint8Array({ maxLength: 2048 })).map(
    ([rendition, seq, durationSec, data]) => ({ method: 'recordings.putSegment', args: { id: rec.id, rendition, seq, durationSec }, data, expect: { status: 409, code: 'invalid-state' } }),
  ),
  // a master chunk out of order (none has arrived: only 0 is next)
  fc.tuple(fc.integer({ min: 1, max: 100_000_000 }), fc.constantFrom('video/webm', 'video/mp4;codecs=avc1', ''), fc.uint8Array({ maxLength: 2048 })).map(([seq, mimeType, data]) => ({
    method: 'recordings.putMasterChunk',
    args: { id: rec.id, seq, mimeType },
    data,
    expect: { status: 409, code: 'invalid-state' },
  })),
  // another init for the rendition that has one
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9.,-]{1,40}$/), fc.integer({ min: 1000, max: 200_000_000 }), fc.uint8Array({ minLength: 1, maxLength: 2048 })).map(([codecs, bitrate, data]) => ({
    method: 'recordings.putInit',
    args: { id: rec.id, rendition: 'live', codecs, bitrate },
    data,
    expect: { status: 409, code: 'conflict' },
  })),
).map(({ method, args, data, expect }) => ({
  req: post(method, 'application/octet-stream', data, { [HTTP.argsHeader]: encodeURIComponent(JSON.stringify(args)) }),
  expect,
}));

/** well-formed calls for a recording that does not exist (an id of the right form, not this server's): 404 */
const someId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);
const someRendition = fc.stringMatching(/^[a-z0-9]{1,16}$/);
const someBytes = fc.uint8Array({ maxLength: 2048 });
const unknownRecordingCase: fc.Arbitrary<Case> = fc
  .oneof(
    fc.tuple(fc.constantFrom('recordings.get', 'recordings.start', 'recordings.pause', 'recordings.resume', 'recordings.cancel', 'recordings.retryBackfill'), someId).map(([method, id]) => ({ method, input: { id } })),
    fc.record({ id: someId, durationMs: fc.integer({ min: 0, max: 7 * 24 * 3600 * 1000 }) }).map((input) => ({ method: 'recordings.stop', input })),
    fc.record({ id: someId, title: fc.string({ minLength: 1, maxLength: 60 }).filter((t) => t.trim().length > 0) }).map((input) => ({ method: 'recordings.rename', input })),
    fc.record({ id: someId, from: fc.constantFrom('local', 'storage', 'both') }).map((input) => ({ method: 'recordings.delete', input })),
    fc.tuple(fc.record({ id: someId, rendition: someRendition, seq: fc.integer({ min: 0, max: 10_000_000 }), durationSec: fc.double({ min: 0.001, max: 60, noNaN: true }) }), someBytes).map(([args, data]) => ({ method: 'recordings.putSegment', args, data })),
    fc.tuple(fc.record({ id: someId, seq: fc.integer({ min: 0, max: 100_000_000 }), mimeType: fc.constantFrom('video/webm', 'video/mp4', '') }), someBytes).map(([args, data]) => ({ method: 'recordings.putMasterChunk', args, data })),
    fc
      .tuple(
        fc.record(
          { id: someId, rendition: someRendition, codecs: fc.stringMatching(/^[A-Za-z0-9.,-]{1,40}$/), bitrate: fc.integer({ min: 1000, max: 200_000_000 }), width: fc.integer({ min: 16, max: 8192 }), frameRate: fc.double({ min: 1, max: 240, noNaN: true }) },
          { requiredKeys: ['id', 'rendition', 'codecs', 'bitrate'] },
        ),
        someBytes,
      )
      .map(([args, data]) => ({ method: 'recordings.putInit', args, data })),
  )
  .map((c): Case => {
    if ('input' in c) {
      const body = jsonBody(c.input);
      return { req: post(c.method, 'application/json', body), expect: expected(c.method, 'application/json', null, body) };
    }
    const args = encodeURIComponent(JSON.stringify(c.args));
    return { req: post(c.method, 'application/octet-stream', c.data, { [HTTP.argsHeader]: args }), expect: expected(c.method, 'application/octet-stream', args, c.data) };
  })
  .filter((c) => c.expect !== null);

/** a valid settings change that also names the ffmpeg path: refused whole (403), the rest of it not applied either */
const ffmpegPathCase: fc.Arbitrary<Case> = fc
  .record(
    {
      ffmpegPath: fc.oneof(fc.constant(null), fc.constantFrom('/usr/bin/ffmpeg', 'ffmpeg', '', '/bin/sh -c "touch /tmp/x"'), fc.string({ maxLength: 100 })),
      recorder: fc.record({ cameraCorner: fc.constantFrom('top-left', 'top-right', 'bottom-right'), countdownSeconds: fc.integer({ min: 0, max: 10 }) }, { requiredKeys: [] }),
      storage: fc.constant({ kind: 'local' }),
    },
    { requiredKeys: ['ffmpegPath'] },
  )
  .map((patch) => {
    const body = jsonBody(patch);
    return { req: post('settings.set', 'application/json', body), expect: expected('settings.set', 'application/json', null, body) };
  });

/** sends a case and checks the answer and that nothing changed */
async function check(c: Case): Promise<void> {
  const answer = await send(c.req);
  expectApiError(answer, c.expect!.status, c.expect!.code);
  expect(observable()).toEqual(before);
}

describe('the control API on arbitrary input: a 4xx with the error as JSON, and nothing changes', () => {
  it('unknown method names (odd unicode, prototype names, near misses): 404 not-found', async () => {
    await fc.assert(fc.asyncProperty(unknownMethodCase, check), { numRuns: 100 });
  });

  it('every JSON method, any input: wrong types, huge strings, odd unicode, not JSON, any content type', async () => {
    await fc.assert(fc.asyncProperty(jsonMethodCase, check), { numRuns: 300 });
  });

  it('every binary method, any x-reelay-args header, any bytes, any content type', async () => {
    await fc.assert(fc.asyncProperty(binaryMethodCase, check), { numRuns: 300 });
  });

  it('well-formed calls for a recording that does not exist, every method that takes an id: 404 not-found', async () => {
    await fc.assert(fc.asyncProperty(unknownRecordingCase, check), { numRuns: 150 });
  });

  it('a valid settings change that names the ffmpeg path: 403 forbidden, and none of it applied', async () => {
    await fc.assert(fc.asyncProperty(ffmpegPathCase, check), { numRuns: 50 });
  });

  it("well-formed calls the core refuses for this recording (no init for the rendition, chunks out of order, a second init): 409", async () => {
    await fc.assert(fc.asyncProperty(refusedByCoreCase, check), { numRuns: 100 });
  });

  it('other verbs, other origins, other routes under /api', async () => {
    await fc.assert(fc.asyncProperty(wrongRequestCase, check), { numRuns: 100 });
  });

  it('a batch of all of them at once, concurrently: each answered, nothing changed, and the server still works', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(unknownMethodCase, jsonMethodCase, binaryMethodCase, unknownRecordingCase, ffmpegPathCase, refusedByCoreCase, wrongRequestCase), { minLength: 5, maxLength: 20 }), async (cases) => {
        const answers = await Promise.all(cases.map((c) => send(c.req)));
        answers.forEach((a, i) => expectApiError(a, cases[i]!.expect!.status, cases[i]!.expect!.code));
        expect(observable()).toEqual(before);
      }),
      { numRuns: 15 },
    );
    const list = await s.call('recordings.list', {});
    expect(list.ok).toBe(true);
    expect((list as { value: Recording[] }).value.map((r) => r.id)).toEqual([rec.id]);
  });
});

// A request target that the URL parser refuses (`POST http://[ HTTP/1.1`, `//`, `http://%zz/`) threw
// a TypeError out of createHttpApp's request handler: an uncaught exception, which ended the server
// process, before any Host or Origin check, for anyone who could reach the port. Found while fuzzing.
describe('the server on request targets it cannot parse', () => {
  function raw(text: string): Promise<string> {
    const { hostname, port } = new URL(s.origin);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
      const socket = connect(Number(port), hostname, () => socket.end(text));
      let out = '';
      socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(out);
      });
      socket.on('error', reject);
    });
  }

  it('regression: answers 400 to POST http://[, //, http://%zz/ (was: an uncaught TypeError)', async () => {
    const host = new URL(s.origin).host;
    for (const target of ['http://[', '//', 'http://%zz/', 'http://a:b@[::1']) {
      const answer = await raw(`POST ${target} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${s.origin}\r\nCookie: ${s.cookie}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect((await s.call('app.info', {})).ok).toBe(true);
  });
});
