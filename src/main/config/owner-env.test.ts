import { describe, expect, it } from 'vitest';
import { OwnerEnvError, parseOwnerEnv } from './owner-env';

describe('the owner account from the environment', () => {
  it('none set: nothing to do; both set: the credentials, the email normalised', () => {
    expect(parseOwnerEnv({})).toBeNull();
    expect(parseOwnerEnv({ REELAY_OWNER_EMAIL: ' Boss@Example.COM ', REELAY_OWNER_PASSWORD: 'long enough pw' })).toEqual({ email: 'boss@example.com', password: 'long enough pw' });
  });

  it('a clear error naming the variable, and never the password', () => {
    expect(() => parseOwnerEnv({ REELAY_OWNER_EMAIL: 'boss@example.com' })).toThrow(/REELAY_OWNER_EMAIL and REELAY_OWNER_PASSWORD/);
    expect(() => parseOwnerEnv({ REELAY_OWNER_EMAIL: 'not-an-email', REELAY_OWNER_PASSWORD: 'long enough pw' })).toThrow(/^REELAY_OWNER_EMAIL: /);
    let error: unknown;
    try {
      parseOwnerEnv({ REELAY_OWNER_EMAIL: 'boss@example.com', REELAY_OWNER_PASSWORD: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OwnerEnvError);
    expect((error as Error).message).toMatch(/^REELAY_OWNER_PASSWORD: at least 8 characters/);
    expect((error as Error).message).not.toContain('short');
  });
});
