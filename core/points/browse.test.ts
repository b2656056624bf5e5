import { describe, expect, it } from 'vitest';
import { pointDirectory, pointDirectoryShown } from './browse';

// A point of server:local:/tmp/walk-tree is `tar -C /tmp walk-tree`: its top holds "walk-tree".
describe('a directory of a restore point, as `points show --path` names it', () => {
  const scope = 'server:local:/tmp/walk-tree';

  it('takes an absolute path on the server, as plan --path does', () => {
    expect(pointDirectory(scope, '/tmp/walk-tree')).toBe('walk-tree');
    expect(pointDirectory(scope, '/tmp/walk-tree/')).toBe('walk-tree');
    expect(pointDirectory(scope, '/tmp/walk-tree/sub')).toBe('walk-tree/sub');
    expect(pointDirectory(scope, '/tmp/walk-tree/sub/deeper/')).toBe('walk-tree/sub/deeper');
    expect(pointDirectory(scope, '//tmp//walk-tree//sub')).toBe('walk-tree/sub');
    expect(pointDirectory(scope, '/tmp')).toBe(''); // the top: the directory holding the scope's
  });

  it('still takes a path relative to the top (a leading / of a path elsewhere ignored, as before)', () => {
    expect(pointDirectory(scope, '')).toBe('');
    expect(pointDirectory(scope, 'walk-tree/sub')).toBe('walk-tree/sub');
    expect(pointDirectory(scope, 'walk-tree/sub/')).toBe('walk-tree/sub');
    expect(pointDirectory(scope, '/walk-tree/sub')).toBe('walk-tree/sub');
    expect(pointDirectory(scope, '/')).toBe('');
    // Relative paths are not matched against the server's paths.
    expect(pointDirectory(scope, 'tmp/walk-tree')).toBe('tmp/walk-tree');
  });

  it('of a scope of "/", the top is "/" itself', () => {
    expect(pointDirectory('server:local:/', '/etc/nginx')).toBe('etc/nginx');
    expect(pointDirectory('server:local:/', 'etc/nginx')).toBe('etc/nginx');
    expect(pointDirectoryShown('server:local:/', 'etc/nginx')).toBe('/etc/nginx');
    expect(pointDirectoryShown('server:local:/', '')).toBe('/');
  });

  it('of a cluster scope, reads every path relative to the top', () => {
    const kube = 'cluster:prod:namespace/shop';
    expect(pointDirectory(kube, '/namespaces/shop')).toBe('namespaces/shop');
    expect(pointDirectory(kube, 'namespaces/shop')).toBe('namespaces/shop');
    expect(pointDirectoryShown(kube, 'namespaces/shop')).toBe('/namespaces/shop');
  });

  it('shows a directory of a server scope where it is on the server', () => {
    expect(pointDirectoryShown(scope, '')).toBe('/tmp');
    expect(pointDirectoryShown(scope, 'walk-tree')).toBe('/tmp/walk-tree');
    expect(pointDirectoryShown(scope, 'walk-tree/sub/deeper')).toBe('/tmp/walk-tree/sub/deeper');
  });
});
