// PLACEHOLDER until S3Storage lands (issue 4): S3 targets are refused with a clear error.
import type { S3SettingsInput, StorageTestResult } from '../../../shared/settings';
import { StorageError, type Storage, type StorageTarget } from './storage';

export function createS3Storage(_target: Extract<StorageTarget, { kind: 's3' }>, _secret: string): Storage {
  throw new StorageError('storage-config', 'S3-compatible storage is not available in this build.', false);
}

export async function testS3Connection(_input: S3SettingsInput, _savedSecret: string | null): Promise<StorageTestResult> {
  return { ok: false, failedStep: 'write', code: 'storage-config', message: 'S3-compatible storage is not available in this build.' };
}
