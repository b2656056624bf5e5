// The Recover form as data: its checks, the PlanInput it writes, and the helpers around it.
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../renderer/src/format';
import {
  alongsideScope,
  destinationName,
  draftFromPlan,
  draftLine,
  emptyDraft,
  isoFromLocal,
  lines,
  localInputValue,
  namespaceScope,
  planInputOf,
  sameRequest,
  scopeFamily,
  withScope,
  type RecoverDraft,
} from '../../renderer/src/recover/recover-draft';

const now = new Date('2025-03-04T12:00:00Z');
const draft = (patch: Partial<RecoverDraft>): RecoverDraft => ({ ...emptyDraft, ...patch });
const files = draft({ scope: 'server:web-1:/srv/site' });
const ns = draft({ scope: 'cluster:prod:namespace/billing' });

describe('scopes', () => {
  it('tells files from objects by the prefix', () => {
    expect(scopeFamily('server:web-1:/etc')).toBe('files');
    expect(scopeFamily('cluster:prod:namespace/a')).toBe('objects');
    expect(scopeFamily('web-1:/etc')).toBe('unknown');
  });
  it('proposes a place alongside the original', () => {
    expect(alongsideScope('server:web-1:/srv/site')).toBe('server:web-1:/srv/site.restored');
    expect(alongsideScope('server:web-1:/')).toBe('server:web-1:/restored');
    expect(alongsideScope('cluster:prod:namespace/billing')).toBe('cluster:prod:namespace/billing-restored');
    expect(alongsideScope('cluster:prod:namespace/billing/Deployment/api')).toBe(
      'cluster:prod:namespace/billing-restored',
    );
    expect(alongsideScope('nonsense')).toBe('');
  });
  it('names the destination to type: the server, or the namespace', () => {
    expect(destinationName('server:web-1:/srv/site')).toBe('web-1');
    expect(destinationName('cluster:prod:namespace/billing')).toBe('billing');
    expect(destinationName('cluster:prod:namespace/billing/ConfigMap/app')).toBe('billing');
  });
  it('finds the namespace of a one-object scope', () => {
    expect(namespaceScope('cluster:prod:namespace/billing/Deployment/api')).toBe(
      'cluster:prod:namespace/billing',
    );
    expect(namespaceScope('server:web-1:/x')).toBeUndefined();
  });
});

describe('times', () => {
  it('writes and reads datetime-local values in local time', () => {
    const d = new Date(2025, 2, 4, 9, 5, 7);
    expect(localInputValue(d)).toBe('2025-03-04T09:05:07');
    expect(isoFromLocal('2025-03-04T09:05:07')).toBe(d.toISOString());
    expect(isoFromLocal('2025-03-04T09:05')).toBe(new Date(2025, 2, 4, 9, 5).toISOString());
    expect(isoFromLocal('')).toBeUndefined();
    expect(isoFromLocal('yesterday')).toBeUndefined();
  });
});

describe('planInputOf', () => {
  it('plans the whole scope, in place, newest before now, by default', () => {
    expect(planInputOf(files, now)).toEqual({
      ok: true,
      input: { scope: 'server:web-1:/srv/site', before: '2025-03-04T12:00:00.000Z', deleteExtra: false },
    });
  });
  it('asks for a scope, and for one written the right way', () => {
    expect(planInputOf(emptyDraft, now)).toMatchObject({ ok: false, errors: { scope: expect.any(String) } });
    expect(planInputOf(draft({ scope: 'web-1:/etc' }), now)).toMatchObject({
      ok: false,
      errors: { scope: expect.stringContaining('server:NAME') },
    });
  });
  it('takes paths one per line, trimmed, and refuses none', () => {
    const ok = planInputOf(
      { ...files, subsetKind: 'paths', subsetLines: ' /srv/site/a \n\n/srv/site/**/*.conf\n' },
      now,
    );
    expect(ok).toMatchObject({ ok: true, input: { paths: ['/srv/site/a', '/srv/site/**/*.conf'] } });
    expect(planInputOf({ ...files, subsetKind: 'paths', subsetLines: '  \n' }, now)).toMatchObject({
      ok: false,
      errors: { subset: expect.any(String) },
    });
  });
  it('takes KIND/NAME lines or a selector for clusters, with the conflict policy', () => {
    expect(
      planInputOf({ ...ns, subsetKind: 'resources', subsetLines: 'Deployment/web\nConfigMap/app' }, now),
    ).toMatchObject({
      ok: true,
      input: { resources: ['Deployment/web', 'ConfigMap/app'], conflict: 'update' },
    });
    expect(planInputOf({ ...ns, subsetKind: 'resources', subsetLines: 'web' }, now)).toMatchObject({
      ok: false,
      errors: { subset: expect.stringContaining('KIND/NAME') },
    });
    expect(
      planInputOf({ ...ns, subsetKind: 'selector', selector: 'app=web', conflict: 'skip' }, now),
    ).toMatchObject({
      ok: true,
      input: { selector: 'app=web', conflict: 'skip' },
    });
    expect(planInputOf({ ...files, subsetKind: 'selector', selector: 'app=web' }, now)).toMatchObject({
      ok: false,
    });
  });
  it('restores a one-object scope in place into its namespace', () => {
    const r = planInputOf(draft({ scope: 'cluster:prod:namespace/billing/Deployment/api' }), now);
    expect(r).toMatchObject({ ok: true, input: { to: 'cluster:prod:namespace/billing' } });
  });
  it('uses the incident time given, or the point chosen', () => {
    const local = '2025-03-04T09:30:00';
    expect(planInputOf({ ...files, before: local }, now)).toMatchObject({
      ok: true,
      input: { before: new Date(2025, 2, 4, 9, 30).toISOString() },
    });
    expect(planInputOf({ ...files, before: 'soon' }, now)).toMatchObject({
      ok: false,
      errors: { before: expect.any(String) },
    });
    expect(planInputOf({ ...files, pointMode: 'point' }, now)).toMatchObject({
      ok: false,
      errors: { point: expect.any(String) },
    });
    const byId = planInputOf({ ...files, pointMode: 'point', pointId: '3f9a1c2e44' }, now);
    expect(byId).toMatchObject({ ok: true, input: { point: '3f9a1c2e44' } });
    expect(byId.ok && 'before' in byId.input).toBe(false);
  });
  it('checks the alongside destination', () => {
    const along = { ...files, destMode: 'alongside' as const };
    expect(planInputOf({ ...along, to: '' }, now)).toMatchObject({
      ok: false,
      errors: { to: expect.any(String) },
    });
    expect(planInputOf({ ...along, to: files.scope }, now)).toMatchObject({
      ok: false,
      errors: { to: expect.stringContaining('In place') },
    });
    expect(planInputOf({ ...along, to: 'cluster:prod:namespace/x' }, now)).toMatchObject({ ok: false });
    expect(planInputOf({ ...along, to: 'server:web-2:/srv/site' }, now)).toMatchObject({
      ok: true,
      input: { to: 'server:web-2:/srv/site' },
    });
  });
  it('passes delete extra on', () => {
    expect(planInputOf({ ...files, deleteExtra: true }, now)).toMatchObject({
      ok: true,
      input: { deleteExtra: true },
    });
  });
});

describe('form helpers', () => {
  it('splits lines', () => {
    expect(lines('a\r\n b \n\n')).toEqual(['a', 'b']);
  });
  it('follows a new scope: drops the point, moves the alongside place, drops a foreign subset', () => {
    const d = {
      ...files,
      pointId: 'abc',
      to: alongsideScope(files.scope),
      subsetKind: 'paths' as const,
      subsetLines: '/x',
    };
    expect(withScope(d, 'server:web-1:/etc')).toEqual({
      scope: 'server:web-1:/etc',
      pointId: '',
      to: 'server:web-1:/etc.restored',
    });
    expect(withScope(d, ns.scope)).toMatchObject({ subsetKind: 'all', subsetLines: '' });
    expect(withScope({ ...d, to: 'server:web-9:/tmp/x' }, 'server:web-1:/etc')).toMatchObject({
      to: 'server:web-9:/tmp/x',
    });
    expect(withScope(d, d.scope)).toEqual({});
  });
  it('notices when the form would plan something else', () => {
    expect(sameRequest(files, { ...files, selector: 'unused' })).toBe(true);
    expect(sameRequest(files, { ...files, deleteExtra: true })).toBe(false);
    expect(
      sameRequest(
        { ...files, subsetKind: 'paths', subsetLines: '/a\n' },
        { ...files, subsetKind: 'paths', subsetLines: ' /a' },
      ),
    ).toBe(true);
  });
  it('turns a plan back into the form that makes it again, at the same point', () => {
    const d = draftFromPlan({
      source: { scope: 'server:web-1:/srv/site' },
      point: { id: '3f9a1c2e44d0' },
      destination: { scope: 'server:web-1:/srv/site.restored', inPlace: false },
      subset: { paths: ['/srv/site/a', '/srv/site/b'] },
      options: { deleteExtra: true, conflict: 'update' },
    });
    expect(d).toMatchObject({
      scope: 'server:web-1:/srv/site',
      subsetKind: 'paths',
      subsetLines: '/srv/site/a\n/srv/site/b',
      pointMode: 'point',
      pointId: '3f9a1c2e44d0',
      destMode: 'alongside',
      to: 'server:web-1:/srv/site.restored',
      deleteExtra: true,
    });
    expect(planInputOf(d, now)).toMatchObject({
      ok: true,
      input: { point: '3f9a1c2e44d0', to: 'server:web-1:/srv/site.restored' },
    });
  });
});

describe('draftLine', () => {
  it('says in one line what a plan was made from', () => {
    expect(draftLine(files)).toBe(
      'server web-1: /srv/site · everything · newest point before the time of planning · in place',
    );
    expect(
      draftLine({
        ...files,
        subsetKind: 'paths',
        subsetLines: '/srv/site/a\n/srv/site/b',
        pointMode: 'point',
        pointId: '3f9a1c2e44d0',
        destMode: 'alongside',
        to: 'server:web-2:/tmp/x',
        deleteExtra: true,
      }),
    ).toBe(
      'server web-1: /srv/site · 2 paths · point 3f9a1c2e · alongside, into server web-2: /tmp/x · delete extra',
    );
    expect(
      draftLine({ ...ns, subsetKind: 'selector', selector: 'app=web', before: '2025-03-04T09:30:00' }),
    ).toBe(
      `cluster prod / namespace billing · objects matching app=web · newest point before ${formatDateTime(new Date(2025, 2, 4, 9, 30).toISOString())} · in place`, // the form's local time, said in UTC
    );
  });
});
