// Runbooks in the catalog: import (a new version when the text changed), list, get, export,
// remove — and the built-in templates beside them. A catalog template named like a built-in one
// replaces it as this site's default for that scope kind.
import type { MethodResult, ParsedInput } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { Services } from '../api/handlers/types';
import type { RunbookSummary, RunbookView } from '../api/schemas/runbooks';
import type { Owner, RunbookSpec } from './model';
import { issueAt, parseRunbook, type RunbookIssue } from './parse';
import type { StoredRunbook } from './store';
import {
  builtInTemplate,
  builtInTemplates,
  defaultTemplates,
  sha256,
  type BuiltInTemplate,
} from './templates';

export type RunbookServices = Pick<Services, 'runbooks' | 'estate' | 'journal' | 'actor' | 'catalog'>;

function systemOwner(s: RunbookServices, system: string | undefined): Owner | undefined {
  const found = system ? s.estate.ctx.systems.find(system) : undefined;
  if (!found) return undefined;
  const { ownerTeam, ownerContact } = found.spec;
  return { team: ownerTeam, ...(ownerContact ? { contact: ownerContact } : {}) };
}

/** The owner written in the runbook, else its system's. */
export function withOwner(
  s: RunbookServices,
  spec: RunbookSpec,
): Pick<RunbookView, 'owner' | 'ownerFromSystem'> {
  if (spec.owner) return { owner: spec.owner, ownerFromSystem: false };
  const owner = systemOwner(s, spec.system);
  return owner ? { owner, ownerFromSystem: true } : { ownerFromSystem: false };
}

/** Is this catalog runbook a site's replacement of a built-in default? */
const replacesDefault = (r: { name: string; system?: string; appliesTo?: string }) =>
  !r.system &&
  r.appliesTo !== undefined &&
  defaultTemplates[r.appliesTo as keyof typeof defaultTemplates] === r.name;

export function storedSpec(stored: StoredRunbook): RunbookSpec {
  try {
    return parseRunbook(stored.yaml).spec;
  } catch {
    throw new LifeboatError(
      'runbook.damaged',
      `Runbook "${stored.name}" version ${stored.version} in the catalog no longer reads as a valid runbook; import it again.`,
    );
  }
}

export function catalogView(
  s: RunbookServices,
  stored: StoredRunbook,
  spec = storedSpec(stored),
): RunbookView {
  return {
    ...spec,
    ...withOwner(s, spec),
    source: 'catalog',
    template: !spec.system,
    ...(replacesDefault(stored) && spec.appliesTo ? { defaultFor: spec.appliesTo } : {}),
    version: stored.version,
    latestVersion: stored.latest,
    sha256: stored.sha256,
    importedAt: stored.importedAt,
    importedBy: stored.actor,
    ...(stored.filename ? { filename: stored.filename } : {}),
  };
}

export function builtInView(s: RunbookServices, t: BuiltInTemplate): RunbookView {
  const replaced = s.runbooks.current(t.name) !== undefined;
  return {
    ...t.spec,
    ownerFromSystem: false,
    source: 'built-in',
    template: true,
    ...(replaced ? {} : { defaultFor: t.appliesTo }),
    sha256: t.sha256,
  };
}

/** A runbook by name: the catalog's, else a built-in template. */
export function findRunbook(
  s: RunbookServices,
  name: string,
  version?: number,
): { stored: StoredRunbook } | { builtIn: BuiltInTemplate } {
  const builtIn = builtInTemplate(name);
  if (builtIn && !s.runbooks.current(name)) {
    if (version !== undefined)
      throw new LifeboatError('runbook.not_found', `"${name}" is a built-in template; it has no versions.`);
    return { builtIn };
  }
  return { stored: s.runbooks.get(name, version) };
}

/** The checks against the estate, at the line they are about. */
function estateIssues(
  s: RunbookServices,
  spec: RunbookSpec,
  loaded: Parameters<typeof issueAt>[0],
): RunbookIssue[] {
  const issues: RunbookIssue[] = [];
  if (spec.system && !s.estate.ctx.systems.find(spec.system)) {
    const names = s.estate.ctx.systems.list().map((x) => x.spec.name);
    issues.push(
      issueAt(
        loaded,
        ['system'],
        `there is no system named "${spec.system}" (${names.length ? `systems: ${names.join(', ')}` : 'none yet: add it with lifeboat system add'})`,
      ),
    );
  }
  const builtIn = builtInTemplate(spec.name);
  if (builtIn && (spec.system || spec.appliesTo !== builtIn.appliesTo)) {
    issues.push(
      issueAt(
        loaded,
        ['name'],
        `"${spec.name}" is a built-in template; a runbook of that name replaces it as the default for ${builtIn.appliesTo} scopes, so it must be a template (no system) with appliesTo: ${builtIn.appliesTo}. Choose another name`,
      ),
    );
  }
  return issues;
}

export function importRunbook(
  s: RunbookServices,
  input: ParsedInput<'runbook.import'>,
): MethodResult<'runbook.import'> {
  const { yaml, filename } = input;
  const { spec } = parseRunbook(yaml, filename, (sp, loaded) => estateIssues(s, sp, loaded));
  const digest = sha256(yaml);
  // IMMEDIATE: two processes importing the same name must not both take the next version.
  const { stored, created } = s.catalog.db
    .transaction(() => {
      const head = s.runbooks.current(spec.name);
      if (head && head.yaml === yaml) return { stored: head, created: false };
      const added = s.runbooks.add({
        name: spec.name,
        ...(spec.system ? { system: spec.system } : {}),
        ...(spec.appliesTo ? { appliesTo: spec.appliesTo } : {}),
        ...(spec.owner ? { owner: spec.owner } : {}),
        ...(spec.description ? { description: spec.description } : {}),
        steps: spec.steps.length,
        yaml,
        sha256: digest,
        ...(filename ? { filename } : {}),
        actor: s.actor,
      });
      s.journal.append({
        actor: s.actor,
        action: 'runbook.imported',
        subject: spec.name,
        details: {
          version: added.version,
          ...(spec.system ? { system: spec.system } : { template: true }),
          steps: spec.steps.length,
          sha256: digest,
          ...(filename ? { filename } : {}),
        },
      });
      return { stored: added, created: true };
    })
    .immediate();
  return { runbook: catalogView(s, stored, spec), version: stored.version, created };
}

export function listRunbooks(s: RunbookServices): RunbookSummary[] {
  const stored = s.runbooks.list();
  const catalog = stored.map((r): RunbookSummary => ({
    name: r.name,
    ...(r.system ? { system: r.system } : {}),
    ...((r.owner ?? systemOwner(s, r.system)) ? { owner: r.owner ?? systemOwner(s, r.system) } : {}),
    ...(r.description ? { description: r.description } : {}),
    source: 'catalog',
    template: !r.system,
    ...(r.appliesTo ? { appliesTo: r.appliesTo } : {}),
    ...(replacesDefault(r) && r.appliesTo ? { defaultFor: r.appliesTo } : {}),
    version: r.version,
    steps: r.steps,
    updatedAt: r.importedAt,
  }));
  const names = new Set(stored.map((r) => r.name));
  const builtIn = builtInTemplates()
    .filter((t) => !names.has(t.name))
    .map((t): RunbookSummary => ({
      name: t.name,
      ...(t.spec.description ? { description: t.spec.description } : {}),
      source: 'built-in',
      template: true,
      appliesTo: t.appliesTo,
      defaultFor: t.appliesTo,
      steps: t.spec.steps.length,
    }));
  return [...catalog, ...builtIn];
}

export function getRunbook(s: RunbookServices, name: string, version?: number): MethodResult<'runbook.get'> {
  const found = findRunbook(s, name, version);
  if ('builtIn' in found)
    return { runbook: builtInView(s, found.builtIn), yaml: found.builtIn.yaml, versions: [] };
  return {
    runbook: catalogView(s, found.stored),
    yaml: found.stored.yaml,
    versions: s.runbooks.versions(name),
  };
}

export function exportRunbook(
  s: RunbookServices,
  name: string,
  version?: number,
): MethodResult<'runbook.export'> {
  const found = findRunbook(s, name, version);
  if ('builtIn' in found) return { name, yaml: found.builtIn.yaml };
  return { name, version: found.stored.version, yaml: found.stored.yaml };
}

export function removeRunbook(s: RunbookServices, name: string): MethodResult<'runbook.remove'> {
  if (builtInTemplate(name) && !s.runbooks.current(name))
    throw new LifeboatError(
      'runbook.built_in',
      `"${name}" is a built-in template and cannot be removed; import a template of that name to replace it.`,
    );
  const versions = s.catalog.db
    .transaction(() => {
      const n = s.runbooks.remove(name);
      s.journal.append({
        actor: s.actor,
        action: 'runbook.removed',
        subject: name,
        details: { versions: n },
      });
      return n;
    })
    .immediate();
  return { removed: name, versions };
}
