// User settings: their schema (validated at every boundary) and the public view the renderer gets.
// Secrets are write-only: the renderer can set them, never read them back.
import { z } from 'zod';

export const S3_PRESETS = ['r2', 'aws', 'b2', 'minio', 'other'] as const;
export type S3Preset = (typeof S3_PRESETS)[number];

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://');

export const s3SettingsInputSchema = z
  .object({
    preset: z.enum(S3_PRESETS),
    endpoint: httpUrl.optional().or(z.literal('')),
    region: z.string().trim().min(1).max(64),
    bucket: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket names are 3-63 lowercase letters, digits, dots or dashes'),
    prefix: z
      .string()
      .trim()
      .max(200)
      .regex(/^([A-Za-z0-9._-]+\/)*$/, 'a prefix is empty or folder names each ending in "/"'),
    accessKeyId: z.string().trim().min(1).max(256),
    /** omitted: keep the secret already saved */
    secretAccessKey: z.string().min(1).max(512).optional(),
    forcePathStyle: z.boolean(),
    publicBaseUrl: httpUrl,
  })
  .strict();
export type S3SettingsInput = z.infer<typeof s3SettingsInputSchema>;

export type S3SettingsPublic = Omit<S3SettingsInput, 'secretAccessKey'> & { hasSecret: boolean };

/** a team's Reelay Server as the place recordings are published (an access token made in its Settings) */
export const reelayServerInputSchema = z
  .object({
    url: httpUrl.max(2000).transform((u) => u.replace(/\/+$/, '')),
    /** omitted: keep the token already saved */
    token: z.string().trim().regex(/^rly_[A-Za-z0-9_-]{20,200}$/, 'an access token starts with rly_ (Settings → Access tokens on the server)').optional(),
  })
  .strict();
export type ReelayServerInput = z.infer<typeof reelayServerInputSchema>;
export type ReelayServerPublic = { url: string; hasToken: boolean };

export const CAMERA_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type CameraCorner = (typeof CAMERA_CORNERS)[number];

export const recorderSettingsSchema = z
  .object({
    cameraCorner: z.enum(CAMERA_CORNERS),
    /** bubble diameter as a fraction of the output height */
    cameraSize: z.number().min(0.1).max(0.5),
    countdownSeconds: z.number().int().min(0).max(10),
  })
  .strict();
export type RecorderSettings = z.infer<typeof recorderSettingsSchema>;

export const settingsPatchSchema = z
  .object({
    storage: z
      .union([
        z.object({ kind: z.literal('local') }).strict(),
        z.object({ kind: z.literal('s3'), s3: s3SettingsInputSchema }).strict(),
        z.object({ kind: z.literal('reelay'), server: reelayServerInputSchema }).strict(),
      ])
      .optional(),
    recorder: recorderSettingsSchema.partial().optional(),
    ffmpegPath: z.string().trim().max(4096).nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export interface PublicSettings {
  storage: { kind: 'local' } | { kind: 's3'; s3: S3SettingsPublic } | { kind: 'reelay'; server: ReelayServerPublic };
  recorder: RecorderSettings;
  ffmpegPath: string | null;
  /** where secrets live, so the UI can warn when it is a plain file */
  secretStore: 'os-keychain' | 'file';
}

export const DEFAULT_RECORDER_SETTINGS: RecorderSettings = {
  cameraCorner: 'bottom-left',
  cameraSize: 0.25,
  countdownSeconds: 3,
};

export type StorageTestStep = 'write' | 'read' | 'delete' | 'public-url';
export type StorageTestResult =
  | { ok: true; steps: StorageTestStep[] }
  | { ok: false; failedStep: StorageTestStep; code: string; message: string };

/** the steps of testing a Reelay Server, in order; a failure names the first that failed */
export type ServerTestStep = 'reach' | 'identify' | 'token' | 'write';
export type ServerTestResult =
  | { ok: true; steps: ServerTestStep[]; publicUrl: string; account: string }
  | { ok: false; failedStep: ServerTestStep; code: string; message: string };
