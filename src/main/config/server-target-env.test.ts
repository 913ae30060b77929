import { describe, expect, it } from 'vitest';
import { parseServerTargetEnv } from './server-target-env';

const TOKEN = `rly_${'a'.repeat(43)}`;

describe('REELAY_SERVER_URL / REELAY_SERVER_TOKEN', () => {
  it('neither set: the saved settings stay', () => {
    expect(parseServerTargetEnv({})).toBeNull();
  });

  it('both set: the server to publish to, without a trailing slash', () => {
    expect(parseServerTargetEnv({ REELAY_SERVER_URL: 'https://rec.example.com/', REELAY_SERVER_TOKEN: TOKEN })).toEqual({ url: 'https://rec.example.com', token: TOKEN });
  });

  it('one missing, or a bad value: the error names the variable and never the token', () => {
    expect(() => parseServerTargetEnv({ REELAY_SERVER_URL: 'https://rec.example.com' })).toThrow(/REELAY_SERVER_TOKEN is not set/);
    expect(() => parseServerTargetEnv({ REELAY_SERVER_TOKEN: TOKEN })).toThrow(/REELAY_SERVER_URL is not set/);
    expect(() => parseServerTargetEnv({ REELAY_SERVER_URL: 'ftp://x', REELAY_SERVER_TOKEN: TOKEN })).toThrow(/^REELAY_SERVER_URL:/);
    const bad = 'not-a-token-secret-value';
    let message = '';
    try {
      parseServerTargetEnv({ REELAY_SERVER_URL: 'https://rec.example.com', REELAY_SERVER_TOKEN: bad });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^REELAY_SERVER_TOKEN:/);
    expect(message).not.toContain(bad);
  });
});
