// Settings in the library database (one source of truth); secrets in the SecretStore, never returned.
import type { Database } from 'better-sqlite3';
import {
  DEFAULT_RECORDER_SETTINGS,
  recorderSettingsSchema,
  s3SettingsInputSchema,
  reelayServerInputSchema,
  type PublicSettings,
  type ReelayServerPublic,
  type RecorderSettings,
  type S3SettingsPublic,
  type SettingsPatch,
} from '../../../shared/settings';
import type { SecretStore } from './secret-store';
import { SettingsRepo } from '../library/settings-repo';
import { ReelayError } from '../errors';

const S3_SECRET = 's3.secretAccessKey';
const SERVER_TOKEN = 'reelay-server.token';

export class SettingsService {
  private readonly repo: SettingsRepo;

  constructor(
    db: Database,
    private readonly secrets: SecretStore,
    private readonly onChange: (s: PublicSettings) => void = () => undefined,
  ) {
    this.repo = new SettingsRepo(db);
  }

  private read<T>(key: string): T | undefined {
    return this.repo.read<T>(key);
  }

  private write(key: string, value: unknown): void {
    this.repo.write(key, value);
  }

  get(): PublicSettings {
    const recorder = recorderSettingsSchema.safeParse({ ...DEFAULT_RECORDER_SETTINGS, ...this.read<Partial<RecorderSettings>>('recorder') });
    const s3 = this.read<S3SettingsPublic>('storage.s3');
    const server = this.read<Omit<ReelayServerPublic, 'hasToken'>>('storage.server');
    const kind = this.read<'local' | 's3' | 'reelay'>('storage.kind') ?? 'local';
    return {
      storage:
        kind === 's3' && s3
          ? { kind: 's3', s3: { ...s3, hasSecret: this.secrets.get(S3_SECRET) !== null } }
          : kind === 'reelay' && server
            ? { kind: 'reelay', server: { url: server.url, hasToken: this.secrets.get(SERVER_TOKEN) !== null } }
            : { kind: 'local' },
      recorder: recorder.success ? recorder.data : DEFAULT_RECORDER_SETTINGS,
      ffmpegPath: this.read<string | null>('ffmpegPath') ?? null,
      secretStore: this.secrets.kind,
    };
  }

  /** the saved S3 settings with their secret, for the core only */
  s3WithSecret(): (S3SettingsPublic & { secretAccessKey: string }) | null {
    const s3 = this.read<S3SettingsPublic>('storage.s3');
    const secret = this.secrets.get(S3_SECRET);
    return s3 && secret ? { ...s3, secretAccessKey: secret } : null;
  }

  /** the saved Reelay Server with its token, for the core only */
  serverWithToken(): { url: string; token: string } | null {
    const server = this.read<{ url: string }>('storage.server');
    const token = this.secrets.get(SERVER_TOKEN);
    return server && token ? { url: server.url, token } : null;
  }

  async set(patch: SettingsPatch): Promise<PublicSettings> {
    if (patch.storage?.kind === 's3') {
      const { secretAccessKey, ...rest } = s3SettingsInputSchema.parse(patch.storage.s3);
      if (secretAccessKey === undefined && this.secrets.get(S3_SECRET) === null) {
        throw new ReelayError('invalid-input', 'Enter the secret access key for this bucket.');
      }
      if (secretAccessKey !== undefined) await this.secrets.set(S3_SECRET, secretAccessKey);
      this.write('storage.s3', rest);
      this.write('storage.kind', 's3');
    } else if (patch.storage?.kind === 'reelay') {
      const { url, token } = reelayServerInputSchema.parse(patch.storage.server);
      if (token === undefined && this.secrets.get(SERVER_TOKEN) === null) {
        throw new ReelayError('invalid-input', "Enter an access token for this Reelay Server (make one in the server's Settings → Access tokens).");
      }
      if (token !== undefined) await this.secrets.set(SERVER_TOKEN, token);
      this.write('storage.server', { url });
      this.write('storage.kind', 'reelay');
    } else if (patch.storage?.kind === 'local') {
      this.write('storage.kind', 'local');
    }
    if (patch.recorder) this.write('recorder', { ...this.get().recorder, ...patch.recorder });
    if (patch.ffmpegPath !== undefined) this.write('ffmpegPath', patch.ffmpegPath);
    const now = this.get();
    this.onChange(now);
    return now;
  }
}
