// The runbook model. Two shapes of the same thing:
//   - the document: the YAML people write and keep in git (RUNBOOK-FORMAT.md), parsed with zod
//     here and checked further (ids, `after`, scopes, regexes, URLs) in validate.ts;
//   - the spec: what the core and a run work with — every step's `after` made explicit, a
//     restore step's scope filled in, verify checks tagged by type.
// Pure zod (no Node modules): the contract's schemas reuse the spec schemas for the renderer.
import { z } from 'zod';
import { EntryName } from '../api/schemas/common';

export const stepKinds = ['check', 'approve', 'restore', 'verify', 'command', 'note'] as const;
export type StepKind = (typeof stepKinds)[number];

export const checkTypes = ['http', 'ssh', 'rollout', 'fileHash'] as const;
export type CheckType = (typeof checkTypes)[number];

/** The scope kinds a template can be written for (core/estate/scope.ts). */
export const appliesToKinds = ['server-path', 'cluster-namespace', 'cluster-resource'] as const;
export type AppliesTo = (typeof appliesToKinds)[number];

export const workloadKinds = ['Deployment', 'StatefulSet'] as const;

/** `{{name}}` (spaces inside the braces allowed). */
export const parameterRef = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const oneRef = /\{\{\s*[A-Za-z][A-Za-z0-9_]*\s*\}\}/;
/** Other `{{` (a Go template in a command: `{{.State.Status}}`) is plain text. */
export const hasParameters = (text: string): boolean => oneRef.test(text);

const StepId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use kebab-case: lowercase letters and digits joined by "-"')
  .max(63, 'use at most 63 characters');
const ParameterName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'use a letter, then letters, digits or "_" (at most 63)');
const Title = z.string().trim().min(1, 'must not be empty').max(200);
const Text = z.string().trim().min(1, 'must not be empty').max(8000);
/** A field that may hold `{{parameters}}`; its meaning is checked in validate.ts. */
const Field = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const Seconds = (max: number) => z.number().int().min(1).max(max);

// ---- the document (YAML) --------------------------------------------------------------------

const common = {
  id: StepId,
  title: Title,
  /** Step ids this step waits for. Absent: the previous step (none for the first). */
  after: z.array(StepId).max(100).optional(),
  timeoutSeconds: Seconds(7 * 24 * 3600).optional(),
};

export const HttpCheckDoc = z
  .object({
    url: Field(2000),
    expectStatus: z.number().int().min(100).max(599).default(200),
    bodyRegex: Field(1000).optional(),
    timeoutSeconds: Seconds(600).default(10),
  })
  .strict();
export const SshCheckDoc = z
  .object({
    server: Field(200),
    command: Field(4000),
    expectExit: z.number().int().min(0).max(255).default(0),
    outputRegex: Field(1000).optional(),
    timeoutSeconds: Seconds(3600).default(30),
  })
  .strict();
export const RolloutCheckDoc = z
  .object({
    cluster: Field(200),
    namespace: Field(200),
    /** Deployment or StatefulSet (a parameter may fill it; validate.ts checks the value). */
    kind: Field(200),
    /** Absent: every workload of that kind in the namespace. */
    name: Field(300).optional(),
    timeoutSeconds: Seconds(3600).default(300),
  })
  .strict();
export const FileHashCheckDoc = z
  .object({
    scope: Field(4200),
    /** A file or directory inside the scope; absent = everything the scope holds. */
    path: Field(4096).optional(),
  })
  .strict();

/** One check: a map with exactly one of the check types as its key (validate.ts counts). */
export const CheckDoc = z
  .object({
    http: HttpCheckDoc.optional(),
    ssh: SshCheckDoc.optional(),
    rollout: RolloutCheckDoc.optional(),
    fileHash: FileHashCheckDoc.optional(),
  })
  .strict();

export const stepDocs = {
  check: z.object({ ...common, kind: z.literal('check'), text: Text }).strict(),
  approve: z
    .object({
      ...common,
      kind: z.literal('approve'),
      /** 2: a second, different person must confirm too. */
      approvers: z.union([z.literal(1), z.literal(2)], { error: 'use 1 or 2' }).default(1),
      text: Text,
    })
    .strict(),
  restore: z
    .object({
      ...common,
      kind: z.literal('restore'),
      /** Absent: the runbook's `scope` parameter. */
      scope: Field(4200).optional(),
      paths: z.array(Field(4096)).max(1000).optional(),
      resources: z.array(Field(400)).max(1000).optional(),
      selector: Field(1000).optional(),
      /** Absent: in place. */
      to: Field(4200).optional(),
      deleteExtra: z.boolean().default(false),
      conflict: z.enum(['update', 'skip']).default('update'),
      /** `incident`: the newest usable point before the incident started. Absent: the newest. */
      before: z.literal('incident').optional(),
    })
    .strict(),
  verify: z.object({ ...common, kind: z.literal('verify'), checks: z.array(CheckDoc).max(50) }).strict(),
  command: z
    .object({
      ...common,
      kind: z.literal('command'),
      server: Field(200),
      command: Field(4000),
      expectExit: z.number().int().min(0).max(255).default(0),
    })
    .strict(),
  note: z.object({ ...common, kind: z.literal('note'), text: Text }).strict(),
} as const;

export const StepDoc = z.discriminatedUnion('kind', [
  stepDocs.check,
  stepDocs.approve,
  stepDocs.restore,
  stepDocs.verify,
  stepDocs.command,
  stepDocs.note,
]);
export type StepDoc = z.output<typeof StepDoc>;
export type CheckDoc = z.output<typeof CheckDoc>;

export const Owner = z.object({
  team: z.string().trim().min(1).max(200),
  contact: z.string().trim().min(1).max(200).optional(),
});
export type Owner = z.output<typeof Owner>;

const ParameterDoc = z.preprocess(
  (v) => v ?? {},
  z
    .object({
      description: z.string().trim().max(1000).optional(),
      /** Absent: the parameter must be filled (from the scope, or when the run starts). */
      default: z.string().max(4200).optional(),
    })
    .strict(),
);

/** The document's top level; steps are parsed one by one so that every bad step is reported. */
export const RunbookDoc = z
  .object({
    name: EntryName,
    /** The system this runbook recovers. Absent: a template. */
    system: EntryName.optional(),
    /** A team, or {team, contact}. Absent: the system's owner. */
    owner: z
      .union([z.string().trim().min(1).max(200), Owner.strict()], {
        error: 'write a team, or { team: TEAM, contact: WHO }',
      })
      .optional(),
    description: z.string().trim().max(4000).optional(),
    appliesTo: z.enum(appliesToKinds).optional(),
    parameters: z.record(ParameterName, ParameterDoc).optional(),
    steps: z.array(z.unknown()).min(1, 'a runbook needs at least one step').max(200),
  })
  .strict();
export type RunbookDoc = z.output<typeof RunbookDoc>;

/** The keys a document's map may hold, for "unknown field" hints. */
export const topKeys = Object.keys(RunbookDoc.shape);

// ---- the spec (what runs) -------------------------------------------------------------------

const specCommon = {
  id: z.string(),
  title: z.string(),
  /** Explicit: the ids this step waits for ([] = can start at once). */
  after: z.array(z.string()),
  timeoutSeconds: z.number().optional(),
};

export const CheckSpec = z.discriminatedUnion('type', [
  HttpCheckDoc.extend({ type: z.literal('http') }),
  SshCheckDoc.extend({ type: z.literal('ssh') }),
  RolloutCheckDoc.extend({ type: z.literal('rollout') }),
  FileHashCheckDoc.extend({ type: z.literal('fileHash') }),
]);
export type CheckSpec = z.output<typeof CheckSpec>;

export const StepSpec = z.discriminatedUnion('kind', [
  stepDocs.check.extend(specCommon),
  stepDocs.approve.extend(specCommon),
  stepDocs.restore.extend({ ...specCommon, scope: z.string() }),
  stepDocs.verify.extend({
    ...specCommon,
    checks: z.array(CheckSpec),
    /** Checks left out when the runbook was instantiated (a parameter they need was empty). */
    skipped: z.array(z.object({ type: z.enum(checkTypes), reason: z.string() })),
  }),
  stepDocs.command.extend(specCommon),
  stepDocs.note.extend(specCommon),
]);
export type StepSpec = z.output<typeof StepSpec>;
export type RestoreStepSpec = Extract<StepSpec, { kind: 'restore' }>;

export const ParameterSpec = z.object({
  name: z.string(),
  description: z.string().optional(),
  default: z.string().optional(),
  /** Set once the runbook is instantiated for a system. */
  value: z.string().optional(),
});
export type ParameterSpec = z.output<typeof ParameterSpec>;

export const RunbookSpec = z.object({
  name: z.string(),
  system: z.string().optional(),
  owner: Owner.optional(),
  description: z.string().optional(),
  appliesTo: z.enum(appliesToKinds).optional(),
  parameters: z.array(ParameterSpec),
  steps: z.array(StepSpec),
});
export type RunbookSpec = z.output<typeof RunbookSpec>;
