import { describe, expect, it } from 'vitest';
import { parseSubset, SubsetMatcher } from './subset';

function matcher(scope: string, subset: string[]): SubsetMatcher {
  return new SubsetMatcher(parseSubset(scope, subset)!);
}

/** Runs a path (relative to the scope) through the matcher: whether it is selected, or can lead to a match. */
function walk(m: SubsetMatcher, path: string): { matched: number[]; alive: boolean } {
  let state = m.start();
  for (const name of path.split('/').filter(Boolean)) state = m.step(state, name);
  return { matched: m.matched(state), alive: m.alive(state) };
}

describe('subset of a files restore', () => {
  it('takes absolute paths inside the scope, normalised, and refuses anything else', () => {
    expect(parseSubset('/etc', undefined)).toBeUndefined();
    // Empty: nothing from the point (an undo that only deletes), never the whole scope.
    expect(parseSubset('/etc', [])).toEqual([]);
    expect(new SubsetMatcher([]).selects([])).toBe(false);
    expect(new SubsetMatcher([]).selects(['passwd'])).toBe(false);
    const [p] = parseSubset('/etc', ['//etc/nginx//conf.d/'])!;
    expect(p!.components).toEqual([{ literal: 'nginx' }, { literal: 'conf.d' }]);
    expect(p!.literalPrefix).toEqual(['nginx', 'conf.d']);
    expect(parseSubset('/etc', ['/etc'])![0]!.components).toEqual([]);
    for (const bad of ['etc/nginx', '/etcx/nginx', '/var/lib', '/', '/etc/../var', '/etc/./x'])
      expect(() => parseSubset('/etc', [bad]), bad).toThrow(
        expect.objectContaining({ code: 'restore.bad_subset' }),
      );
    // A point of "/" takes any absolute path.
    expect(parseSubset('/', ['/var/lib/app'])![0]!.literalPrefix).toEqual(['var', 'lib', 'app']);
  });

  it('matches * and ? within one name (any bytes, dots included; ? is one character)', () => {
    const m = matcher('/srv', ['/srv/conf/*.conf', '/srv/logs/app-?.log']);
    expect(walk(m, 'conf/nginx.conf').matched).toEqual([0]);
    expect(walk(m, 'conf/.hidden.conf').matched).toEqual([0]);
    expect(walk(m, 'conf/a\nb.conf').matched).toEqual([0]);
    expect(walk(m, 'conf/sub/x.conf')).toEqual({ matched: [], alive: false });
    expect(walk(m, 'logs/app-1.log').matched).toEqual([1]);
    expect(walk(m, 'logs/app-é.log').matched).toEqual([1]);
    expect(walk(m, 'logs/app-12.log').matched).toEqual([]);
    // Regex characters in a pattern are plain characters.
    expect(walk(matcher('/srv', ['/srv/a+(b).[c]']), 'a+(b).[c]').matched).toEqual([0]);
    expect(walk(matcher('/srv', ['/srv/a+(b).[c]']), 'aa(b)x[c]').matched).toEqual([]);
  });

  it('matches ** across any number of names, none included', () => {
    const m = matcher('/srv', ['/srv/**/*.conf', '/srv/a/**']);
    expect(walk(m, 'x.conf').matched).toEqual([0]);
    expect(walk(m, 'deep/er/x.conf').matched).toEqual([0]);
    expect(walk(m, 'deep/er').alive).toBe(true);
    expect(walk(m, 'a').matched).toEqual([1]); // ** matches nothing: "a" itself
    expect(walk(m, 'a/b/c').matched).toContain(1);
    expect(walk(matcher('/srv', ['/srv/a/**/z']), 'a/z').matched).toEqual([0]);
    expect(walk(matcher('/srv', ['/srv/a/**/z']), 'a/b/c/z').matched).toEqual([0]);
    expect(walk(matcher('/srv', ['/srv/a/**/z']), 'b/z')).toEqual({ matched: [], alive: false });
  });

  it('selects a path when it or a directory above it matches', () => {
    const m = matcher('/etc', ['/etc/nginx', '/etc/ssl/*.pem']);
    expect(m.selects(['nginx'])).toBe(true);
    expect(m.selects(['nginx', 'sites', 'default'])).toBe(true);
    expect(m.selects(['ssl', 'a.pem'])).toBe(true);
    expect(m.selects(['ssl', 'a.key'])).toBe(false);
    expect(m.selects(['ssl'])).toBe(false);
    expect(m.selects(['apache2', 'nginx'])).toBe(false);
    expect(matcher('/etc', ['/etc']).selects([])).toBe(true);
  });

  it('knows where an extra-file listing starts: before the first wildcard', () => {
    const [a, b, c] = parseSubset('/srv', ['/srv/app/*/logs', '/srv/**/x', '/srv/app/data'])!;
    expect(a!.literalPrefix).toEqual(['app']);
    expect(b!.literalPrefix).toEqual([]);
    expect(c!.literalPrefix).toEqual(['app', 'data']);
  });
});
