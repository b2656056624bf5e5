import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir';

describe('resolveDataDir', () => {
  it('prefers --data-dir, then LIFEBOAT_HOME, then the per-user app-data folder', () => {
    const env = { HOME: '/home/ops', LIFEBOAT_HOME: '/srv/lifeboat' };
    expect(resolveDataDir('/tmp/x', env, 'linux')).toBe('/tmp/x');
    expect(resolveDataDir(undefined, env, 'linux')).toBe('/srv/lifeboat');
    expect(resolveDataDir(undefined, { HOME: '/home/ops' }, 'linux')).toBe('/home/ops/.config/Lifeboat');
    expect(resolveDataDir(undefined, { HOME: '/home/ops', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(
      '/cfg/Lifeboat',
    );
    expect(resolveDataDir(undefined, { HOME: '/Users/ops' }, 'darwin')).toBe(
      '/Users/ops/Library/Application Support/Lifeboat',
    );
    expect(
      resolveDataDir(undefined, { HOME: 'C:/Users/ops', APPDATA: 'C:/Users/ops/AppData/Roaming' }, 'win32'),
    ).toContain('Roaming');
  });
});
