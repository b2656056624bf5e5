// Which restore points a listing asks for (`lifeboat points [SYSTEM] [--scope SCOPE]`): the scope
// read as `backup --scope` reads it (parseScope: a trailing slash names the same path, a malformed
// one is refused), and — when nothing matched — why: a system that does not exist, a scope the
// system does not have, or simply no restore points of it yet.
import type { ScopeView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { parseScope } from '../estate/scope';

export interface PointFilter {
  system?: string;
  scope?: string;
}

/** What a filter needs to know of a system. */
export interface SystemScopes {
  name: string;
  scopes: Pick<ScopeView, 'text'>[];
}

/** The filter with its scope in the form the catalog stores (throws estate.bad_scope). */
export function normalizeFilter(f: PointFilter): PointFilter {
  return {
    ...(f.system !== undefined ? { system: f.system } : {}),
    ...(f.scope !== undefined ? { scope: parseScope(f.scope).text } : {}),
  };
}

const names = (list: string[], shown = 20) =>
  list.length === 0
    ? 'none yet'
    : list.length > shown
      ? `${list.slice(0, shown).join(', ')} and ${list.length - shown} more`
      : list.join(', ');

/**
 * Why a (normalised) filter matched no restore point: throws when it names a system that does not
 * exist, or a scope that the system — or, without a system, any system — does not have; otherwise
 * returns the sentence to print, with the backup that would take one.
 */
export function whyNoPoints(f: PointFilter, systems: SystemScopes[]): string {
  if (f.system === undefined && f.scope === undefined)
    return 'No restore points yet. Take one: lifeboat backup SYSTEM';
  if (f.system !== undefined) {
    const sys = systems.find((s) => s.name === f.system);
    if (!sys) {
      throw new LifeboatError(
        'estate.not_found',
        `There is no system named "${f.system}" (and no restore points of one); the systems are ${names(systems.map((s) => s.name))}.`,
      );
    }
    if (f.scope === undefined)
      return `No restore points of system ${sys.name} yet. Take one: lifeboat backup ${sys.name}`;
    if (!sys.scopes.some((x) => x.text === f.scope)) {
      throw new LifeboatError(
        'points.unknown_scope',
        `System "${sys.name}" has no scope ${f.scope} (and there are no restore points of it); its scopes are ${names(sys.scopes.map((x) => x.text))}.`,
      );
    }
    return `No restore points of ${f.scope} (system ${sys.name}) yet. Take one: lifeboat backup ${sys.name} --scope ${f.scope}`;
  }
  const owners = systems.filter((s) => s.scopes.some((x) => x.text === f.scope));
  if (!owners.length) {
    const all = [...new Set(systems.flatMap((s) => s.scopes.map((x) => x.text)))];
    throw new LifeboatError(
      'points.unknown_scope',
      `No system has the scope ${f.scope} (and there are no restore points of it); the systems' scopes are ${names(all)}.`,
    );
  }
  return `No restore points of ${f.scope} yet. Take one: ${owners.map((s) => `lifeboat backup ${s.name} --scope ${f.scope}`).join(' or ')}`;
}
