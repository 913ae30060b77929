// Test connection against s3rver, and the failures we can produce locally. Bad credentials can't come
// from s3rver (it doesn't verify signatures): a tiny server of our own answers 403 InvalidAccessKeyId.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3SettingsInput } from '../../../shared/settings';
import { startS3rver, type LocalS3 } from './testing/s3rver';
import { startFakeS3Error } from './testing/fake-s3-errors';
import { testS3Connection } from './s3-connection-test';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});

function input(overrides: Partial<S3SettingsInput> = {}): S3SettingsInput {
  return {
    preset: 'minio',
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: s3.bucket,
    prefix: 'recordings/',
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    publicBaseUrl: s3.publicBaseUrl,
    ...overrides,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function probesLeft(): Promise<string[]> {
  const out = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'recordings/reelay-connection-test' }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

describe('testS3Connection', () => {
  it('writes, reads, fetches publicly and deletes a probe', async () => {
    expect(await testS3Connection(input(), null)).toEqual({ ok: true, steps: ['write', 'read', 'public-url', 'delete'] });
    expect(await probesLeft()).toEqual([]);
  });

  it('uses the saved secret when none is typed', async () => {
    const { secretAccessKey: _omit, ...rest } = input();
    expect(await testS3Connection(rest, 'S3RVER')).toMatchObject({ ok: true });
    expect(await testS3Connection(rest, null)).toMatchObject({ ok: false, failedStep: 'write', code: 'storage-auth', message: expect.stringMatching(/Enter the secret/) });
  });

  it('names a bucket that does not exist', async () => {
    const r = await testS3Connection(input({ bucket: 'no-such-bucket' }), null);
    expect(r).toMatchObject({ ok: false, failedStep: 'write', code: 'storage-config' });
    expect(r.ok || r.message).toMatch(/no bucket "no-such-bucket" at http:\/\/127\.0\.0\.1/);
  });

  it('says when the endpoint is unreachable', async () => {
    const r = await testS3Connection(input({ endpoint: 'http://127.0.0.1:1' }), null);
    expect(r).toMatchObject({ ok: false, failedStep: 'write', code: 'storage-unreachable' });
    expect(r.ok || r.message).toMatch(/could not reach http:\/\/127\.0\.0\.1:1 \(the connection was refused/);
  });

  it('says when the public URL does not serve the probe, and still removes it', async () => {
    const r = await testS3Connection(input({ publicBaseUrl: `${s3.endpoint}/some-other-bucket` }), null);
    expect(r).toMatchObject({ ok: false, failedStep: 'public-url', code: 'storage-config' });
    expect(r.ok || r.message).toMatch(/answered 404/);
    expect(await probesLeft()).toEqual([]);

    const down = await testS3Connection(input({ publicBaseUrl: `http://127.0.0.1:${await closedPort()}/bucket` }), null);
    expect(down).toMatchObject({ ok: false, failedStep: 'public-url' });
    expect(down.ok || down.message).toMatch(/could not be reached.*ECONNREFUSED/);
  });

  it('says when the public URL refuses anonymous reads (403)', async () => {
    const fake = await startFakeS3Error(403, 'AccessDenied');
    try {
      const r = await testS3Connection(input({ publicBaseUrl: fake.url }), null);
      expect(r).toMatchObject({ ok: false, failedStep: 'public-url', code: 'storage-config' });
      expect(r.ok || r.message).toMatch(/answered 403.*does not allow public reads/);
    } finally {
      await fake.close();
    }
  });

  it.each([
    ['InvalidAccessKeyId', /does not know this access key ID/],
    ['SignatureDoesNotMatch', /secret access key does not match/],
    ['AccessDenied', /no permission/],
  ])('reports bad credentials: 403 %s', async (code, message) => {
    const fake = await startFakeS3Error(403, code, 'secret S3RVER-SECRET-XYZ');
    try {
      const r = await testS3Connection(input({ endpoint: fake.url, secretAccessKey: 'S3RVER-SECRET-XYZ' }), null);
      expect(r).toMatchObject({ ok: false, failedStep: 'write', code: 'storage-auth' });
      expect(r.ok || r.message).toMatch(message);
      expect(JSON.stringify(r)).not.toContain('S3RVER-SECRET-XYZ');
    } finally {
      await fake.close();
    }
  });
});
