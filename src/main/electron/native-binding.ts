// In an unpackaged run (`npm start`), better-sqlite3 in node_modules is built for Node's ABI, which
// `npm test` and server mode use; scripts/electron-native.mjs builds Electron's copy beside it.
// Packaged apps get an Electron build from the packager and need nothing here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function electronSqliteBinding(appPath: string, isPackaged: boolean): string | undefined {
  // not under Electron (the shell's tests run it in Node with a stand-in electron module)
  if (isPackaged || process.versions['electron'] === undefined) return undefined;
  const file = join(appPath, 'node_modules/.reelay-electron', `better-sqlite3-electron-${process.versions['electron']}-${process.platform}-${process.arch}.node`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm start" (it builds it) or "node scripts/electron-native.mjs".`);
  return file;
}
