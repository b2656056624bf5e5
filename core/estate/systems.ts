// Systems: owners, objectives (RPO, RTO, drill interval), scopes and their repository.
import type { ParsedInput, SystemView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { journalChange, type EstateContext } from './context';
import { formatDuration, parseDuration } from './duration';
import type { Stored } from './entry-store';
import { parseScope } from './scope';
import type { SystemSpec } from './specs';

const duration = (text: string, what: string) => {
  const seconds = parseDuration(text, what);
  return { text: formatDuration(seconds), seconds };
};

export function systemView(s: Stored<SystemSpec>): SystemView {
  const { spec } = s;
  return {
    name: spec.name,
    owner: { team: spec.ownerTeam, ...(spec.ownerContact ? { contact: spec.ownerContact } : {}) },
    criticality: spec.criticality,
    rpo: duration(spec.rpo, 'RPO'),
    rto: duration(spec.rto, 'RTO'),
    ...(spec.drillEvery ? { drillEvery: duration(spec.drillEvery, 'drill interval') } : {}),
    repository: spec.repository,
    scopes: spec.scopes.map(parseScope),
    ...(spec.description ? { description: spec.description } : {}),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** Validates a system against the estate and returns its canonical spec. */
export function validateSystem(ctx: EstateContext, input: ParsedInput<'system.add'>): SystemSpec {
  parseDuration(input.rpo, 'RPO');
  parseDuration(input.rto, 'RTO');
  if (input.drillEvery) parseDuration(input.drillEvery, 'drill interval');
  if (!ctx.repositories.find(input.repository)) {
    throw new LifeboatError(
      'estate.not_found',
      `System "${input.name}": there is no repository named "${input.repository}".`,
    );
  }
  const scopes = input.scopes.map(parseScope);
  for (const s of scopes) {
    if (s.kind === 'server-path' && !ctx.servers.find(s.server)) {
      throw new LifeboatError(
        'estate.not_found',
        `System "${input.name}": scope ${s.text} names an unknown server "${s.server}".`,
      );
    }
    if (s.kind !== 'server-path' && !ctx.clusters.find(s.cluster)) {
      throw new LifeboatError(
        'estate.not_found',
        `System "${input.name}": scope ${s.text} names an unknown cluster "${s.cluster}".`,
      );
    }
  }
  const texts = scopes.map((s) => s.text);
  const dup = texts.find((t, i) => texts.indexOf(t) !== i);
  if (dup) throw new LifeboatError('estate.bad_scope', `System "${input.name}" lists scope ${dup} twice.`);
  return {
    name: input.name,
    ownerTeam: input.ownerTeam.trim(),
    ...(input.ownerContact ? { ownerContact: input.ownerContact.trim() } : {}),
    criticality: input.criticality,
    rpo: formatDuration(parseDuration(input.rpo)),
    rto: formatDuration(parseDuration(input.rto)),
    ...(input.drillEvery ? { drillEvery: formatDuration(parseDuration(input.drillEvery)) } : {}),
    repository: input.repository,
    scopes: texts,
    ...(input.description ? { description: input.description } : {}),
  };
}

export function createSystems(ctx: EstateContext) {
  const view = (name: string) => systemView(ctx.systems.get(name));
  const save = (input: ParsedInput<'system.add'>, change: 'added' | 'updated'): SystemView => {
    const spec = validateSystem(ctx, input);
    ctx.db.transaction(() => {
      if (change === 'added') ctx.systems.insert(spec);
      else ctx.systems.update(spec);
      journalChange(ctx, `system.${change}`, spec.name, {
        owner: spec.ownerTeam,
        rpo: spec.rpo,
        rto: spec.rto,
        scopes: spec.scopes,
      });
    })();
    return view(spec.name);
  };
  return {
    list: () => ctx.systems.list().map(systemView),
    get: view,
    add: (input: ParsedInput<'system.add'>) => save(input, 'added'),
    update(input: ParsedInput<'system.update'>): SystemView {
      ctx.systems.get(input.name);
      return save(input, 'updated');
    },
    remove(name: string): void {
      ctx.db.transaction(() => {
        ctx.systems.remove(name);
        journalChange(ctx, 'system.removed', name);
      })();
    },
  };
}

export type Systems = ReturnType<typeof createSystems>;
