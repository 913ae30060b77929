// Identifiers. Share ids are unguessable (128 random bits) because the link is the only key to a recording.
import { randomBytes } from 'node:crypto';

export const newRecordingId = (): string => randomBytes(12).toString('base64url');
export const newShareId = (): string => randomBytes(16).toString('base64url');

export const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const isShareId = (s: string): boolean => SHARE_ID_PATTERN.test(s);
