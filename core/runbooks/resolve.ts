// Which runbook a run of a system uses, filled in and ready to execute:
//   1. a name was given: that runbook — the system's own (it must be for this system), or a
//      template filled in from the system's first scope of the kind it applies to;
//   2. else the system's own runbook: the only one, or the one named like the system when it
//      has several (otherwise the caller must choose: runbook.ambiguous);
//   3. else the default template of the first scope (in the system's order) whose kind has one
//      (a site's replacement in the catalog first, then the built-in), filled in from that scope.
import type { MethodResult, ScopeView, SystemView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { RunbookView } from '../api/schemas/runbooks';
import { instantiate } from './instantiate';
import { builtInView, catalogView, findRunbook, withOwner, type RunbookServices } from './service';
import { defaultTemplates } from './templates';

export type ResolvedRunbook = MethodResult<'runbook.resolve'>;

/** The parameters a scope fills (names as in ScopeView), and the system's name. */
export function scopeValues(system: string, scope: ScopeView | undefined): Record<string, string> {
  if (!scope) return { system };
  const { kind: _kind, text, ...fields } = scope;
  return { system, scope: text, ...fields };
}

function fill(
  s: RunbookServices,
  view: RunbookView,
  yaml: string,
  system: SystemView,
  scope: ScopeView | undefined,
  given: Record<string, string> | undefined,
): RunbookView {
  const label = `Runbook "${view.name}" for system "${system.name}"${scope ? ` (scope ${scope.text})` : ''}`;
  const spec = instantiate({
    yaml,
    filled: scopeValues(system.name, scope),
    ...(given ? { given } : {}),
    label,
  });
  const owned = withOwner(s, { ...spec, system: system.name });
  return {
    ...view,
    ...spec,
    ...owned,
    ownerFromSystem: !spec.owner && owned.owner !== undefined,
    instance: { system: system.name, ...(scope ? { scope: scope.text } : {}) },
  };
}

/** A runbook by name, or undefined when the catalog has none and no built-in has that name. */
function load(s: RunbookServices, name: string): { view: RunbookView; yaml: string } | undefined {
  let found;
  try {
    found = findRunbook(s, name);
  } catch (e) {
    if (e instanceof LifeboatError && e.code === 'runbook.not_found') return undefined;
    throw e;
  }
  if ('builtIn' in found) return { view: builtInView(s, found.builtIn), yaml: found.builtIn.yaml };
  return { view: catalogView(s, found.stored), yaml: found.stored.yaml };
}

function asTemplate(
  s: RunbookServices,
  found: { view: RunbookView; yaml: string },
  system: SystemView,
  given: Record<string, string> | undefined,
): RunbookView {
  const { appliesTo } = found.view;
  const scope = system.scopes.find((x) => !appliesTo || x.kind === appliesTo);
  if (!scope)
    throw new LifeboatError(
      'runbook.no_scope',
      `Template "${found.view.name}" is for ${appliesTo} scopes, and system "${system.name}" has none (its scopes: ${system.scopes.map((x) => x.text).join(', ')}).`,
    );
  return fill(s, found.view, found.yaml, system, scope, given);
}

export function resolveRunbook(
  s: RunbookServices,
  systemName: string,
  name?: string,
  given?: Record<string, string>,
): ResolvedRunbook {
  const system = s.estate.systems.get(systemName);
  if (name) {
    const found = load(s, name);
    if (!found) throw new LifeboatError('runbook.not_found', `There is no runbook named "${name}".`);
    if (!found.view.template) {
      if (found.view.system !== system.name)
        throw new LifeboatError(
          'runbook.wrong_system',
          `Runbook "${name}" is for system "${found.view.system}", not "${system.name}".`,
        );
      return {
        runbook: fill(s, found.view, found.yaml, system, undefined, given),
        origin: 'own',
        why: `Runbook "${name}" of system "${system.name}", version ${found.view.version}, as asked.`,
      };
    }
    const runbook = asTemplate(s, found, system, given);
    return {
      runbook,
      origin: 'template',
      why: `Template "${name}", as asked, filled in from scope ${runbook.instance?.scope}.`,
    };
  }

  const own = s.runbooks.list().filter((r) => r.system === system.name);
  const chosen = own.length === 1 ? own[0] : own.find((r) => r.name === system.name);
  if (own.length > 1 && !chosen)
    throw new LifeboatError(
      'runbook.ambiguous',
      `System "${system.name}" has ${own.length} runbooks (${own.map((r) => r.name).join(', ')}); name the one to use.`,
    );
  if (chosen) {
    const view = catalogView(s, chosen);
    return {
      runbook: fill(s, view, chosen.yaml, system, undefined, given),
      origin: 'own',
      why:
        own.length === 1
          ? `System "${system.name}"'s own runbook "${chosen.name}", version ${chosen.version}.`
          : `Runbook "${chosen.name}" (named like the system, among ${own.length}), version ${chosen.version}.`,
    };
  }

  for (const scope of system.scopes) {
    const found = load(s, defaultTemplates[scope.kind]);
    if (!found) continue;
    return {
      runbook: fill(s, found.view, found.yaml, system, scope, given),
      origin: 'default',
      why: `System "${system.name}" has no runbook of its own: the default for its ${scope.kind} scope ${scope.text}, "${found.view.name}"${found.view.source === 'catalog' ? ` (this site's version ${found.view.version})` : ''}.`,
    };
  }
  throw new LifeboatError(
    'runbook.none',
    `System "${system.name}" has no runbook, and none of its scopes has a default template.`,
  );
}
