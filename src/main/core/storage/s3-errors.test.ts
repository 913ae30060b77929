import { afterEach, describe, expect, it } from 'vitest';
import { toStorageError } from './s3-errors';
import { S3Storage } from './s3-storage';
import { startFakeS3Error, type FakeS3Error } from './testing/fake-s3-errors';

const ctx = { action: 'upload rec/x', bucket: 'b', endpoint: 'https://s3.example.com', secret: 'TOPSECRETKEYVALUE' };
const sdk = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' });
const net = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('toStorageError', () => {
  it.each([
    [sdk('InvalidAccessKeyId', 403), 'storage-auth', false],
    [sdk('SignatureDoesNotMatch', 403), 'storage-auth', false],
    [sdk('AccessDenied', 403), 'storage-auth', false],
    [sdk('Unknown', 401), 'storage-auth', false],
    [sdk('NoSuchBucket', 404), 'storage-config', false],
    [sdk('PermanentRedirect', 301), 'storage-config', false],
    [sdk('AuthorizationHeaderMalformed', 400), 'storage-config', false],
    [sdk('RequestTimeTooSkewed', 403), 'storage-config', false],
    [sdk('InvalidArgument', 400), 'storage-config', false],
    [sdk('InternalError', 500), 'storage-unreachable', true],
    [sdk('ServiceUnavailable', 503), 'storage-unreachable', true],
    [sdk('SlowDown', 503), 'storage-unreachable', true],
    [sdk('TooManyRequests', 429), 'storage-unreachable', true],
    [sdk('RequestTimeout', 400), 'storage-unreachable', true],
    [sdk('Unknown', 502), 'storage-unreachable', true],
    [net('ECONNRESET'), 'storage-unreachable', true],
    [net('ECONNREFUSED'), 'storage-unreachable', true],
    [net('ETIMEDOUT'), 'storage-unreachable', true],
    [net('ENOTFOUND'), 'storage-unreachable', true],
    [net('EPIPE'), 'storage-unreachable', true],
    [Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 'storage-unreachable', true],
    [net('DEPTH_ZERO_SELF_SIGNED_CERT'), 'storage-config', false],
  ] as const)('%s → %s (retryable %s)', (e, code, retryable) => {
    const err = toStorageError(e, ctx);
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
    expect(err.message).not.toContain(ctx.secret);
  });

  it('says what to fix in words', () => {
    expect(toStorageError(sdk('NoSuchBucket', 404), ctx).message).toMatch(/no bucket "b" at https:\/\/s3.example.com/);
    expect(toStorageError(sdk('InvalidAccessKeyId', 403), ctx).message).toMatch(/does not know this access key ID/);
    expect(toStorageError(sdk('SignatureDoesNotMatch', 403), ctx).message).toMatch(/secret access key does not match/);
    expect(toStorageError(sdk('AccessDenied', 403), ctx).message).toMatch(/no permission/);
    expect(toStorageError(net('ECONNREFUSED'), ctx).message).toMatch(/could not reach https:\/\/s3.example.com \(the connection was refused/);
  });

  it('scrubs the secret if a message ever carries it', () => {
    const err = toStorageError(sdk('InvalidAccessKeyId', 403), { ...ctx, action: `upload with ${ctx.secret}` });
    expect(err.message).not.toContain(ctx.secret);
    expect(err.message).toContain('[secret]');
  });
});

describe('S3Storage errors from a server that refuses us', () => {
  let fake: FakeS3Error | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });

  const storageAt = (url: string) =>
    new S3Storage(
      { kind: 's3', endpoint: url, region: 'us-east-1', bucket: 'b', prefix: '', accessKeyId: 'AKIDEXAMPLE', forcePathStyle: true, publicBaseUrl: `${url}/b` },
      'TOPSECRETKEYVALUE',
    );

  it.each([
    [403, 'InvalidAccessKeyId', 'storage-auth', false],
    [403, 'SignatureDoesNotMatch', 'storage-auth', false],
    [403, 'AccessDenied', 'storage-auth', false],
    [404, 'NoSuchBucket', 'storage-config', false],
    [503, 'SlowDown', 'storage-unreachable', true],
    [500, 'InternalError', 'storage-unreachable', true],
    [429, 'TooManyRequests', 'storage-unreachable', true],
  ])('HTTP %i %s → %s', async (status, code, expected, retryable) => {
    fake = await startFakeS3Error(status, code, 'the secret TOPSECRETKEYVALUE is wrong');
    const storage = storageAt(fake.url);
    const err = await storage.put('k', { data: new Uint8Array([1, 2, 3]) }, { contentType: 'text/plain', cacheControl: 'no-cache' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'StorageError', code: expected, retryable });
    expect(String((err as Error).message)).not.toContain('TOPSECRETKEYVALUE');
    expect(fake.requests).toHaveLength(1); // the SDK does not retry on its own: the queue owns retries
    storage.close();
  });
});
