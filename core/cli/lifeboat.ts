// Entry point of the `lifeboat` binary (built to out/cli/lifeboat.js).
import { processIo } from './io';
import { runCli } from './program';

const code = await runCli(process.argv.slice(2), processIo);
process.exitCode = code;
