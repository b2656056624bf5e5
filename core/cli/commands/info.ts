import type { Command } from 'commander';
import type { CliContext } from '../context';
import { table } from '../table';

export function registerInfo(program: Command, ctx: () => CliContext): void {
  program
    .command('info')
    .description('show the version, the data directory and the catalog schema')
    .action(async () => {
      const c = ctx();
      const info = await c.open().call('app.info', {});
      c.print(info, () =>
        table(
          ['', ''],
          [
            ['version', info.version],
            ['data dir', info.dataDir],
            ['catalog', info.catalogPath],
            ['schema', String(info.catalogSchemaVersion)],
            ['platform', info.platform],
            ['node', info.nodeVersion],
          ],
        )
          .split('\n')
          .slice(1)
          .join('\n'),
      );
    });
}
