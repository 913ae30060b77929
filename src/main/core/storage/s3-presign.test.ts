// The bulk signer against the SDK's own presigner: for the bucket shapes users configure, it must
// write exactly the URL getSignedUrl writes (signing is local: no server needed).
import { afterAll, describe, expect, it } from 'vitest';
import { createS3Storage, type S3Storage, type S3Target } from './s3-storage';
import { presignerFor, presignShapeOf } from './s3-presign';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const base = { accessKeyId: 'AKIDEXAMPLE', publicBaseUrl: 'https://media.example' };
const targets: Record<string, S3Target> = {
  'a custom endpoint, path style (MinIO, s3rver)': { ...base, kind: 's3', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'reelay', prefix: 'rec/', forcePathStyle: true },
  'AWS S3, virtual host': { ...base, kind: 's3', endpoint: '', region: 'eu-west-3', bucket: 'team-videos', prefix: '', forcePathStyle: false },
  'AWS S3, a bucket name with dots': { ...base, kind: 's3', endpoint: '', region: 'us-east-1', bucket: 'videos.example.com', prefix: 'r/', forcePathStyle: false },
  'R2, region auto, a prefix with spaces and accents': { ...base, kind: 's3', endpoint: 'https://0123abcd.r2.cloudflarestorage.com', region: 'auto', bucket: 'rec', prefix: "team recordings/été (2026)/", forcePathStyle: true },
  'an endpoint naming its default port': { ...base, kind: 's3', endpoint: 'https://s3.example.com:443', region: 'us-west-2', bucket: 'b', prefix: '', forcePathStyle: false },
};
const keys = ['abc/live/init.mp4', 'abc/live/seg-00000.m4s', 'abc/live/seg-00001.m4s', 'abc/1080p/seg-00042.m4s', 'abc/thumbs.jpg'];
const signingDate = new Date('2026-11-28T21:04:09.678Z');

const opened: S3Storage[] = [];
afterAll(() => opened.forEach((s) => s.close()));

describe('presignGetAll', () => {
  for (const [name, target] of Object.entries(targets)) {
    it(`writes the SDK's URLs for ${name}`, async () => {
      const storage = createS3Storage(target, SECRET);
      opened.push(storage);
      const one = await Promise.all(keys.map((k) => storage.presignGet(k, 600, signingDate)));
      expect(await storage.presignGetAll(keys, 600, signingDate)).toEqual(one);
      // and not by falling back to the SDK for each: the local signer reproduces every one
      const shape = presignShapeOf(one[0]!, storage.objectKey(keys[0]!));
      expect(shape).not.toBeNull();
      const sign = presignerFor(shape!, SECRET, 600, signingDate);
      for (const [i, k] of keys.entries()) expect(sign(storage.objectKey(k))).toBe(one[i]);
    });
  }

  it('dates and limits each URL as asked', async () => {
    const storage = createS3Storage(targets['a custom endpoint, path style (MinIO, s3rver)']!, SECRET);
    opened.push(storage);
    const [url] = await storage.presignGetAll(['abc/live/seg-00000.m4s'], 90, signingDate);
    const q = new URL(url!).searchParams;
    expect(q.get('X-Amz-Expires')).toBe('90');
    expect(q.get('X-Amz-Date')).toBe('20261128T210409Z');
    expect(q.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20261128/us-east-1/s3/aws4_request');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(await storage.presignGetAll([], 90, signingDate)).toEqual([]);
  });

  it('refuses an expiry S3 would refuse', async () => {
    const storage = createS3Storage(targets['a custom endpoint, path style (MinIO, s3rver)']!, SECRET);
    opened.push(storage);
    await expect(storage.presignGet('abc/x', 0)).rejects.toThrow(/1 s to 7 days/);
    await expect(storage.presignGet('abc/x', 604_801)).rejects.toThrow(/1 s to 7 days/);
  });
});
