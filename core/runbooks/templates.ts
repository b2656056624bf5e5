// The built-in templates (assets/runbooks/*.yaml): one default per scope kind, so every system
// has a runbook from day one. Imported as text (`?raw`, like the catalog's SQL migrations) so
// they are inside every bundle — the CLI, the desktop app, tests — with no file to find at run
// time. A site replaces one by importing a template of the same name (service.ts).
import recoverNamespace from '../../assets/runbooks/recover-namespace.yaml?raw';
import restoreServerFile from '../../assets/runbooks/restore-server-file.yaml?raw';
import rollBackWorkload from '../../assets/runbooks/roll-back-workload.yaml?raw';
import { createHash } from 'node:crypto';
import type { AppliesTo, RunbookSpec } from './model';
import { parseRunbook } from './parse';

export interface BuiltInTemplate {
  name: string;
  appliesTo: AppliesTo;
  yaml: string;
  sha256: string;
  spec: RunbookSpec;
}

/** The default template for each scope kind. */
export const defaultTemplates: Record<AppliesTo, string> = {
  'server-path': 'restore-server-file',
  'cluster-namespace': 'recover-namespace',
  'cluster-resource': 'roll-back-workload',
};

const sources: Record<string, string> = {
  'restore-server-file': restoreServerFile,
  'recover-namespace': recoverNamespace,
  'roll-back-workload': rollBackWorkload,
};

let loaded: BuiltInTemplate[] | undefined;

/** Parsed once; a broken built-in is a bug (unit tests parse them all), so it throws. */
export function builtInTemplates(): readonly BuiltInTemplate[] {
  loaded ??= Object.entries(sources).map(([name, yaml]) => {
    const { spec } = parseRunbook(yaml, `assets/runbooks/${name}.yaml`);
    if (spec.name !== name || !spec.appliesTo || spec.system)
      throw new Error(`built-in template ${name}: its name, appliesTo or system is wrong`);
    return { name, appliesTo: spec.appliesTo, yaml, sha256: sha256(yaml), spec };
  });
  return loaded;
}

export function builtInTemplate(name: string): BuiltInTemplate | undefined {
  return builtInTemplates().find((t) => t.name === name);
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
