// Password hashing: scrypt (memory-hard; in Node's crypto, so nothing native to ship). The stored form
// names its parameters, so they can grow later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** N = 2^15, r = 8: 32 MiB and ~50-100 ms per hash on a small server (OWASP's scrypt minimum is 2^17 with r = 8, p = 1 at 128 MiB; we trade some of that for a 2-core box) */
export const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLength: 32 } as const;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number; keyLength: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, o.keyLength, options, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function hashPassword(password: string, params = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, salt, { N, r, p, keyLength: expected.length });
  return timingSafeEqual(key, expected);
}

/** a hash to check against when the account does not exist, so a wrong email costs as long as a wrong password */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
