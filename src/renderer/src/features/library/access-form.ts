// The "Who can watch" form's values and the setAccess request they make. Pure, for tests.
import type { LinkAccess, Watch } from '../../../../shared/accounts';

export interface AccessDraft {
  watch: Watch;
  /** a new password; '' keeps the one set before */
  password: string;
  /** yyyy-mm-dd as the date input gives it; '' never expires */
  expires: string;
}

export function draftOf(access: LinkAccess): AccessDraft {
  return { watch: access.watch, password: '', expires: access.expiresAt === null ? '' : dateInputValue(access.expiresAt) };
}

/** the link works through the chosen day, in the viewer's local time zone */
export function expiresAtOf(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999).getTime();
}

export function dateInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export type AccessRequest = { watch: Watch; password?: string; expiresAt: number | null };

/** the request, or why the draft cannot be saved yet */
export function accessRequest(draft: AccessDraft, current: LinkAccess): { ok: true; request: AccessRequest } | { ok: false; reason: string } {
  const expiresAt = draft.expires === '' ? null : expiresAtOf(draft.expires);
  if (draft.expires !== '' && expiresAt === null) return { ok: false, reason: 'Pick a date for the link to expire, or clear it.' };
  if (draft.watch === 'password') {
    if (draft.password === '' && !current.hasPassword) return { ok: false, reason: 'Choose a link password.' };
    if (draft.password !== '' && draft.password.length < 8) return { ok: false, reason: 'A link password needs at least 8 characters.' };
  }
  const request: AccessRequest = { watch: draft.watch, expiresAt };
  if (draft.watch === 'password' && draft.password !== '') request.password = draft.password;
  return { ok: true, request };
}

/** one line for the card: who may watch, and until when */
export function accessSummary(access: LinkAccess, now: number): string {
  const who = access.watch === 'anyone' ? 'Anyone with the link' : access.watch === 'members' ? 'Signed-in members only' : 'Password protected';
  if (access.expiresAt === null) return who;
  return access.expiresAt <= now ? `${who} · link expired` : `${who} · until ${new Date(access.expiresAt).toLocaleDateString()}`;
}
