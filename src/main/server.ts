// Server mode's composition root: the same core as the desktop app, the renderer served to any
// browser, and the contract over HTTP. `npm run serve -- --port 0 --data-dir /tmp/x`.
import { join } from 'node:path';
import { createCore, type Core } from './core';
import { createApi, type Dispatch } from './core/api';
import { appOrigins, createHttpApp, listen } from './core/share/http-server';
import { ArgsError, parseServerArgs } from './config/server-args';
import { parseS3Env, S3EnvError } from './config/s3-env';
import { OwnerEnvError, parseOwnerEnv } from './config/owner-env';
import { parseServerTargetEnv, ServerTargetEnvError } from './config/server-target-env';
import { version } from '../../package.json';

async function main(): Promise<void> {
  let args;
  let s3FromEnv;
  let ownerFromEnv;
  let serverFromEnv;
  try {
    args = parseServerArgs(process.argv.slice(2));
    s3FromEnv = parseS3Env(process.env);
    ownerFromEnv = parseOwnerEnv(process.env);
    serverFromEnv = parseServerTargetEnv(process.env);
    if (s3FromEnv && serverFromEnv) throw new ServerTargetEnvError('Both REELAY_S3_* and REELAY_SERVER_* are set: choose where recordings go (unset one of them)');
  } catch (e) {
    if (e instanceof ArgsError || e instanceof S3EnvError || e instanceof OwnerEnvError || e instanceof ServerTargetEnvError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = (message: string, error?: unknown): void => {
    console.error(`[reelay] ${message}${error instanceof Error ? `: ${error.stack ?? error.message}` : ''}`);
  };
  const rendererDir = join(__dirname, '../renderer');
  let core: Core | null = null;
  let dispatch: Dispatch | null = null;
  let allowed: string[] = [];
  const handler = createHttpApp({
    core: () => core!,
    rendererDir,
    app: { dispatch: () => dispatch!, allowedOrigins: () => allowed },
    cookies: { secure: args.publicUrl?.startsWith('https://') ?? false, trustProxy: args.trustProxy },
  });
  // listen first: the port (maybe chosen by the OS) is part of every link
  const server = await listen((req, res) => (core ? handler(req, res) : res.writeHead(503).end('starting')), args.host, args.port);
  const localHost = args.host === '0.0.0.0' || args.host === '::' ? '127.0.0.1' : args.host;
  const origin = `http://${localHost.includes(':') ? `[${localHost}]` : localHost}:${server.port}`;
  const publicUrl = args.publicUrl ?? origin;
  allowed = appOrigins(localHost, server.port, args.publicUrl);
  const started = await createCore({ dataDir: args.dataDir, shell: 'server', version, shareBaseUrl: publicUrl, hostLinks: true, rendererDir, log, s3FromEnv, serverFromEnv });
  try {
    // A server's ffmpeg comes from its configuration (REELAY_FFMPEG); a path a page saved in Settings
    // before pages were refused it would win over that, so it goes before any job runs.
    const saved = started.settings.get().ffmpegPath;
    if (saved !== null) {
      log(`ignoring the ffmpeg path saved in Settings (${saved}): server mode takes its ffmpeg from REELAY_FFMPEG`);
      await started.setSettings({ ffmpegPath: null });
    }
    if (ownerFromEnv && (await started.accounts.ensureOwner(ownerFromEnv))) log(`created the owner account ${ownerFromEnv.email} from REELAY_OWNER_EMAIL`);
    await started.start();
  } catch (e) {
    await started.close();
    throw e;
  }
  dispatch = createApi(started, log);
  core = started;

  console.log(`Reelay server mode: ${origin}`);
  console.log(`  data folder: ${args.dataDir}`);
  if (args.host !== '127.0.0.1' && args.host !== 'localhost') {
    console.log(`  listening on ${args.host}: other machines can open share links${args.publicUrl ? '' : ' (pass --public-url so links name this machine)'}`);
  }
  if (started.accounts.needsOwner()) {
    console.log(`  no accounts yet: open ${publicUrl} to create the owner account (or set REELAY_OWNER_EMAIL and REELAY_OWNER_PASSWORD)`);
  }

  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      await server.close();
      await core!.close(); // running backfill jobs are requeued, not failed
      process.exit(0);
    })());
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(`Reelay could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
