import { type Command, Option } from 'commander';
import { criticalities, type SystemInput, type SystemView } from '../../api/contract';
import type { CliContext } from '../context';
import { table } from '../table';

interface SystemFlags {
  owner: string;
  contact?: string;
  criticality: SystemInput['criticality'];
  rpo: string;
  rto: string;
  drillEvery?: string;
  repo: string;
  scope: string[];
  description?: string;
}

function systemOptions(cmd: Command): Command {
  return cmd
    .argument('<name>')
    .requiredOption('--owner <team>', 'owning team')
    .option('--contact <who>', 'who to call: a person, a rota, a channel')
    .addOption(
      new Option('--criticality <level>', 'how much it matters').choices(criticalities).default('medium'),
    )
    .requiredOption('--rpo <duration>', 'recovery point objective: most data you may lose, e.g. 24h')
    .requiredOption('--rto <duration>', 'recovery time objective: longest it may be down, e.g. 1h')
    .option('--drill-every <duration>', 'how often to drill its recovery, e.g. 30d')
    .requiredOption('--repo <name>', 'the repository that holds its restore points')
    .requiredOption(
      '--scope <scope...>',
      'what to protect: server:NAME:/abs/path, cluster:NAME:namespace/NS or cluster:NAME:namespace/NS/KIND/NAME',
    )
    .option('--description <text>', 'one line on what it is');
}

const input = (name: string, o: SystemFlags): SystemInput => ({
  name,
  ownerTeam: o.owner,
  ...(o.contact ? { ownerContact: o.contact } : {}),
  criticality: o.criticality,
  rpo: o.rpo,
  rto: o.rto,
  ...(o.drillEvery ? { drillEvery: o.drillEvery } : {}),
  repository: o.repo,
  scopes: o.scope,
  ...(o.description ? { description: o.description } : {}),
});

function describe(s: SystemView): string {
  return [
    `${s.name} — ${s.criticality}${s.description ? `: ${s.description}` : ''}`,
    `owner      ${s.owner.team}${s.owner.contact ? ` (${s.owner.contact})` : ''}`,
    `RPO        ${s.rpo.text}`,
    `RTO        ${s.rto.text}`,
    `drills     ${s.drillEvery ? `every ${s.drillEvery.text}` : 'no interval set'}`,
    `repository ${s.repository}`,
    'scopes',
    ...s.scopes.map((x) => `  ${x.text}`),
  ].join('\n');
}

export function registerSystem(program: Command, ctx: () => CliContext): void {
  const system = program.command('system').description('systems: owners, objectives and scopes');

  systemOptions(system.command('add').description('describe a system')).action(
    async (name: string, o: SystemFlags) => {
      const c = ctx();
      const { system: s } = await c.open().call('system.add', input(name, o));
      c.print(s, () => `Added system ${name}.\n${describe(s)}`);
    },
  );

  systemOptions(
    system.command('update').description("replace a system's description (give every field)"),
  ).action(async (name: string, o: SystemFlags) => {
    const c = ctx();
    const { system: s } = await c.open().call('system.update', input(name, o));
    c.print(s, () => `Updated system ${name}.\n${describe(s)}`);
  });

  system
    .command('list')
    .description('list systems')
    .action(async () => {
      const c = ctx();
      const { systems } = await c.open().call('system.list', {});
      c.print(systems, () =>
        systems.length === 0
          ? 'No systems yet. Describe one: lifeboat system add NAME --owner TEAM --rpo 24h --rto 1h --repo R --scope SCOPE'
          : table(
              ['NAME', 'OWNER', 'CRITICALITY', 'RPO', 'RTO', 'SCOPES'],
              systems.map((s) => [
                s.name,
                s.owner.team,
                s.criticality,
                s.rpo.text,
                s.rto.text,
                String(s.scopes.length),
              ]),
            ),
      );
    });

  system
    .command('show')
    .argument('<name>')
    .description('show one system')
    .action(async (name: string) => {
      const c = ctx();
      const { system: s } = await c.open().call('system.get', { name });
      c.print(s, () => describe(s));
    });

  system
    .command('remove')
    .argument('<name>')
    .description('remove a system (its restore points stay in the repository)')
    .action(async (name: string) => {
      const c = ctx();
      const r = await c.open().call('system.remove', { name });
      c.print(r, () => `Removed system ${name}.`);
    });
}
