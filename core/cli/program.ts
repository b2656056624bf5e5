// The `lifeboat` command line: the same contract as the console, for scripts, schedulers and
// people at a terminal. Exit codes: 0 ok, 1 failure (with the error's code), 2 usage.
import { Command, CommanderError } from 'commander';
import { appVersion } from '../app/version';
import { isLifeboatError } from '../api/errors';
import { createCliContext, type CliContext, type GlobalOptions } from './context';
import { exitCodes, type CliIo } from './io';
import { PromptCancelled } from './prompt';
import { UsageError } from './usage-error';
import { registerInfo } from './commands/info';
import { registerJobs } from './commands/jobs';
import { registerJournal } from './commands/journal';
import { registerReport } from './commands/report';
import { registerServe } from './commands/serve';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerBackup } from './commands/backup';
import { registerCluster } from './commands/cluster';
import { registerEstate } from './commands/estate';
import { registerRepo } from './commands/repo';
import { registerRestore } from './commands/restore';
import { registerRun } from './commands/run';
import { registerRunbook } from './commands/runbook';
import { registerServer } from './commands/server';
import { registerSystem } from './commands/system';
import { registerVault } from './commands/vault';

export function buildProgram(io: CliIo, onContext: (c: CliContext) => void): Command {
  const program = new Command('lifeboat')
    .description('Lifeboat: recover from an incident with the smallest restore that fixes it.')
    .version(appVersion, '-V, --version', 'print the version')
    .option(
      '--data-dir <dir>',
      'catalog and vault folder (default: $LIFEBOAT_HOME, else the per-user app-data folder)',
    )
    .option('--json', 'print listings and results as JSON')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });

  let context: CliContext | undefined;
  const ctx = () => {
    if (!context) {
      context = createCliContext(io, program.opts<GlobalOptions>());
      onContext(context);
    }
    return context;
  };
  registerStatus(program, ctx);
  registerInfo(program, ctx);
  registerJobs(program, ctx);
  registerServer(program, ctx);
  registerCluster(program, ctx);
  registerRepo(program, ctx);
  registerSystem(program, ctx);
  registerEstate(program, ctx);
  registerBackup(program, ctx);
  registerRestore(program, ctx);
  registerRunbook(program, ctx);
  registerRun(program, ctx);
  registerJournal(program, ctx);
  registerReport(program, ctx);
  registerVault(program, ctx);
  registerServe(program, ctx);
  registerStart(program, ctx);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let context: CliContext | undefined;
  const program = buildProgram(io, (c) => (context = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context?.exitCode ?? exitCodes.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      const fine = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      return fine.includes(e.code) || e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (e instanceof PromptCancelled) {
      // As a "no" at the confirmation: the command stops before writing, exit 1.
      io.err(`Cancelled at the prompt (${e.how}): nothing was written.`);
      return exitCodes.failure;
    }
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n(run with --help for usage)`);
      return exitCodes.usage;
    }
    if (isLifeboatError(e)) {
      io.err(`error: ${e.message} [${e.code}]`);
      // Input the API refuses as malformed is a usage error too, wherever it was caught.
      if (e.code === 'api.invalid_input') return exitCodes.usage;
    } else {
      io.err(`error: ${(e as Error).message ?? String(e)} [internal.error]`);
    }
    return exitCodes.failure;
  } finally {
    await context?.close();
  }
}
