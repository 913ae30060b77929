// Calls to a team's Reelay Server over its HTTP API, with an access token. What the server or the
// network said becomes a StorageError whose `retryable` tells the upload queue whether waiting helps:
// unreachable, 5xx, a full disk there and rate limits wait and retry; a refused token waits for the
// user; a refused request is a bug or a deleted recording, and says so.
import { HTTP, type ApiResult, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/api';
import { StorageError } from './storage';

export interface ReelayServerClientOptions {
  url: string;
  token: string;
  /** each request's time limit (a 16 MiB chunk on a slow link takes a while) */
  timeoutMs?: number;
}

export class ReelayServerClient {
  private readonly base: string;

  constructor(private readonly options: ReelayServerClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  get url(): string {
    return this.base;
  }

  /** a JSON method of the server's contract, as the token's account */
  call<M extends MethodName>(method: M, input: MethodInput<M>, signal?: AbortSignal): Promise<MethodOutput<M>> {
    return this.send(method, { 'content-type': 'application/json' }, JSON.stringify(input), signal);
  }

  /** a binary method: its arguments in the header, its bytes as the body */
  callBinary<M extends MethodName>(method: M, args: Omit<MethodInput<M>, 'data'>, data: Uint8Array, signal?: AbortSignal): Promise<MethodOutput<M>> {
    return this.send(method, { 'content-type': 'application/octet-stream', [HTTP.argsHeader]: encodeURIComponent(JSON.stringify(args)) }, data, signal);
  }

  private async send<M extends MethodName>(method: M, headers: Record<string, string>, body: string | Uint8Array, signal?: AbortSignal): Promise<MethodOutput<M>> {
    const action = `${method} on ${this.base}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 120_000);
    const post = () =>
      fetch(`${this.base}${HTTP.callPrefix}${method}`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${this.options.token}` },
        // bytes or text: Node's fetch takes both; the DOM typings (the e2e project type-checks this file) only admit the text
        body: body as string,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'error',
      });
    let res: Response;
    try {
      // a kept-alive connection the server closed (it restarted) fails the first request on it; asked
      // again on a new one, as browsers do. The contract's methods can be repeated (puts name their offset).
      res = await post().catch((e: unknown) => {
        if (signal?.aborted || causeOf(e) !== 'UND_ERR_SOCKET') throw e;
        return post();
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new StorageError('storage-unreachable', `Could not reach the Reelay Server at ${this.base} (${causeOf(e)}). Uploads wait and go on once it answers.`, true, { cause: e });
    }
    const text = await res.text().catch(() => '');
    const result = parseResult(text);
    if (result?.ok) return result.value as MethodOutput<M>;
    throw errorFor(res.status, result?.ok === false ? result.error : null, action, this.base);
  }
}

function parseResult(text: string): ApiResult<unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'ok' in parsed) return parsed as ApiResult<unknown>;
  } catch {
    // not our JSON: a proxy's page, another program on that port
  }
  return null;
}

/** the failure as a StorageError; the server's own message is shown (it says what to do) */
export function errorFor(status: number, error: { code: string; message: string; retryable: boolean } | null, action: string, base: string): StorageError {
  const said = error ? ` It said: ${error.message}` : '';
  if (status === 401) return new StorageError('storage-auth', `The Reelay Server at ${base} refused the access token (revoked or mistyped). Make a new one in its Settings → Access tokens and enter it in Settings → Storage.`, false);
  if (status === 403) return new StorageError('storage-auth', `The Reelay Server at ${base} refused ${action}.${said}`, false);
  if (error?.code === 'disk-full') return new StorageError('disk-full', `The Reelay Server's disk is full; uploads go on once it has room.${said}`, true);
  if (status === 404 && error?.code === 'not-found') return new StorageError('not-found', `The Reelay Server at ${base} no longer has this recording (deleted there).${said}`, false);
  if (error === null) {
    if (status >= 500 || status === 0) return new StorageError('storage-unreachable', `The Reelay Server at ${base} answered ${status} to ${action}; uploads wait and try again.`, true);
    return new StorageError('storage-config', `${base} did not answer like a Reelay Server (HTTP ${status} to ${action}). Check the Server URL in Settings → Storage.`, false);
  }
  if (status === 429 || status >= 500 || error.retryable) return new StorageError('storage-unreachable', `The Reelay Server at ${base} could not take ${action} now; uploads try again.${said}`, true);
  return new StorageError('storage-config', `The Reelay Server at ${base} refused ${action}.${said}`, false);
}

function causeOf(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  if (cause instanceof Error && cause.name === 'TimeoutError') return 'no answer in time';
  return cause instanceof Error ? cause.message : String(cause);
}
