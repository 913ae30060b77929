// The owner account from the environment, for headless servers: REELAY_OWNER_EMAIL and
// REELAY_OWNER_PASSWORD make it on first start (nothing happens once an account exists). The
// password is never logged, not even in an error.
import { credentialsSchema, type Credentials } from '../../shared/accounts';

export class OwnerEnvError extends Error {
  override name = 'OwnerEnvError';
}

export const OWNER_ENV = { email: 'REELAY_OWNER_EMAIL', password: 'REELAY_OWNER_PASSWORD' } as const;

export function parseOwnerEnv(env: NodeJS.ProcessEnv): Credentials | null {
  const email = env[OWNER_ENV.email];
  const password = env[OWNER_ENV.password];
  if (email === undefined && password === undefined) return null;
  if (!email || !password) throw new OwnerEnvError(`Set both ${OWNER_ENV.email} and ${OWNER_ENV.password}, or neither.`);
  const parsed = credentialsSchema.safeParse({ email, password });
  if (!parsed.success) {
    const bad = parsed.error.issues[0]!;
    const name = bad.path[0] === 'password' ? OWNER_ENV.password : OWNER_ENV.email;
    throw new OwnerEnvError(`${name}: ${bad.message}`);
  }
  return parsed.data;
}
