// Where Lifeboat keeps its catalog and vault: --data-dir, else $LIFEBOAT_HOME, else the OS's
// per-user application-data folder (the same folder Electron's app.getPath('userData') uses
// for the product name "Lifeboat", so the CLI and the desktop app share one catalog).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const productName = 'Lifeboat';

export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (flag) return resolve(flag);
  if (env.LIFEBOAT_HOME) return resolve(env.LIFEBOAT_HOME);
  return join(appDataDir(env, platform), productName);
}

function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(home, '.config');
}
