// Where the front door sends people: invite links (#/invite/<token>) and the recording that asked a
// member to sign in (?next=/v/<shareId>). Only this server's own links are followed.

const INVITE = /^#\/invite\/([A-Za-z0-9_-]{43})$/;

export function inviteTokenFromHash(hash: string): string | null {
  return INVITE.exec(hash)?.[1] ?? null;
}

/** ?next= when it names a link on this server; anything else (another site, a script URL) is ignored */
export function safeNext(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  return next !== null && /^\/v\/[A-Za-z0-9_-]{22}$/.test(next) ? next : null;
}
