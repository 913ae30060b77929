// The Storage settings form without React: provider presets, the form's state from the saved
// settings, and the checked S3SettingsInput it becomes (with a message per field that is wrong).
import { s3SettingsInputSchema, type PublicSettings, type S3Preset, type S3SettingsInput, type StorageTestResult, type StorageTestStep } from '../../../../shared/settings';

export interface StorageForm {
  preset: S3Preset;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  /** typed by the user; empty keeps the saved secret */
  secretAccessKey: string;
  forcePathStyle: boolean;
  publicBaseUrl: string;
}

export type FormField = keyof StorageForm;

export interface ProviderPreset {
  label: string;
  /** endpoint for a region; '' means the SDK's own (AWS) */
  endpoint: (region: string) => string;
  region: string;
  forcePathStyle: boolean;
  endpointHint: string;
  publicUrlHint: string;
}

export const PRESETS: Record<S3Preset, ProviderPreset> = {
  r2: {
    label: 'Cloudflare R2',
    endpoint: () => 'https://ACCOUNT_ID.r2.cloudflarestorage.com',
    region: 'auto',
    forcePathStyle: true,
    endpointHint: 'Replace ACCOUNT_ID with your Cloudflare account ID (R2 → Overview).',
    publicUrlHint: 'The bucket\'s public r2.dev URL (https://pub-….r2.dev) or its custom domain.',
  },
  aws: {
    label: 'AWS S3',
    endpoint: () => '',
    region: 'us-east-1',
    forcePathStyle: false,
    endpointHint: 'Leave empty for AWS S3 itself.',
    publicUrlHint: 'https://BUCKET.s3.REGION.amazonaws.com, or your CloudFront domain.',
  },
  b2: {
    label: 'Backblaze B2',
    endpoint: (region) => `https://s3.${region}.backblazeb2.com`,
    region: 'us-west-004',
    forcePathStyle: false,
    endpointHint: 'The S3 endpoint shown on the bucket\'s page; its region is the part after "s3.".',
    publicUrlHint: 'https://BUCKET.s3.REGION.backblazeb2.com for a public bucket, or your CDN domain.',
  },
  minio: {
    label: 'MinIO',
    endpoint: () => 'http://localhost:9000',
    region: 'us-east-1',
    forcePathStyle: true,
    endpointHint: 'Your MinIO server\'s S3 API address.',
    publicUrlHint: 'The server address followed by the bucket, e.g. http://localhost:9000/BUCKET, with anonymous read allowed.',
  },
  other: {
    label: 'Other S3-compatible',
    endpoint: () => '',
    region: 'us-east-1',
    forcePathStyle: true,
    endpointHint: 'The service\'s S3 API endpoint URL.',
    publicUrlHint: 'The URL viewers use to reach the bucket (bucket URL, CDN or custom domain).',
  },
};

export const PRESET_ORDER: readonly S3Preset[] = ['r2', 'aws', 'b2', 'minio', 'other'];

export function emptyForm(preset: S3Preset = 'r2'): StorageForm {
  const p = PRESETS[preset];
  return { preset, endpoint: p.endpoint(p.region), region: p.region, bucket: '', prefix: '', accessKeyId: '', secretAccessKey: '', forcePathStyle: p.forcePathStyle, publicBaseUrl: '' };
}

export function formFromSettings(s: PublicSettings): StorageForm {
  if (s.storage.kind !== 's3') return emptyForm();
  const { hasSecret: _h, endpoint, ...rest } = s.storage.s3;
  return { ...rest, endpoint: endpoint ?? '', secretAccessKey: '' };
}

/** picks a provider: its region, path style and endpoint template; what the user typed elsewhere stays */
export function applyPreset(form: StorageForm, preset: S3Preset): StorageForm {
  const p = PRESETS[preset];
  return { ...form, preset, region: p.region, forcePathStyle: p.forcePathStyle, endpoint: p.endpoint(p.region) };
}

/** the B2 endpoint follows its region */
export function withRegion(form: StorageForm, region: string): StorageForm {
  const next = { ...form, region };
  if (form.preset === 'b2' && (form.endpoint === '' || form.endpoint === PRESETS.b2.endpoint(form.region))) next.endpoint = PRESETS.b2.endpoint(region.trim());
  return next;
}

export type FormCheck = { ok: true; input: S3SettingsInput } | { ok: false; errors: Partial<Record<FormField, string>> };

export function checkForm(form: StorageForm, hasSavedSecret: boolean): FormCheck {
  const errors: Partial<Record<FormField, string>> = {};
  const prefix = form.prefix.trim().replace(/^\/+/, '');
  const candidate = {
    preset: form.preset,
    endpoint: form.endpoint.trim().replace(/\/+$/, ''),
    region: form.region.trim(),
    bucket: form.bucket.trim(),
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
    accessKeyId: form.accessKeyId.trim(),
    forcePathStyle: form.forcePathStyle,
    publicBaseUrl: form.publicBaseUrl.trim().replace(/\/+$/, ''),
    ...(form.secretAccessKey ? { secretAccessKey: form.secretAccessKey } : {}),
  };
  if (/ACCOUNT_ID|BUCKET|REGION/.test(candidate.endpoint)) errors.endpoint = 'Replace the placeholder in capitals with your own value.';
  if (!form.secretAccessKey && !hasSavedSecret) errors.secretAccessKey = 'Enter the secret access key.';
  const parsed = s3SettingsInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '') as FormField;
      if (field && !errors[field]) errors[field] = friendly(field, issue.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

function friendly(field: FormField, message: string): string {
  switch (field) {
    case 'endpoint':
    case 'publicBaseUrl':
      return 'Enter a full URL starting with https:// (or http:// for a local server).';
    case 'region':
      return 'Enter the region (e.g. auto for R2, us-east-1 for AWS).';
    case 'accessKeyId':
      return 'Enter the access key ID.';
    default:
      return message.charAt(0).toUpperCase() + message.slice(1) + '.';
  }
}

export const STEP_LABELS: Record<StorageTestStep, string> = {
  write: 'Write a test file',
  read: 'Read it back',
  'public-url': 'Fetch it from the public base URL',
  delete: 'Delete it',
};
export const STEP_ORDER: readonly StorageTestStep[] = ['write', 'read', 'public-url', 'delete'];

export type StepOutcome = 'passed' | 'failed' | 'not-run';

/** what happened to each step of a test (a bucket's by default), for display */
export function stepOutcomes<S extends string = StorageTestStep>(
  result: { ok: true; steps: readonly S[] } | { ok: false; failedStep: S; code: string; message: string },
  order: readonly S[] = STEP_ORDER as readonly string[] as readonly S[],
): { step: S; outcome: StepOutcome }[] {
  if (result.ok) return order.map((step) => ({ step, outcome: result.steps.includes(step) ? 'passed' : 'not-run' }));
  const failedAt = order.indexOf(result.failedStep);
  return order.map((step, i) => ({ step, outcome: i < failedAt ? 'passed' : i === failedAt ? 'failed' : 'not-run' }));
}
