// The Reelay Server to publish to, from the environment (headless server mode), like REELAY_S3_*.
// Neither variable set: null (settings stay as saved). One set: both must be, and errors name the
// variable to fix, never the token.
import { reelayServerInputSchema, type ReelayServerInput } from '../../shared/settings';

export const SERVER_TARGET_ENV = { url: 'REELAY_SERVER_URL', token: 'REELAY_SERVER_TOKEN' } as const;

export class ServerTargetEnvError extends Error {
  override name = 'ServerTargetEnvError';
}

export function parseServerTargetEnv(env: Record<string, string | undefined> = process.env): ReelayServerInput | null {
  const url = env[SERVER_TARGET_ENV.url]?.trim() || undefined;
  const token = env[SERVER_TARGET_ENV.token]?.trim() || undefined;
  if (url === undefined && token === undefined) return null;
  if (url === undefined || token === undefined) {
    const missing = url === undefined ? SERVER_TARGET_ENV.url : SERVER_TARGET_ENV.token;
    throw new ServerTargetEnvError(`${missing} is not set; publishing to a Reelay Server from the environment needs both ${SERVER_TARGET_ENV.url} and ${SERVER_TARGET_ENV.token} (or neither)`);
  }
  const parsed = reelayServerInputSchema.safeParse({ url, token });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path[0] === 'token' ? SERVER_TARGET_ENV.token : SERVER_TARGET_ENV.url;
    throw new ServerTargetEnvError(`${name}: ${issue.message}`);
  }
  return parsed.data;
}
