import { describe, expect, it } from 'vitest';
import { assertSandbox, sandboxFor } from './sandbox';

const id = '0123456789ab';

describe('drill sandboxes', () => {
  it('go next to a server path, or into a scratch namespace on the same cluster', () => {
    expect(sandboxFor(id, 'server:web-1:/etc/nginx/')).toMatchObject({
      kind: 'path',
      server: 'web-1',
      path: `/etc/nginx.lifeboat-drill-${id}`,
      scope: `server:web-1:/etc/nginx.lifeboat-drill-${id}`,
      of: 'server:web-1:/etc/nginx/',
    });
    expect(sandboxFor(id, 'cluster:prod:namespace/shop/Deployment/web')).toMatchObject({
      kind: 'namespace',
      cluster: 'prod',
      namespace: `lifeboat-drill-${id}`,
    });
    expect(() => sandboxFor(id, 'server:web-1:/')).toThrow(/narrower/);
  });

  it('are removed only when the name is exactly this run’s sandbox', () => {
    const ok = sandboxFor(id, 'server:web-1:/srv/app');
    expect(() => assertSandbox(id, ok)).not.toThrow();
    const bad = (path: string) => ({ ...ok, path });
    for (const p of [
      '/srv/app',
      '/',
      `/.lifeboat-drill-${id}`,
      `/srv/../etc.lifeboat-drill-${id}`,
      `/srv//app.lifeboat-drill-${id}`,
      `srv/app.lifeboat-drill-${id}`,
      `/srv/app.lifeboat-drill-ffffffffffff`,
    ])
      expect(() => assertSandbox(id, bad(p)), p).toThrow(/not/);
    const ns = sandboxFor(id, 'cluster:prod:namespace/shop');
    expect(() => assertSandbox(id, ns)).not.toThrow();
    expect(() => assertSandbox(id, { ...ns, namespace: 'shop' } as typeof ns)).toThrow(/scratch namespace/);
    expect(() => assertSandbox('../x', ok)).toThrow(/not a run id/);
  });
});
