import { describe, expect, it } from 'vitest';
import { parseS3Env, presetForEndpoint } from './s3-env';

const r2 = {
  REELAY_S3_ENDPOINT: 'https://0123abcd.r2.cloudflarestorage.com/',
  REELAY_S3_BUCKET: 'my-recordings',
  REELAY_S3_ACCESS_KEY_ID: 'AKID',
  REELAY_S3_SECRET_ACCESS_KEY: 'very-secret-value',
  REELAY_S3_PUBLIC_URL: 'https://pub-123.r2.dev/',
};

describe('parseS3Env', () => {
  it('is null when no REELAY_S3_* variable is set (or all are empty)', () => {
    expect(parseS3Env({ PATH: '/bin' })).toBeNull();
    expect(parseS3Env({ REELAY_S3_BUCKET: '  ' })).toBeNull();
  });

  it('reads a complete R2 configuration with sensible defaults', () => {
    expect(parseS3Env(r2)).toEqual({
      preset: 'r2',
      endpoint: 'https://0123abcd.r2.cloudflarestorage.com',
      region: 'auto',
      bucket: 'my-recordings',
      prefix: '',
      accessKeyId: 'AKID',
      secretAccessKey: 'very-secret-value',
      forcePathStyle: true,
      publicBaseUrl: 'https://pub-123.r2.dev',
    });
  });

  it('takes region, prefix (adding the trailing slash) and path style', () => {
    const s = parseS3Env({ ...r2, REELAY_S3_REGION: 'eu-west-1', REELAY_S3_PREFIX: '/team/videos', REELAY_S3_FORCE_PATH_STYLE: 'false' });
    expect(s).toMatchObject({ region: 'eu-west-1', prefix: 'team/videos/', forcePathStyle: false });
    expect(parseS3Env({ ...r2, REELAY_S3_FORCE_PATH_STYLE: 'YES' })?.forcePathStyle).toBe(true);
  });

  it('defaults to AWS without an endpoint', () => {
    const { REELAY_S3_ENDPOINT: _e, ...aws } = r2;
    expect(parseS3Env(aws)).toMatchObject({ preset: 'aws', endpoint: '', region: 'us-east-1', forcePathStyle: false });
  });

  it('names every missing required variable', () => {
    expect(() => parseS3Env({ REELAY_S3_BUCKET: 'b' })).toThrow(/REELAY_S3_ACCESS_KEY_ID, REELAY_S3_SECRET_ACCESS_KEY, REELAY_S3_PUBLIC_URL are not set/);
    const { REELAY_S3_PUBLIC_URL: _p, ...noUrl } = r2;
    expect(() => parseS3Env(noUrl)).toThrow(/^REELAY_S3_PUBLIC_URL is not set/);
  });

  it.each([
    [{ REELAY_S3_BUCKET: 'Bad_Bucket' }, /^REELAY_S3_BUCKET: bucket names are/],
    [{ REELAY_S3_ENDPOINT: 'ftp://x' }, /^REELAY_S3_ENDPOINT: /],
    [{ REELAY_S3_PUBLIC_URL: 'not a url' }, /^REELAY_S3_PUBLIC_URL: /],
    [{ REELAY_S3_PREFIX: 'a b/' }, /^REELAY_S3_PREFIX: /],
    [{ REELAY_S3_FORCE_PATH_STYLE: 'maybe' }, /^REELAY_S3_FORCE_PATH_STYLE: expected true or false, got "maybe"/],
  ])('names the bad variable: %o', (bad, message) => {
    expect(() => parseS3Env({ ...r2, ...bad })).toThrow(message);
  });

  it('never puts the secret in an error', () => {
    const long = 'x'.repeat(600);
    let message = '';
    try {
      parseS3Env({ ...r2, REELAY_S3_SECRET_ACCESS_KEY: long });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^REELAY_S3_SECRET_ACCESS_KEY: /);
    expect(message).not.toContain(long);
  });
});

describe('presetForEndpoint', () => {
  it.each([
    ['', 'aws'],
    ['https://s3.eu-west-1.amazonaws.com', 'aws'],
    ['https://abc.r2.cloudflarestorage.com', 'r2'],
    ['https://s3.us-west-004.backblazeb2.com', 'b2'],
    ['http://127.0.0.1:9000', 'other'],
  ] as const)('%s → %s', (endpoint, preset) => {
    expect(presetForEndpoint(endpoint)).toBe(preset);
  });
});
