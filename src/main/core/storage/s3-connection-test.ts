// "Test connection" in Settings → Storage: does exactly what publishing will do, with a small probe
// object, and says which step failed and why. Order: write the probe, read it back through the S3 API,
// fetch it from the public base URL with a plain GET (what a viewer's browser does), delete it.
import { randomBytes } from 'node:crypto';
import type { S3SettingsInput, StorageTestResult, StorageTestStep } from '../../../shared/settings';
import { StorageError } from './storage';
import { S3Storage, type S3Target } from './s3-storage';
import { scrub } from './s3-errors';
import type { S3Timeouts } from './s3-client';

export interface S3ConnectionTestOptions {
  timeouts?: S3Timeouts;
  /** how long the public URL may take to answer */
  publicFetchTimeoutMs?: number;
  fetch?: typeof fetch;
}

const TEST_TIMEOUTS: S3Timeouts = { connectMs: 5_000, idleMs: 10_000 };

export function targetOf(input: S3SettingsInput): S3Target {
  return {
    kind: 's3',
    endpoint: input.endpoint ?? '',
    region: input.region,
    bucket: input.bucket,
    prefix: input.prefix,
    accessKeyId: input.accessKeyId,
    forcePathStyle: input.forcePathStyle,
    publicBaseUrl: input.publicBaseUrl,
  };
}

export async function testS3Connection(input: S3SettingsInput, savedSecret: string | null, options: S3ConnectionTestOptions = {}): Promise<StorageTestResult> {
  const secret = input.secretAccessKey ?? savedSecret;
  if (!secret) return { ok: false, failedStep: 'write', code: 'storage-auth', message: 'Enter the secret access key for this bucket.' };
  const storage = new S3Storage(targetOf(input), secret, { timeouts: options.timeouts ?? TEST_TIMEOUTS });
  const probeKey = `reelay-connection-test-${randomBytes(8).toString('hex')}.txt`;
  const probe = new TextEncoder().encode(`Reelay connection test ${new Date().toISOString()} ${randomBytes(8).toString('hex')}\n`);
  const steps: StorageTestStep[] = [];
  let written = false;
  const fail = (failedStep: StorageTestStep, e: unknown): StorageTestResult => {
    const err = e instanceof StorageError ? e : new StorageError('internal', e instanceof Error ? e.message : String(e), true);
    return { ok: false, failedStep, code: err.code, message: scrub(err.message, secret) };
  };
  try {
    try {
      await storage.put(probeKey, { data: probe }, { contentType: 'text/plain; charset=utf-8', cacheControl: 'no-store' });
      written = true;
      steps.push('write');
    } catch (e) {
      return fail('write', e);
    }

    try {
      const back = await storage.get(probeKey);
      if (back === null) {
        throw new StorageError('storage-config', `Wrote the test object ${storage.objectKey(probeKey)} but reading it back found nothing. Check that the endpoint and bucket are the ones you expect.`, false);
      }
      if (!sameBytes(back, probe)) {
        throw new StorageError(
          'storage-config',
          `Read the test object back but its bytes differ from what was written (${back.byteLength} bytes instead of ${probe.byteLength}). The storage altered the upload; it may not be fully S3-compatible.`,
          false,
        );
      }
      steps.push('read');
    } catch (e) {
      return fail('read', e);
    }

    const publicError = await checkPublicUrl(storage.publicUrl(probeKey), probe, options);
    if (publicError) return { ok: false, failedStep: 'public-url', code: 'storage-config', message: publicError };
    steps.push('public-url');

    try {
      await storage.delete(probeKey);
      written = false;
      steps.push('delete');
    } catch (e) {
      const err = e instanceof StorageError && e.code === 'storage-auth' ? new StorageError('storage-auth', `${e.message} Reelay needs to delete objects to remove recordings from the bucket.`, false) : e;
      return fail('delete', err);
    }
    return { ok: true, steps };
  } finally {
    if (written) await storage.delete(probeKey).catch(() => undefined);
    storage.close();
  }
}

/** null when the public URL serves the probe; otherwise what is wrong, in words */
async function checkPublicUrl(url: string, probe: Uint8Array, options: S3ConnectionTestOptions): Promise<string | null> {
  const doFetch = options.fetch ?? fetch;
  const get = (): Promise<Response> =>
    doFetch(url, { headers: { 'cache-control': 'no-cache' }, redirect: 'follow', signal: AbortSignal.timeout(options.publicFetchTimeoutMs ?? 10_000) });
  let res: Response;
  try {
    // one more try on a connection error: a reused keep-alive socket the server just closed is no verdict
    res = await get().catch((e: unknown) => {
      if (e instanceof Error && e.name === 'TimeoutError') throw e;
      return get();
    });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    const detail = code || (cause instanceof Error ? cause.message : '');
    const why = e instanceof Error && e.name === 'TimeoutError' ? 'it did not answer in time' : detail ? `the request failed (${detail})` : 'the request failed';
    return `The public base URL could not be reached: GET ${url}: ${why}. Check the public base URL.`;
  }
  const body = new Uint8Array(await res.arrayBuffer().catch(() => new ArrayBuffer(0)));
  if (res.status === 403 || res.status === 401) {
    return `The public base URL does not serve the test object: GET ${url} answered ${res.status}. The bucket (or its public domain) does not allow public reads; enable public access for it.`;
  }
  if (res.status === 404) {
    return `The public base URL does not serve the test object: GET ${url} answered 404. The URL does not point at this bucket${url.includes('/') ? ' (for path-style URLs it must include the bucket name)' : ''}; check the public base URL.`;
  }
  if (!res.ok) return `The public base URL does not serve the test object: GET ${url} answered ${res.status}.`;
  if (!sameBytes(body, probe)) {
    return `The public base URL answered ${url} with other content than the test object (${body.byteLength} bytes). Check that it points at this bucket and prefix.`;
  }
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
}
