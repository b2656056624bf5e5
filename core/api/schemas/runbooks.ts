// Runbooks: YAML documents (core/runbooks/RUNBOOK-FORMAT.md), versioned in the catalog, plus the
// built-in templates every system falls back to.
import { z } from 'zod';
import { EntryName } from './common';
import { appliesToKinds, Owner, RunbookSpec } from '../../runbooks/model';

export { RunbookSpec, StepSpec, CheckSpec } from '../../runbooks/model';

export const RunbookSource = z.enum(['catalog', 'built-in']);

export const RunbookView = RunbookSpec.extend({
  /** Imported into this catalog, or built into Lifeboat (a default template). */
  source: RunbookSource,
  /** No system: a template, filled in from a system's scope when run. */
  template: z.boolean(),
  /** The scope kind this template is the default for (built-in, or a site's replacement of it). */
  defaultFor: z.enum(appliesToKinds).optional(),
  /** `owner` was not written in the runbook and comes from its system. */
  ownerFromSystem: z.boolean(),
  /** Catalog runbooks: this version, and the newest. */
  version: z.number().int().optional(),
  latestVersion: z.number().int().optional(),
  /** SHA-256 of the YAML text. */
  sha256: z.string(),
  importedAt: z.string().optional(),
  importedBy: z.string().optional(),
  filename: z.string().optional(),
  /** Set when the runbook was instantiated for a system (runbook.resolve). */
  instance: z.object({ system: z.string(), scope: z.string().optional() }).optional(),
});
export type RunbookView = z.infer<typeof RunbookView>;

export const RunbookSummary = z.object({
  name: z.string(),
  system: z.string().optional(),
  owner: Owner.optional(),
  description: z.string().optional(),
  source: RunbookSource,
  template: z.boolean(),
  appliesTo: z.enum(appliesToKinds).optional(),
  defaultFor: z.enum(appliesToKinds).optional(),
  version: z.number().int().optional(),
  steps: z.number().int(),
  updatedAt: z.string().optional(),
});
export type RunbookSummary = z.infer<typeof RunbookSummary>;

export const RunbookVersionInfo = z.object({
  version: z.number().int(),
  importedAt: z.string(),
  actor: z.string(),
  sha256: z.string(),
});

export const RunbookImportInput = z
  .object({
    /** The YAML text, exactly as in the file. */
    yaml: z.string().max(256 * 1024, 'a runbook is at most 256 KiB'),
    /** Where it came from (shown in errors as FILE:LINE:COL, kept with the version). */
    filename: z.string().min(1).max(1000).optional(),
  })
  .strict();

export const RunbookRef = z
  .object({ name: EntryName, version: z.number().int().positive().optional() })
  .strict();

export const RunbookResolveInput = z
  .object({
    system: EntryName,
    /** A runbook (the system's own, or a template) by name; absent: the system's own or the default. */
    name: EntryName.optional(),
    /** Values for the runbook's parameters, over those filled from the system's scope. */
    parameters: z.record(z.string().min(1).max(63), z.string().max(4200)).optional(),
  })
  .strict();

/** own: the system's own runbook; default: the default template of its first scope's kind;
 *  template: a template asked for by name, filled in from the system. */
export const RunbookOrigin = z.enum(['own', 'default', 'template']);
