// S3 storage settings from the environment, for headless and self-hosted server mode. None of the
// variables set: null (settings stay as the user saved them). Some set: all that is needed must be,
// and every error names the variable to fix.
import { s3SettingsInputSchema, type S3Preset, type S3SettingsInput } from '../../shared/settings';

export const S3_ENV = {
  endpoint: 'REELAY_S3_ENDPOINT',
  region: 'REELAY_S3_REGION',
  bucket: 'REELAY_S3_BUCKET',
  prefix: 'REELAY_S3_PREFIX',
  accessKeyId: 'REELAY_S3_ACCESS_KEY_ID',
  secretAccessKey: 'REELAY_S3_SECRET_ACCESS_KEY',
  forcePathStyle: 'REELAY_S3_FORCE_PATH_STYLE',
  publicBaseUrl: 'REELAY_S3_PUBLIC_URL',
} as const;

export class S3EnvError extends Error {
  override name = 'S3EnvError';
}

export function presetForEndpoint(endpoint: string): S3Preset {
  let host = '';
  try {
    host = endpoint ? new URL(endpoint).hostname : '';
  } catch {
    return 'other';
  }
  if (!host || host.endsWith('.amazonaws.com')) return 'aws';
  if (host.endsWith('.r2.cloudflarestorage.com')) return 'r2';
  if (host.endsWith('.backblazeb2.com')) return 'b2';
  return 'other';
}

function parseBool(name: string, v: string): boolean {
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  throw new S3EnvError(`${name}: expected true or false, got "${v}"`);
}

export function parseS3Env(env: Record<string, string | undefined> = process.env): S3SettingsInput | null {
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  if (Object.values(S3_ENV).every((name) => get(name) === undefined)) return null;

  const missing = [S3_ENV.bucket, S3_ENV.accessKeyId, S3_ENV.secretAccessKey, S3_ENV.publicBaseUrl].filter((n) => get(n) === undefined);
  if (missing.length > 0) {
    throw new S3EnvError(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set; S3 storage from the environment needs ${missing.length === 1 ? 'it' : 'them'} (or unset every REELAY_S3_* variable)`);
  }
  const endpoint = (get(S3_ENV.endpoint) ?? '').replace(/\/+$/, '');
  const preset = presetForEndpoint(endpoint);
  const rawPrefix = (get(S3_ENV.prefix) ?? '').replace(/^\/+/, '');
  const pathStyle = get(S3_ENV.forcePathStyle);
  // the secret stays a raw env value (no trim): a key may legitimately end in any character
  const secret = env[S3_ENV.secretAccessKey]!;
  const candidate = {
    preset,
    endpoint,
    region: get(S3_ENV.region) ?? (preset === 'r2' ? 'auto' : 'us-east-1'),
    bucket: get(S3_ENV.bucket),
    prefix: rawPrefix && !rawPrefix.endsWith('/') ? `${rawPrefix}/` : rawPrefix,
    accessKeyId: get(S3_ENV.accessKeyId),
    secretAccessKey: secret,
    forcePathStyle: pathStyle === undefined ? endpoint !== '' && preset !== 'aws' : parseBool(S3_ENV.forcePathStyle, pathStyle),
    publicBaseUrl: get(S3_ENV.publicBaseUrl)?.replace(/\/+$/, ''),
  };
  const parsed = s3SettingsInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '') as keyof typeof S3_ENV;
    const name = S3_ENV[field] ?? 'REELAY_S3_*';
    // never echo the secret back
    const shown = field === 'secretAccessKey' ? '' : ` (got "${String(candidate[field as keyof typeof candidate] ?? '')}")`;
    throw new S3EnvError(`${name}: ${issue.message}${shown}`);
  }
  return parsed.data;
}
