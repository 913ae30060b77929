import { describe, expect, it } from 'vitest';
import type { PublicSettings } from '../../../../shared/settings';
import { applyPreset, checkForm, emptyForm, formFromSettings, stepOutcomes, withRegion, type StorageForm } from './storage-form';

const filled = (over: Partial<StorageForm> = {}): StorageForm => ({
  ...emptyForm('minio'),
  bucket: 'recordings',
  accessKeyId: 'AKID',
  secretAccessKey: 'secret',
  publicBaseUrl: 'http://localhost:9000/recordings/',
  ...over,
});

describe('presets', () => {
  it('fill endpoint template, region and path style', () => {
    expect(applyPreset(emptyForm(), 'r2')).toMatchObject({ endpoint: 'https://ACCOUNT_ID.r2.cloudflarestorage.com', region: 'auto', forcePathStyle: true });
    expect(applyPreset(emptyForm(), 'aws')).toMatchObject({ endpoint: '', region: 'us-east-1', forcePathStyle: false });
    expect(applyPreset(emptyForm(), 'b2')).toMatchObject({ endpoint: 'https://s3.us-west-004.backblazeb2.com', region: 'us-west-004' });
    expect(applyPreset(emptyForm(), 'minio')).toMatchObject({ endpoint: 'http://localhost:9000', forcePathStyle: true });
  });

  it('keep what the user typed elsewhere', () => {
    expect(applyPreset(filled(), 'aws')).toMatchObject({ bucket: 'recordings', accessKeyId: 'AKID', secretAccessKey: 'secret' });
  });

  it('move the B2 endpoint with its region, unless the user edited it', () => {
    const b2 = applyPreset(emptyForm(), 'b2');
    expect(withRegion(b2, 'eu-central-003').endpoint).toBe('https://s3.eu-central-003.backblazeb2.com');
    expect(withRegion({ ...b2, endpoint: 'https://custom.example.com' }, 'eu-central-003').endpoint).toBe('https://custom.example.com');
  });
});

describe('checkForm', () => {
  it('gives a clean S3SettingsInput', () => {
    const c = checkForm(filled({ prefix: '/team/videos', endpoint: 'http://localhost:9000/' }), false);
    expect(c).toEqual({
      ok: true,
      input: {
        preset: 'minio',
        endpoint: 'http://localhost:9000',
        region: 'us-east-1',
        bucket: 'recordings',
        prefix: 'team/videos/',
        accessKeyId: 'AKID',
        secretAccessKey: 'secret',
        forcePathStyle: true,
        publicBaseUrl: 'http://localhost:9000/recordings',
      },
    });
  });

  it('omits an empty secret when one is saved, and asks for it when none is', () => {
    const kept = checkForm(filled({ secretAccessKey: '' }), true);
    expect(kept.ok && 'secretAccessKey' in kept.input).toBe(false);
    expect(checkForm(filled({ secretAccessKey: '' }), false)).toEqual({ ok: false, errors: { secretAccessKey: 'Enter the secret access key.' } });
  });

  it('points at each wrong field', () => {
    const c = checkForm(filled({ bucket: 'Bad_Bucket', publicBaseUrl: 'nope', endpoint: 'https://ACCOUNT_ID.r2.cloudflarestorage.com' }), true);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(Object.keys(c.errors).sort()).toEqual(['bucket', 'endpoint', 'publicBaseUrl']);
    expect(c.errors.endpoint).toMatch(/placeholder/);
  });
});

describe('formFromSettings', () => {
  it('never carries a secret into the form', () => {
    const s: PublicSettings = {
      storage: { kind: 's3', s3: { preset: 'r2', endpoint: 'https://a.r2.cloudflarestorage.com', region: 'auto', bucket: 'b', prefix: '', accessKeyId: 'AK', forcePathStyle: true, publicBaseUrl: 'https://pub.r2.dev', hasSecret: true } },
      recorder: { cameraCorner: 'bottom-left', cameraSize: 0.25, countdownSeconds: 3 },
      ffmpegPath: null,
      secretStore: 'file',
    };
    expect(formFromSettings(s)).toMatchObject({ bucket: 'b', secretAccessKey: '' });
    expect(formFromSettings({ ...s, storage: { kind: 'local' } })).toEqual(emptyForm());
  });
});

describe('stepOutcomes', () => {
  it('marks steps before the failure passed and after it not run', () => {
    expect(stepOutcomes({ ok: false, failedStep: 'public-url', code: 'storage-config', message: 'x' }).map((s) => s.outcome)).toEqual(['passed', 'passed', 'failed', 'not-run']);
    expect(stepOutcomes({ ok: true, steps: ['write', 'read', 'public-url', 'delete'] }).every((s) => s.outcome === 'passed')).toBe(true);
  });
});
