import type { Command } from 'commander';
import { UsageError } from '../usage-error';
import type { CliContext } from '../context';
import { readTextFile, writeTextFile } from '../read-file';
import { secretFromEnv, withVault } from '../secrets';
import { table } from '../table';

export function registerEstate(program: Command, ctx: () => CliContext): void {
  const estate = program.command('estate').description('the whole estate: export and import');

  estate
    .command('export')
    .argument('<file>', 'where to write it')
    .option(
      '--bundle-passphrase-env <var>',
      'write an encrypted bundle WITH the secrets, under the passphrase in this variable',
    )
    .description('write the estate as YAML without secrets, or as an encrypted bundle with them')
    .action(async (file: string, o: { bundlePassphraseEnv?: string }) => {
      const c = ctx();
      const bundlePassphrase = o.bundlePassphraseEnv
        ? secretFromEnv(o.bundlePassphraseEnv, '--bundle-passphrase-env')
        : undefined;
      if (bundlePassphrase !== undefined && bundlePassphrase.length < 8) {
        throw new UsageError('the bundle passphrase must have at least 8 characters.');
      }
      const r = await withVault(c, () =>
        c.open().call('estate.export', bundlePassphrase ? { bundlePassphrase } : {}),
      );
      writeTextFile(file, r.content);
      c.print({ file, format: r.format }, () =>
        r.format === 'bundle'
          ? `Wrote an encrypted bundle with secrets to ${file}. Hand the passphrase over separately.`
          : `Wrote the estate (no secrets) to ${file}.`,
      );
    });

  estate
    .command('import')
    .argument('<file>', 'a YAML export or an encrypted bundle')
    .option('--bundle-passphrase-env <var>', "the bundle's passphrase, read from this variable")
    .option('--skip-existing', 'keep entries that already exist with other settings')
    .option('--replace', 'replace entries that already exist with other settings')
    .option('--dry-run', 'show what would happen, change nothing')
    .description('import an estate; never overwrites silently')
    .action(
      async (
        file: string,
        o: { bundlePassphraseEnv?: string; skipExisting?: boolean; replace?: boolean; dryRun?: boolean },
      ) => {
        const c = ctx();
        if (o.skipExisting && o.replace)
          throw new UsageError('choose --skip-existing or --replace, not both.');
        const content = readTextFile(file, 'the estate file');
        const bundlePassphrase = o.bundlePassphraseEnv
          ? secretFromEnv(o.bundlePassphraseEnv, '--bundle-passphrase-env')
          : undefined;
        const r = await withVault(c, () =>
          c.open().call('estate.import', {
            content,
            ...(bundlePassphrase ? { bundlePassphrase } : {}),
            onConflict: o.replace ? 'replace' : o.skipExisting ? 'skip' : 'refuse',
            dryRun: Boolean(o.dryRun),
          }),
        );
        c.print(r, () =>
          [
            r.applied ? 'Imported.' : 'Dry run: nothing was changed.',
            table(
              ['KIND', 'NAME', 'ACTION'],
              r.entries.map((e) => [e.kind, e.name, e.action]),
            ),
            ...(r.missingSecrets.length
              ? ['Credentials to set again:', ...r.missingSecrets.map((m) => `  ${m}`)]
              : []),
          ].join('\n'),
        );
      },
    );
}
