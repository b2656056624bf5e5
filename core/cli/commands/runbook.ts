import type { Command } from 'commander';
import type { CheckSpec, RunbookView, StepSpec } from '../../api/contract';
import type { CliContext } from '../context';
import { plural } from '../../journal/report/format';
import { readTextFile, writeTextFile } from '../read-file';
import { table } from '../table';
import { UsageError } from '../usage-error';
import { parsePositive } from './jobs';

function ownerText(o: RunbookView['owner']): string {
  return o ? `${o.team}${o.contact ? ` (${o.contact})` : ''}` : '';
}

function checkText(c: CheckSpec): string {
  switch (c.type) {
    case 'http':
      return `http ${c.url} → ${c.expectStatus}${c.bodyRegex ? `, body ~ /${c.bodyRegex}/` : ''} (${c.timeoutSeconds}s)`;
    case 'ssh':
      return `ssh ${c.server}: ${c.command} → exit ${c.expectExit}${c.outputRegex ? `, output ~ /${c.outputRegex}/` : ''} (${c.timeoutSeconds}s)`;
    case 'rollout':
      return `rollout ${c.cluster} ${c.namespace}/${c.kind}${c.name ? `/${c.name}` : ' (all)'} (${c.timeoutSeconds}s)`;
    case 'fileHash':
      return `fileHash ${c.scope}${c.path ? ` ${c.path}` : ''} equals the restore point`;
  }
}

function stepDetail(s: StepSpec): string[] {
  switch (s.kind) {
    case 'check':
    case 'note':
      return [s.text];
    case 'approve':
      return [s.approvers === 2 ? `two different approvers: ${s.text}` : s.text];
    case 'command':
      return [`on ${s.server}: ${s.command} (shown and confirmed first; expects exit ${s.expectExit})`];
    case 'restore': {
      const subset = [
        ...(s.paths?.length ? [`paths ${s.paths.join(' ')}`] : []),
        ...(s.resources?.length ? [`resources ${s.resources.join(' ')}`] : []),
        ...(s.selector ? [`selector ${s.selector}`] : []),
      ];
      return [
        `${s.scope}${subset.length ? ` — ${subset.join(', ')}` : ' — everything'}`,
        `${s.before === 'incident' ? 'newest usable point before the incident' : 'newest point'}, ${s.to ? `to ${s.to}` : 'in place'}${s.deleteExtra ? ', deleting extras' : ''}${s.conflict === 'skip' ? ', existing objects left alone' : ''}`,
      ];
    }
    case 'verify':
      return [...s.checks.map(checkText), ...s.skipped.map((k) => `skipped ${k.type}: ${k.reason}`)];
  }
}

export function describeRunbook(r: RunbookView): string {
  const what = r.template
    ? `${r.source === 'built-in' ? 'built-in template' : 'template'}${r.appliesTo ? ` for ${r.appliesTo} scopes` : ''}${r.defaultFor ? ' (the default)' : ''}`
    : `runbook of system ${r.system}`;
  const lines = [`${r.name} — ${what}`];
  if (r.instance)
    lines.push(`for        ${r.instance.system}${r.instance.scope ? `, scope ${r.instance.scope}` : ''}`);
  if (r.description) lines.push(`           ${r.description}`);
  if (r.owner) lines.push(`owner      ${ownerText(r.owner)}${r.ownerFromSystem ? ' (the system’s)' : ''}`);
  if (r.version !== undefined)
    lines.push(
      `version    ${r.version} of ${r.latestVersion}, imported ${r.importedAt} by ${r.importedBy}${r.filename ? ` from ${r.filename}` : ''}`,
    );
  if (r.parameters.length) {
    lines.push('parameters');
    for (const p of r.parameters) {
      const value =
        p.value !== undefined
          ? ` = "${p.value}"`
          : p.default !== undefined
            ? ` (default "${p.default}")`
            : '';
      lines.push(`  ${p.name}${value}${p.description ? ` — ${p.description}` : ''}`);
    }
  }
  lines.push('steps');
  r.steps.forEach((s, i) => {
    const previous = i > 0 ? r.steps[i - 1]?.id : undefined;
    // Only an `after` that differs from the default (the previous step) is worth a word.
    const usual =
      previous === undefined ? s.after.length === 0 : s.after.length === 1 && s.after[0] === previous;
    const waits = usual ? '' : `  (after: ${s.after.join(', ') || 'nothing: it can start at once'})`;
    const limit = s.timeoutSeconds ? `  [${s.timeoutSeconds}s]` : '';
    lines.push(`  ${i + 1}. ${s.id} [${s.kind}] ${s.title}${waits}${limit}`);
    for (const d of stepDetail(s)) lines.push(`       ${d}`);
  });
  return lines.join('\n');
}

/** NAME=VALUE pairs of --set. */
function parameters(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new UsageError(`--set takes NAME=VALUE, got "${p}".`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

export function registerRunbook(program: Command, ctx: () => CliContext): void {
  const runbook = program
    .command('runbook')
    .description('runbooks: the steps for recovering a system (YAML)');
  runbook
    .command('import')
    .argument('<file>', 'a runbook YAML file (core/runbooks/RUNBOOK-FORMAT.md)')
    .description('import a runbook; a changed text of the same name becomes a new version')
    .action(async (file: string) => {
      const c = ctx();
      const yaml = readTextFile(file, 'the runbook');
      const r = await c.open().call('runbook.import', { yaml, filename: file });
      const { runbook: v } = r;
      const what = v.system
        ? `for system ${v.system}`
        : `a template${v.appliesTo ? ` for ${v.appliesTo} scopes` : ''}`;
      c.print(r, () =>
        r.created
          ? `Imported runbook ${v.name} version ${r.version} (${what}, ${plural(v.steps.length, 'step')}).`
          : `Runbook ${v.name} is unchanged (version ${r.version}); nothing stored.`,
      );
    });

  runbook
    .command('list')
    .description('list runbooks, then the built-in templates')
    .action(async () => {
      const c = ctx();
      const { runbooks } = await c.open().call('runbook.list', {});
      c.print(runbooks, () =>
        table(
          ['NAME', 'SYSTEM', 'OWNER', 'VERSION', 'STEPS', 'UPDATED'],
          runbooks.map((r) => [
            r.name,
            r.system ?? `${r.defaultFor ? 'default' : 'template'}${r.appliesTo ? ` (${r.appliesTo})` : ''}`,
            ownerText(r.owner),
            r.version === undefined ? 'built-in' : String(r.version),
            String(r.steps),
            r.updatedAt ?? '',
          ]),
        ),
      );
    });

  // The version is an argument, not --version: commander gives --version to the program (it
  // prints Lifeboat's version) wherever it appears on the line.
  runbook
    .command('show')
    .argument('<name>')
    .argument('[version]', 'that version (default: the newest)', (v) => parsePositive(v, 'VERSION'))
    .description('show a runbook: owner, parameters, steps, versions')
    .action(async (name: string, v: number | undefined) => {
      const c = ctx();
      const r = await c.open().call('runbook.get', { name, ...(v ? { version: v } : {}) });
      c.print(r, () =>
        [
          describeRunbook(r.runbook),
          ...(r.versions.length > 1
            ? [
                'versions (show one: lifeboat runbook show NAME VERSION)',
                ...r.versions.map(
                  (x) => `  ${x.version}  ${x.importedAt}  ${x.actor}  ${x.sha256.slice(0, 12)}`,
                ),
              ]
            : []),
        ].join('\n'),
      );
    });

  runbook
    .command('export')
    .argument('<name>')
    .argument('[version]', 'that version (default: the newest)', (v) => parsePositive(v, 'VERSION'))
    .option('--out <file>', 'write it to this file (default: print it)')
    .description('the YAML exactly as imported (or a built-in template, to start your own from)')
    .action(async (name: string, v: number | undefined, o: { out?: string }) => {
      const c = ctx();
      const r = await c.open().call('runbook.export', { name, ...(v ? { version: v } : {}) });
      if (o.out) {
        writeTextFile(o.out, r.yaml, 0o644);
        c.print(
          { ...r, file: o.out },
          () => `Wrote runbook ${name}${r.version ? ` version ${r.version}` : ''} to ${o.out}.`,
        );
      } else if (c.json) c.print(r, () => r.yaml);
      else c.io.out(r.yaml);
    });

  runbook
    .command('remove')
    .argument('<name>')
    .description('remove a runbook (its versions stay on record)')
    .action(async (name: string) => {
      const c = ctx();
      const r = await c.open().call('runbook.remove', { name });
      c.print(
        r,
        () => `Removed runbook ${name} (${r.versions} version${r.versions === 1 ? '' : 's'} kept on record).`,
      );
    });

  runbook
    .command('resolve')
    .argument('<system>')
    .option('--name <runbook>', 'this runbook or template (default: the system’s own, else the default)')
    .option('--set <name=value...>', 'a parameter value, over those filled from the system')
    .description('the runbook a run of this system would use, filled in')
    .action(async (system: string, o: { name?: string; set?: string[] }) => {
      const c = ctx();
      const given = parameters(o.set);
      const r = await c.open().call('runbook.resolve', {
        system,
        ...(o.name ? { name: o.name } : {}),
        ...(given ? { parameters: given } : {}),
      });
      c.print(r, () => `${r.why}\n\n${describeRunbook(r.runbook)}`);
    });
}
