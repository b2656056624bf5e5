import type { Command } from 'commander';
import type { CliContext } from '../context';
import { openVault } from '../secrets';

export function registerVault(program: Command, ctx: () => CliContext): void {
  const vault = program.command('vault').description('the encrypted store of credentials');
  vault
    .command('status')
    .description('whether the vault exists and how it is protected')
    .action(async () => {
      const c = ctx();
      const s = await c.open().call('vault.status', {});
      c.print(s, () =>
        s.initialized
          ? `The vault exists, protected by ${s.protections.join(' and ')}.`
          : 'There is no vault yet. It is created the first time a credential is stored (or with `lifeboat vault init`).',
      );
    });
  vault
    .command('init')
    .description('create the vault, protected by a passphrase (LIFEBOAT_PASSPHRASE or asked)')
    .action(async () => {
      const c = ctx();
      await openVault(c);
      const s = await c.open().call('vault.status', {});
      c.print(s, () => `The vault is ready, protected by ${s.protections.join(' and ')}.`);
    });
}
