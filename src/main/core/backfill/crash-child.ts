// A whole app in a child process, so the backfill test can kill it mid-job like a crash would:
//   vite-node crash-child.ts <dataDir>
// It prints "started" once the backfill runs, then works until it is killed.
import { startCore } from '..';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child.ts <dataDir>');
await startCore({ dataDir, shell: 'server', version: 'test', shareBaseUrl: 'http://127.0.0.1:1', backfill: { progressIntervalMs: 100 } });
process.stdout.write('started\n');
setInterval(() => undefined, 60_000);
