// A whole app in a child process, so the backfill test can kill it mid-job like a crash would:
//   vite-node crash-child.ts <dataDir>
// It prints "started" once the backfill runs, then works until it is killed.
import { createCore } from '../core';
import { attachBackfill } from './index';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child.ts <dataDir>');
const core = await createCore({ dataDir, shell: 'server', version: 'test', shareBaseUrl: 'http://127.0.0.1:1' });
const backfill = attachBackfill(core, { progressIntervalMs: 100 });
await core.start();
backfill.start();
process.stdout.write('started\n');
setInterval(() => undefined, 60_000);
