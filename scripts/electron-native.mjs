// Builds the better-sqlite3 addon for Electron's ABI next to (not over) the one npm built for Node, so
// `npm start` and `npm test` both work from one node_modules. The Electron main process loads it
// through better-sqlite3's `nativeBinding` option. Needs the internet once (Electron's headers or a
// prebuilt binary), like Electron itself.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const target = join(root, 'node_modules/.reelay-electron', `better-sqlite3-electron-${electronVersion}-${process.platform}-${process.arch}.node`);
if (existsSync(target)) process.exit(0);

console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
const work = mkdtempSync(join(tmpdir(), 'reelay-native-'));
const pkg = join(work, 'better-sqlite3');
cpSync(join(root, 'node_modules/better-sqlite3'), pkg, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
const bin = (name) => join(root, 'node_modules/.bin', name);
try {
  try {
    execFileSync(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], { cwd: pkg, stdio: 'inherit' });
  } catch {
    execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], { cwd: pkg, stdio: 'inherit' });
  }
  mkdirSync(join(root, 'node_modules/.reelay-electron'), { recursive: true });
  copyFileSync(join(pkg, 'build/Release/better_sqlite3.node'), target);
  console.log(`Built ${target}`);
} catch (e) {
  console.error(`Could not build better-sqlite3 for Electron: ${e instanceof Error ? e.message : e}\nServer mode (npm run serve) does not need it.`);
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
