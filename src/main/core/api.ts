// createApi(core): the one implementation of the ReelayApi contract. Adapters (IPC, HTTP) call
// `dispatch` with untrusted input; it validates against the contract's schema and returns errors as data.
import { methods, type ApiResult, type MethodInput, type MethodName, type MethodOutput } from '../../shared/api';
import { mayManage, ownerIdOf, readerOf, requireAccount, requireOwner, seesAll, type Principal } from './accounts/principal';
import { ReelayError, toApiError } from './errors';
import type { Core } from './index';

type Handlers = { [M in MethodName]: (input: MethodInput<M>, who: Principal) => MethodOutput<M> | Promise<MethodOutput<M>> };

export function createHandlers(core: Core): Handlers {
  const r = core.recordings;
  /** the recording, if `who` may touch it: another member's is as good as absent */
  const mine = (id: string, who: Principal): string => {
    if (!mayManage(who, r.require(id))) throw new ReelayError('not-found', `No recording with id ${id}.`);
    return id;
  };
  return {
    'app.info': () => core.info(),
    'recordings.list': (_, who) => r.list(seesAll(who) ? null : ownerIdOf(who)),
    'recordings.get': ({ id }, who) => r.get(mine(id, who)),
    'recordings.page': (q, who) => r.page(q, seesAll(who) ? null : ownerIdOf(who)),
    'recordings.create': (input, who) => r.create(input, ownerIdOf(who)),
    'recordings.start': ({ id }, who) => r.start(mine(id, who)),
    'recordings.pause': ({ id }, who) => r.pause(mine(id, who)),
    'recordings.resume': ({ id }, who) => r.resume(mine(id, who)),
    'recordings.stop': ({ id, durationMs }, who) => r.stop(mine(id, who), durationMs),
    'recordings.cancel': ({ id }, who) => r.cancel(mine(id, who)),
    'recordings.rename': ({ id, title }, who) => r.rename(mine(id, who), title),
    'recordings.delete': ({ id, from }, who) => r.delete(mine(id, who), from),
    'recordings.reveal': ({ id }, who) => {
      core.folders.requireSupported(); // a server refuses before it says whether the id exists
      return core.folders.reveal(mine(id, who));
    },
    'recordings.retryBackfill': ({ id }, who) => {
      core.backfill.retry(mine(id, who));
      return r.get(id);
    },
    'recordings.putInit': (input, who) => r.putInit({ ...input, id: mine(input.id, who) }),
    'recordings.putSegment': (input, who) => r.putSegment({ ...input, id: mine(input.id, who) }),
    'recordings.putMasterChunk': (input, who) => r.putMasterChunk({ ...input, id: mine(input.id, who) }),
    'recordings.setAccess': async ({ id, ...access }, who) => {
      // on a Reelay Server target the server decides who watches: it is set there first
      const server = r.serverOf(r.require(mine(id, who)));
      if (server) await server.client.call('recordings.setAccess', { id: server.remoteId, ...access });
      await core.linkAccess.set(who, r.require(id), access);
      return r.get(id);
    },
    'recordings.insights': async ({ id }, who) => {
      const server = r.serverOf(r.require(mine(id, who)));
      if (!server) return core.insights.report(r.require(id), readerOf(who));
      const report = await server.client.call('recordings.insights', { id: server.remoteId });
      void core.remoteActivity.refresh(id); // the server marked its views seen: the badge clears now, not at the next poll
      return report;
    },
    // a recording published to a Reelay Server has its comments there
    'recordings.comments': async ({ id }, who) => {
      const server = r.serverOf(r.require(mine(id, who)));
      if (!server) return core.comments.forLibrary(r.require(id), readerOf(who));
      const list = await server.client.call('recordings.comments', { id: server.remoteId });
      void core.remoteActivity.refresh(id); // the server marked them read
      return list;
    },
    'recordings.commentCounts': ({ id }, who) => {
      const server = r.serverOf(r.require(mine(id, who)));
      return server ? server.client.call('recordings.commentCounts', { id: server.remoteId }) : core.comments.counts(r.require(id), readerOf(who));
    },
    'recordings.activity': ({ ids }, who) => core.activity.of(who, ids),
    'recordings.deleteComment': async ({ id, commentId }, who) => {
      const server = r.serverOf(r.require(mine(id, who)));
      if (server) {
        const list = await server.client.call('recordings.deleteComment', { id: server.remoteId, commentId });
        void core.remoteActivity.refresh(id); // the deleted comment may have been the new one
        return list;
      }
      core.comments.delete(r.require(id), commentId);
      return core.comments.forLibrary(r.require(id), readerOf(who));
    },
    'recordings.setGuestComments': ({ id, allowed }, who) => {
      const server = r.serverOf(r.require(mine(id, who)));
      if (server) return server.client.call('recordings.setGuestComments', { id: server.remoteId, allowed });
      core.comments.setGuestComments(r.require(id), allowed);
      return core.comments.forLibrary(r.require(id), readerOf(who));
    },
    'recordings.captions': ({ id }, who) => core.captions.info(r.require(mine(id, who))),
    'recordings.setCaptions': ({ id, ...captions }, who) => core.captions.set(r.require(mine(id, who)), captions),
    'recordings.removeCaptions': ({ id }, who) => core.captions.remove(r.require(mine(id, who))),
    'recordings.chapters': ({ id }, who) => core.chapters.list(r.require(mine(id, who))),
    'recordings.setChapters': ({ id, chapters }, who) => core.chapters.set(r.require(mine(id, who)), chapters),
    'imports.begin': ({ name, bytes }, who) => core.imports.begin(uploaderOf(who), name, bytes),
    'imports.putChunk': ({ importId, offset, data }, who) => core.imports.putChunk(uploaderOf(who), importId, offset, data),
    'imports.finish': ({ importId }, who) => core.imports.finish(uploaderOf(who), importId, ownerIdOf(who)),
    'imports.cancel': ({ importId }, who) => core.imports.cancel(uploaderOf(who), importId),
    'imports.status': ({ importId }, who) => core.imports.status(uploaderOf(who), importId),
    'account.members': (_, who) => core.accounts.members(who),
    'account.invite': ({ email }, who) => core.accounts.invite(who, email),
    'account.revokeInvite': ({ id }, who) => core.accounts.revokeInvite(who, id),
    'account.removeMember': ({ id }, who) => core.accounts.removeMember(who, id),
    'tokens.list': (_, who) => core.accounts.tokens(who),
    'tokens.create': ({ name }, who) => core.accounts.createToken(who, name),
    'tokens.revoke': ({ id }, who) => core.accounts.revokeToken(who, id),
    'settings.get': () => core.settings.get(),
    'settings.set': (patch, who) => {
      requireOwner(who, 'change its settings');
      return core.setSettings(patch);
    },
    'storage.test': (input, who) => {
      requireOwner(who, 'test its storage');
      return core.testStorage(input);
    },
    'storage.testServer': (input, who) => {
      requireOwner(who, 'test its storage');
      return core.testServer(input);
    },
    'publish.register': ({ title }, who) => r.register(title, requireAccount(who).id),
    'publish.put': (input, who) => r.fed.put(who, input),
    'publish.remove': async ({ shareId }, who) => {
      await r.removeFed(r.fed.fedRecording(who, shareId));
      return { shareId };
    },
    'publish.check': async (_, who) => ({ publicUrl: await core.checkPublishing(), account: requireAccount(who).email }),
  };
}

/** who began an upload: only they may continue, finish or cancel it */
const uploaderOf = (who: Principal): string => (who.kind === 'account' ? who.account.id : 'local');

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** every call names who makes it: the desktop user (LOCAL) or a server account */
export type Dispatch = (method: string, input: unknown, who: Principal) => Promise<ApiResult<unknown>>;

export function createApi(core: Core, log: (msg: string, e?: unknown) => void = () => undefined): Dispatch {
  const handlers = createHandlers(core);
  return async (method, input, who) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'invalid-input', message: `Unknown method: ${String(method).slice(0, 80)}`, retryable: false } };
    }
    const parsed = methods[method].input.safeParse(input);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'input'}: ${i.message}`)
        .join('; ');
      return { ok: false, error: { code: 'invalid-input', message: `Invalid ${method} request: ${detail}`, retryable: false } };
    }
    try {
      const handler = handlers[method] as (i: unknown, who: Principal) => unknown;
      return { ok: true, value: await handler(parsed.data, who) };
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'internal') log(`${method} failed`, e);
      return { ok: false, error };
    }
  };
}
