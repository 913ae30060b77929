// The contract's zod-free half: error codes and errors as data, events, and the transport names.
// The sandboxed preload imports only this module (it may require nothing but 'electron', and zod is
// an external dependency there); everything else imports it through ./api, which re-exports it.
import type { Recording } from './domain';
import type { PublicSettings } from './settings';

export const ERROR_CODES = [
  'invalid-input', // the request was malformed; fix the caller
  'not-found',
  'invalid-state', // e.g. a segment for a recording that was stopped
  'conflict', // the request contradicts what is already durable (another init for a rendition that has one); sending it again won't help
  'unauthorized', // no valid session or access token: sign in
  'forbidden', // signed in, but not allowed (a member asking for the owner's settings)
  'rate-limited', // too many tries; the message says when to try again
  'disk-full',
  'storage-auth', // the storage rejected our credentials or permissions
  'storage-unreachable',
  'storage-config',
  'ffmpeg-missing',
  'unsupported-media', // an imported file that is not video, is corrupt or cannot be decoded; the message names the problem
  'unsupported', // this host cannot do it (Reveal in folder asked of a server): the message says where it works
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Errors cross every process boundary as data. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the desktop shell (tray, global shortcut) asks the app page to do; the page owns capture. */
export const SHELL_COMMANDS = ['toggle-recording', 'start-recording', 'stop-recording', 'open-library'] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

export interface Events {
  'recording-updated': Recording;
  'recording-removed': { id: string };
  'settings-updated': PublicSettings;
  /**
   * a recording got a view or a comment, or someone opened its insights or comments: what is new
   * differs per reader, so ask recordings.activity again. owner: the recording's owner's email (null:
   * the desktop's or the server owner's own), so a member hears only of their own recordings.
   */
  'activity-changed': { id: string; owner: string | null };
  /** desktop only: sent by the shell, never by the core or over HTTP */
  'shell-command': { command: ShellCommand };
  /**
   * the renderer's own: its event stream was cut (server restarted, network dropped) and is back.
   * Events in between are lost: re-read what you show.
   */
  'events-resumed': Record<string, never>;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['recording-updated', 'recording-removed', 'settings-updated', 'activity-changed', 'shell-command', 'events-resumed'];

/** Thrown on the renderer side when a call comes back as an ApiError. */
export class ReelayCallError extends Error implements ApiError {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ReelayCallError';
    this.code = error.code;
    this.retryable = error.retryable;
  }
}

export function unwrap<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw new ReelayCallError(result.error);
}

// HTTP transport names, used by the HTTP adapter and the browser client.
export const HTTP = {
  callPrefix: '/api/call/',
  events: '/api/events',
  argsHeader: 'x-reelay-args',
  /** Reelay Server's sign-in routes: they set or clear the session cookie, so they sit beside the contract */
  auth: {
    session: '/api/auth/session',
    setup: '/api/auth/setup',
    signIn: '/api/auth/sign-in',
    signOut: '/api/auth/sign-out',
    invite: '/api/auth/invite',
    acceptInvite: '/api/auth/accept-invite',
  },
} as const;
// IPC transport names, used by the IPC adapter and the preload.
export const IPC = {
  call: 'reelay:call',
  event: 'reelay:event',
} as const;
