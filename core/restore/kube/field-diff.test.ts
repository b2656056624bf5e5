import { describe, expect, it } from 'vitest';
import { fieldDiff, isInside, mergePatch, parsePath, renderPath } from './field-diff';
import { immutableChange } from './immutable-fields';
import { previewDiff } from './preview-diff';

const live = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', labels: { app: 'web', old: 'x' } },
  data: { 'app.conf': 'port=80', keep: 'same' },
};

describe('field differences', () => {
  it('names changed, added and removed fields by their path', () => {
    const point = {
      ...live,
      metadata: { name: 'c', labels: { app: 'web', team: 'a' } },
      data: { 'app.conf': 'port=8080', keep: 'same' },
    };
    expect(fieldDiff(live, point).map((c) => ({ ...c, path: renderPath(c.path) }))).toEqual([
      { path: 'data.app.conf', old: 'port=80', new: 'port=8080' },
      { path: 'metadata.labels.old', old: 'x' },
      { path: 'metadata.labels.team', new: 'a' },
    ]);
  });

  it('goes into arrays of the same length; other arrays change as a whole', () => {
    const dep = (image: string, containers = 1) => ({
      spec: {
        template: {
          spec: { containers: Array.from({ length: containers }, (_, i) => ({ name: `c${i}`, image })) },
        },
      },
    });
    expect(fieldDiff(dep('nginx:1.26'), dep('nginx:1.27')).map((c) => renderPath(c.path))).toEqual([
      'spec.template.spec.containers[0].image',
    ]);
    const grown = fieldDiff(dep('a'), dep('a', 2));
    expect(grown).toHaveLength(1);
    expect(renderPath(grown[0]!.path)).toBe('spec.template.spec.containers');
    expect(fieldDiff(live, structuredClone(live))).toEqual([]);
  });

  it('computes the merge patch: changes, additions, null for removals, arrays whole', () => {
    const from = { a: 1, b: { c: 2, d: 3 }, list: [1, 2], gone: 'x', same: { k: 'v' } };
    const to = { a: 1, b: { c: 5, d: 3, e: 6 }, list: [1, 2, 3], same: { k: 'v' }, added: true };
    expect(mergePatch(from, to)).toEqual({ b: { c: 5, e: 6 }, list: [1, 2, 3], gone: null, added: true });
    expect(mergePatch(from, structuredClone(from))).toEqual({});
    // A nested object that disappears is removed with null, not emptied.
    expect(mergePatch({ m: { a: 1 } }, {})).toEqual({ m: null });
  });

  it('parses paths with wildcards and tells what is inside what', () => {
    expect(parsePath('spec.containers[*].image')).toEqual(['spec', 'containers', '*', 'image']);
    expect(parsePath('a[0][1].b')).toEqual(['a', 0, 1, 'b']);
    expect(isInside(['spec', 'containers', 2, 'image'], parsePath('spec.containers[*].image'))).toBe(true);
    expect(isInside(['spec', 'containers', 2, 'env'], parsePath('spec.containers[*].image'))).toBe(false);
    expect(isInside(['spec'], ['spec', 'selector'])).toBe(false);
  });
});

describe('immutable fields', () => {
  const item = (extra: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    ...extra,
  });
  it('refuses a change to a workload selector, or to a parent of it', () => {
    const sel = [{ path: ['spec', 'selector', 'matchLabels', 'app'], old: 'a', new: 'b' }];
    expect(immutableChange('deployments.apps', item(), sel)).toMatchObject({
      path: 'spec.selector.matchLabels.app',
    });
    expect(immutableChange('deployments.apps', item(), [{ path: ['spec'], old: {}, new: {} }])).toBeDefined();
    expect(
      immutableChange('deployments.apps', item(), [{ path: ['spec', 'replicas'], old: 1, new: 2 }]),
    ).toBeUndefined();
  });
  it('knows the exceptions (PVC storage requests, Pod images) and live-only rules (immutable ConfigMaps)', () => {
    const request = [{ path: ['spec', 'resources', 'requests', 'storage'], old: '1Gi', new: '2Gi' }];
    expect(immutableChange('persistentvolumeclaims', item(), request)).toBeUndefined();
    const mode = [{ path: ['spec', 'accessModes'], old: ['ReadWriteOnce'], new: ['ReadWriteMany'] }];
    expect(immutableChange('persistentvolumeclaims', item(), mode)).toMatchObject({
      path: 'spec.accessModes',
    });
    const image = [{ path: ['spec', 'containers', 0, 'image'], old: 'a', new: 'b' }];
    expect(immutableChange('pods', item(), image)).toBeUndefined();
    const env = [{ path: ['spec', 'containers', 0, 'env'], old: [], new: [{ name: 'A' }] }];
    expect(immutableChange('pods', item(), env)).toBeDefined();
    const data = [{ path: ['data', 'k'], old: 'a', new: 'b' }];
    expect(immutableChange('configmaps', item(), data)).toBeUndefined();
    expect(immutableChange('configmaps', item({ immutable: true }), data)).toMatchObject({
      why: 'the live object is marked immutable',
    });
  });
});

describe('preview differences', () => {
  it('hides Secret values (and kubectl’s copy of them), showing only sizes', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const { diff } = previewDiff('Secret', [
      { path: ['data', 'password'], old: b64('hunter2'), new: b64('correct horse') },
      {
        path: ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'],
        old: '{"data":{"password":"aHVudGVyMg=="}}',
      },
      { path: ['metadata', 'labels', 'app'], old: 'a', new: 'b' },
    ]);
    expect(diff).toEqual([
      { path: 'data.password', old: '(hidden: 7 bytes)', new: '(hidden: 13 bytes)' },
      {
        path: 'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
        old: '(hidden: 36 bytes)',
      },
      { path: 'metadata.labels.app', old: 'a', new: 'b' },
    ]);
    expect(JSON.stringify(diff)).not.toContain(b64('hunter2'));
  });

  it('shortens long values and caps the number of differences', () => {
    const long = 'x'.repeat(2000);
    const many = Array.from({ length: 150 }, (_, i) => ({
      path: ['data', `k${i}`],
      new: i === 0 ? long : 'v',
    }));
    const shown = previewDiff('ConfigMap', many);
    expect(shown.diff).toHaveLength(100);
    expect(shown.note).toBe('100 of 150 differences shown');
    expect(String(shown.diff[0]!.new)).toMatch(/… \(2000 characters\)$/);
  });
});
