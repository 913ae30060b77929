// The app's data folder, the same one Electron's app.getPath('userData') gives for "Reelay".
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Reelay');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Reelay');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Reelay');
}
