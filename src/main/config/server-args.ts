// Command-line options of server mode.
import { defaultDataDir } from './data-dir';

export interface ServerArgs {
  host: string;
  port: number;
  dataDir: string;
  /** the origin links use when it differs from host:port (a reverse proxy, a LAN name) */
  publicUrl: string | null;
  /** behind a reverse proxy: rate limits take the client from X-Forwarded-For */
  trustProxy: boolean;
}

export class ArgsError extends Error {
  override name = 'ArgsError';
}

export const SERVER_USAGE = `Usage: npm run serve -- [--host 127.0.0.1] [--port 0] [--data-dir DIR] [--public-url URL] [--trust-proxy]
  --host        address to listen on (default 127.0.0.1; 0.0.0.0 opts in to the network)
  --port        port, 0 for any free port (default 4848)
  --data-dir    where recordings and the library live (default: the app's data folder)
  --public-url  origin that share links use, e.g. https://rec.example.com (https: cookies are Secure)
  --trust-proxy behind a reverse proxy: take the client's address from X-Forwarded-For (rate limits)`;

export function parseServerArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServerArgs {
  const out: ServerArgs = { host: '127.0.0.1', port: 4848, dataDir: defaultDataDir(env), publicUrl: null, trustProxy: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new ArgsError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--host':
        out.host = value();
        if (!/^[A-Za-z0-9.:[\]-]+$/.test(out.host)) throw new ArgsError(`--host: not a host name or address: ${out.host}`);
        break;
      case '--port': {
        const v = value();
        const port = Number(v);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ArgsError(`--port: expected 0-65535, got ${v}`);
        out.port = port;
        break;
      }
      case '--data-dir':
        out.dataDir = value();
        break;
      case '--public-url': {
        const v = value().replace(/\/+$/, '');
        let u: URL;
        try {
          u = new URL(v);
        } catch {
          throw new ArgsError(`--public-url: not a URL: ${v}`);
        }
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ArgsError('--public-url must be http:// or https://');
        out.publicUrl = u.origin;
        break;
      }
      case '--trust-proxy':
        if (inline !== undefined) throw new ArgsError('--trust-proxy takes no value');
        out.trustProxy = true;
        break;
      case '--help':
      case '-h':
        throw new ArgsError(SERVER_USAGE);
      default:
        throw new ArgsError(`unknown option ${arg}\n${SERVER_USAGE}`);
    }
  }
  return out;
}
