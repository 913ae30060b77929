// The contract between the renderer and the core: every method, its input schema and result, every
// event, every error code. Main implements it once (src/main/core/api.ts); the Electron IPC adapter,
// the HTTP adapter, the preload and the renderer's clients are all generated from this table, so no
// method or channel name is spelled twice.
import { z } from 'zod';
import type { Recording, StorageKind } from './domain';
import type { PublicSettings, StorageTestResult } from './settings';
import type { ServerTestResult } from './settings';
import { settingsPatchSchema, s3SettingsInputSchema, reelayServerInputSchema } from './settings';
import { emailSchema, passwordSchema, WATCH, type AccessTokenCreated, type AccessTokenInfo, type InviteCreated, type MembersView } from './accounts';
import type { EventName, Events } from './transport';
import type { Insights } from './insights';
import type { CommentCounts, RecordingComments } from './comments';
import { CAPTIONS, type CaptionsInfo } from './captions';
import { CHAPTERS, type Chapter } from './chapters';
import type { RecordingActivity } from './activity';
import { MAX_IMPORT_BYTES, MAX_IMPORT_NAME, type ImportStatus } from './import';
import { libraryPageSchema, type LibraryPage } from './library';

// the zod-free half (errors, events, transport names) lives in ./transport for the preload's sake
export * from './transport';

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a recording id');
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');
const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not an id');
const rendition = z.string().regex(/^[a-z0-9]{1,16}$/, 'not a rendition name');
const dimension = z.number().int().min(16).max(8192);

export const methods = {
  'app.info': { input: z.object({}).strict(), binary: false },
  'recordings.list': { input: z.object({}).strict(), binary: false },
  'recordings.get': { input: z.object({ id }).strict(), binary: false },
  /** one page of the library: searched by title, sorted, filtered by state */
  'recordings.page': { input: libraryPageSchema, binary: false },
  'recordings.create': {
    input: z
      .object({
        title: z.string().trim().min(1).max(200).optional(),
        width: dimension,
        height: dimension,
        fps: z.number().min(1).max(240),
      })
      .strict(),
    binary: false,
  },
  'recordings.start': { input: z.object({ id }).strict(), binary: false },
  'recordings.pause': { input: z.object({ id }).strict(), binary: false },
  'recordings.resume': { input: z.object({ id }).strict(), binary: false },
  'recordings.stop': {
    input: z.object({ id, durationMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000) }).strict(),
    binary: false,
  },
  'recordings.cancel': { input: z.object({ id }).strict(), binary: false },
  'recordings.rename': {
    input: z.object({ id, title: z.string().trim().min(1).max(200) }).strict(),
    binary: false,
  },
  'recordings.delete': {
    input: z.object({ id, from: z.enum(['local', 'storage', 'both']) }).strict(),
    binary: false,
  },
  /** desktop app only: shows the recording's files on this computer in the file manager (server mode: 'unsupported') */
  'recordings.reveal': { input: z.object({ id }).strict(), binary: false },
  /** runs a failed "HD versions" job again, from where it stopped */
  'recordings.retryBackfill': { input: z.object({ id }).strict(), binary: false },
  'recordings.putInit': {
    input: z
      .object({
        id,
        rendition,
        /** RFC 6381 codecs of this rendition's stream, e.g. "avc1.640028,mp4a.40.2" */
        codecs: z.string().regex(/^[A-Za-z0-9.,-]{1,200}$/),
        width: dimension.optional(),
        height: dimension.optional(),
        frameRate: z.number().min(1).max(240).optional(),
        /** the encoder's target bit rate; the master playlist uses measured sizes once it has them */
        bitrate: z.number().int().min(1000).max(200_000_000),
        data: bytes,
      })
      .strict(),
    binary: true,
  },
  'recordings.putSegment': {
    input: z
      .object({
        id,
        rendition,
        seq: z.number().int().min(0).max(10_000_000),
        durationSec: z.number().positive().max(60),
        data: bytes,
      })
      .strict(),
    binary: true,
  },
  'recordings.putMasterChunk': {
    input: z
      .object({ id, seq: z.number().int().min(0).max(100_000_000), mimeType: z.string().max(100), data: bytes })
      .strict(),
    binary: true,
  },
  /** who may watch the link: anyone with it, signed-in members, or whoever has the password; until when */
  'recordings.setAccess': {
    input: z
      .object({
        id,
        watch: z.enum(WATCH),
        /** with 'password': a new password; omitted keeps the one set before */
        password: passwordSchema.optional(),
        /** ms since epoch; null: the link never expires */
        expiresAt: z.number().int().min(0).max(8.64e15).nullable(),
      })
      .strict(),
    binary: false,
  },
  /** views, viewers, watch time, completion and retention of the link (links a Reelay server serves) */
  'recordings.insights': { input: z.object({ id }).strict(), binary: false },
  /** the link's comments and reactions, the guest-comments switch and the counts; marks them seen by the caller */
  'recordings.comments': { input: z.object({ id }).strict(), binary: false },
  /** comments in all, reactions, and comments the caller has not seen yet (without marking them seen) */
  'recordings.commentCounts': { input: z.object({ id }).strict(), binary: false },
  /** what is new for the caller (views and comments since they last opened them) on their recordings, or on those of `ids`; one entry per recording with anything new */
  'recordings.activity': { input: z.object({ ids: z.array(id).min(1).max(500).optional() }).strict(), binary: false },
  'recordings.deleteComment': { input: z.object({ id, commentId: opaqueId }).strict(), binary: false },
  /** may viewers who are not signed in comment (on a link open to anyone)? */
  'recordings.setGuestComments': { input: z.object({ id, allowed: z.boolean() }).strict(), binary: false },
  /** the recording's captions (name, language, cue count), or null */
  'recordings.captions': { input: z.object({ id }).strict(), binary: false },
  /** adds or replaces the captions of a stopped recording: a WebVTT file (data), checked (shared/captions.ts) */
  'recordings.setCaptions': {
    input: z
      .object({
        id,
        /** the name players show in their captions menu; default "Captions" */
        label: z.string().trim().max(CAPTIONS.maxLabelChars).regex(/^[^\u0000-\u001f\u007f]*$/, 'one line of text').optional(),
        /** BCP 47, e.g. "en" or "pt-BR" */
        language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, 'a language code such as "en" or "pt-BR"').optional(),
        data: bytes,
      })
      .strict(),
    binary: true,
  },
  'recordings.removeCaptions': { input: z.object({ id }).strict(), binary: false },
  'recordings.chapters': { input: z.object({ id }).strict(), binary: false },
  /** replaces every chapter of a stopped recording (in time order; [] removes them) */
  'recordings.setChapters': {
    input: z
      .object({
        id,
        chapters: z.array(z.object({ atSec: z.number().min(0).max(7 * 24 * 3600), title: z.string().max(CHAPTERS.maxTitleChars * 2) }).strict()).max(CHAPTERS.max),
      })
      .strict(),
    binary: false,
  },
  /** starts uploading a video file to import (MP4, MOV, WebM, MKV): its file name (the title) and size */
  'imports.begin': {
    input: z.object({ name: z.string().trim().min(1).max(MAX_IMPORT_NAME), bytes: z.number().int().min(1).max(MAX_IMPORT_BYTES) }).strict(),
    binary: false,
  },
  /** the next part of the file, at the offset where the parts received so far end */
  'imports.putChunk': {
    input: z.object({ importId: opaqueId, offset: z.number().int().min(0).max(MAX_IMPORT_BYTES), data: bytes }).strict(),
    binary: true,
  },
  /** the file is all there: it is checked, and becomes a recording whose link plays as soon as its first version is out */
  'imports.finish': { input: z.object({ importId: opaqueId }).strict(), binary: false },
  'imports.cancel': { input: z.object({ importId: opaqueId }).strict(), binary: false },
  /** how an import is doing: uploading, making its first version, done, or failed (and why) */
  'imports.status': { input: z.object({ importId: opaqueId }).strict(), binary: false },
  'account.members': { input: z.object({}).strict(), binary: false },
  'account.invite': { input: z.object({ email: emailSchema }).strict(), binary: false },
  'account.revokeInvite': { input: z.object({ id: opaqueId }).strict(), binary: false },
  'account.removeMember': { input: z.object({ id: opaqueId }).strict(), binary: false },
  'tokens.list': { input: z.object({}).strict(), binary: false },
  'tokens.create': { input: z.object({ name: z.string().trim().min(1, 'name the token').max(100) }).strict(), binary: false },
  'tokens.revoke': { input: z.object({ id: opaqueId }).strict(), binary: false },
  'settings.get': { input: z.object({}).strict(), binary: false },
  'settings.set': { input: settingsPatchSchema, binary: false },
  'storage.test': { input: s3SettingsInputSchema, binary: false },
  /** Test connection for a Reelay Server as the storage: reach it, know it, token accepted, may write */
  'storage.testServer': { input: reelayServerInputSchema, binary: false },
  // ---- the publish API: a desktop app (or another server) publishing its recordings here, with a token
  /** a recording made elsewhere gets its share id and link here, owned by the caller */
  'publish.register': { input: z.object({ title: z.string().trim().min(1).max(200) }).strict(), binary: false },
  /** one published file of it (a chunk of one: `offset` into `total` bytes); durable here before the answer */
  'publish.put': {
    input: z
      .object({
        shareId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a share id'),
        path: z.string().min(1).max(200),
        offset: z.number().int().min(0).max(2 ** 40),
        total: z.number().int().min(0).max(2 ** 40),
        data: bytes,
      })
      .strict(),
    binary: true,
  },
  /** the published copy goes: every file and the link */
  'publish.remove': { input: z.object({ shareId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a share id') }).strict(), binary: false },
  /** may the caller publish here? (writes and removes a probe) */
  'publish.check': { input: z.object({}).strict(), binary: false },
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.infer<(typeof methods)[M]['input']>;

export interface AppInfo {
  version: string;
  shell: 'electron' | 'server';
  shareBaseUrl: string;
  storage: StorageKind;
  /** Reelay Server: accounts, access tokens and who may watch a link */
  accounts: boolean;
}

export interface MethodOutputs {
  'app.info': AppInfo;
  'recordings.list': Recording[];
  'recordings.get': Recording;
  'recordings.page': LibraryPage;
  'recordings.create': Recording;
  'recordings.start': Recording;
  'recordings.pause': Recording;
  'recordings.resume': Recording;
  'recordings.stop': Recording;
  'recordings.cancel': Recording;
  'recordings.rename': Recording;
  'recordings.delete': { id: string };
  'recordings.retryBackfill': Recording;
  /** the file (or folder) the file manager shows selected */
  'recordings.reveal': { path: string };
  'recordings.putInit': { durable: true };
  'recordings.putSegment': { durable: true };
  'recordings.putMasterChunk': { durable: true };
  'recordings.setAccess': Recording;
  'recordings.insights': Insights;
  'recordings.comments': RecordingComments;
  'recordings.commentCounts': CommentCounts;
  'recordings.activity': RecordingActivity[];
  'recordings.deleteComment': RecordingComments;
  'recordings.setGuestComments': RecordingComments;
  'recordings.captions': CaptionsInfo | null;
  'recordings.setCaptions': CaptionsInfo;
  'recordings.removeCaptions': null;
  'recordings.chapters': Chapter[];
  'recordings.setChapters': Chapter[];
  'imports.begin': { importId: string };
  'imports.putChunk': { bytesReceived: number };
  'imports.finish': Recording;
  'imports.cancel': { importId: string };
  'imports.status': ImportStatus;
  'account.members': MembersView;
  'account.invite': InviteCreated;
  'account.revokeInvite': MembersView;
  'account.removeMember': MembersView;
  'tokens.list': AccessTokenInfo[];
  'tokens.create': AccessTokenCreated;
  'tokens.revoke': AccessTokenInfo[];
  'settings.get': PublicSettings;
  'settings.set': PublicSettings;
  'storage.test': StorageTestResult;
  'storage.testServer': ServerTestResult;
  'publish.register': { id: string; shareId: string; link: string };
  'publish.put': { durable: true; bytes: number };
  'publish.remove': { shareId: string };
  'publish.check': { publicUrl: string; account: string };
}
export type MethodOutput<M extends MethodName> = MethodOutputs[M];

/** What the renderer holds: one async function per method, plus event subscription. */
export type ReelayApi = {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

