// Bearer secrets (session cookies, invite links, access tokens): 256 random bits, and the one-way
// hash that is all the database keeps of them.
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const newId = (): string => randomBytes(12).toString('base64url');

/** access tokens carry a prefix, so a leaked one is recognisable (secret scanners) */
export const ACCESS_TOKEN_PREFIX = 'rly_';
