import { describe, expect, it } from 'vitest';
import { isLifeboatError } from '../api/errors';
import { normalizeFilter, whyNoPoints } from './filter';

const systems = [
  { name: 'walk', scopes: [{ text: 'server:local:/tmp/walk-tree' }, { text: 'server:local:/etc' }] },
  { name: 'shop', scopes: [{ text: 'cluster:prod:namespace/shop' }, { text: 'server:local:/etc' }] },
];

function failure(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isLifeboatError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('no error');
}

describe('the filter of a restore point listing', () => {
  it('reads the scope as backup --scope does, and refuses a malformed one', () => {
    expect(normalizeFilter({})).toEqual({});
    expect(normalizeFilter({ system: 'walk', scope: 'server:local:/tmp/walk-tree/' })).toEqual({
      system: 'walk',
      scope: 'server:local:/tmp/walk-tree',
    });
    expect(normalizeFilter({ scope: 'server:local://tmp//walk-tree' })).toEqual({
      scope: 'server:local:/tmp/walk-tree',
    });
    for (const bogus of ['bogus', 'server:local:tmp', 'cluster:prod:shop']) {
      const e = failure(() => normalizeFilter({ scope: bogus }));
      expect(e.code).toBe('estate.bad_scope');
      expect(e.message).toContain(`Scope "${bogus}"`);
    }
  });

  it('names an unknown system and lists the known ones', () => {
    const e = failure(() => whyNoPoints({ system: 'nosuch' }, systems));
    expect(e.code).toBe('estate.not_found');
    expect(e.message).toContain('There is no system named "nosuch"');
    expect(e.message).toContain('the systems are walk, shop');
    expect(failure(() => whyNoPoints({ system: 'nosuch' }, [])).message).toContain(
      'the systems are none yet',
    );
  });

  it("names a scope the system does not have, and lists the system's scopes", () => {
    const e = failure(() => whyNoPoints({ system: 'walk', scope: 'server:local:/nope' }, systems));
    expect(e.code).toBe('points.unknown_scope');
    expect(e.message).toContain('System "walk" has no scope server:local:/nope');
    expect(e.message).toContain('its scopes are server:local:/tmp/walk-tree, server:local:/etc');
    // Another system's scope is not this one's.
    expect(
      failure(() => whyNoPoints({ system: 'walk', scope: 'cluster:prod:namespace/shop' }, systems)).code,
    ).toBe('points.unknown_scope');
  });

  it('without a system, names a scope no system has', () => {
    const e = failure(() => whyNoPoints({ scope: 'server:local:/nope' }, systems));
    expect(e.code).toBe('points.unknown_scope');
    expect(e.message).toContain('No system has the scope server:local:/nope');
    expect(e.message).toContain(
      'server:local:/tmp/walk-tree, server:local:/etc, cluster:prod:namespace/shop',
    );
  });

  it('says of what there are no restore points yet when the filter is valid', () => {
    expect(whyNoPoints({}, [])).toBe('No restore points yet. Take one: lifeboat backup SYSTEM');
    expect(whyNoPoints({ system: 'walk' }, systems)).toBe(
      'No restore points of system walk yet. Take one: lifeboat backup walk',
    );
    expect(whyNoPoints({ system: 'walk', scope: 'server:local:/etc' }, systems)).toBe(
      'No restore points of server:local:/etc (system walk) yet. Take one: lifeboat backup walk --scope server:local:/etc',
    );
    expect(whyNoPoints({ scope: 'server:local:/etc' }, systems)).toBe(
      'No restore points of server:local:/etc yet. Take one: lifeboat backup walk --scope server:local:/etc or lifeboat backup shop --scope server:local:/etc',
    );
  });
});
