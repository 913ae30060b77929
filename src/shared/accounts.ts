// Reelay Server's accounts, access tokens and who may watch a link: the schemas every boundary
// validates against, and the views the renderer gets. Secrets (passwords, tokens) go in, never out,
// except a new token, shown once.
import { z } from 'zod';

export const ROLES = ['owner', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const emailSchema = z.string().trim().toLowerCase().max(254).email('not an email address');
/** long enough to resist guessing at the rate limit; no composition rules (NIST 800-63B) */
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200, 'at most 200 characters');

export const credentialsSchema = z.object({ email: emailSchema, password: passwordSchema }).strict();
export type Credentials = z.infer<typeof credentialsSchema>;

/** sign-in takes any password: a rule changed since an account was made must not lock it out */
export const signInSchema = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().min(1).max(200) }).strict();

export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const acceptInviteSchema = z.object({ token: z.string().regex(INVITE_TOKEN_PATTERN, 'not an invite'), password: passwordSchema }).strict();

export interface Account {
  id: string;
  email: string;
  role: Role;
}

/** what GET /api/auth/session answers: who this browser is, and whether the server needs its owner */
export interface SessionInfo {
  needsOwner: boolean;
  account: Account | null;
}

export interface Member extends Account {
  createdAt: number;
}

export interface PendingInvite {
  id: string;
  email: string;
  createdAt: number;
  expiresAt: number;
}

export interface MembersView {
  members: Member[];
  invites: PendingInvite[];
}

export interface InviteCreated {
  invite: PendingInvite;
  /** the one-time link the owner sends; its token is not kept */
  link: string;
}

export interface InviteInfo {
  email: string;
  expiresAt: number;
}

export interface AccessTokenInfo {
  id: string;
  name: string;
  /** whose token it is (the owner sees everyone's) */
  account: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AccessTokenCreated {
  info: AccessTokenInfo;
  /** shown once; only its hash is kept */
  token: string;
}

export const ACCESS_TOKEN_PATTERN = /^rly_[A-Za-z0-9_-]{43}$/;

export const WATCH = ['anyone', 'members', 'password'] as const;
export type Watch = (typeof WATCH)[number];

export const WATCH_LABELS: Record<Watch, string> = {
  anyone: 'Anyone with the link',
  members: 'Signed-in members',
  password: 'Password',
};

/** who may watch a recording's link */
export interface LinkAccess {
  watch: Watch;
  hasPassword: boolean;
  /** ms since epoch; null: never */
  expiresAt: number | null;
}

export const ANYONE: LinkAccess = { watch: 'anyone', hasPassword: false, expiresAt: null };
