// What every command gets: the global options and a lazily opened Lifeboat (so `--help`
// never touches the catalog).
import { createLifeboat, type Lifeboat } from '../api/lifeboat';
import type { Mode } from '../api/handlers/types';
import { resolveDataDir } from '../app/data-dir';
import type { CliIo } from './io';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

export interface CliContext {
  io: CliIo;
  json: boolean;
  dataDir: string;
  open(mode?: Mode): Lifeboat;
  /** Prints data as JSON when --json, else the human text. */
  print(data: unknown, human: () => string): void;
  /** Exit code for a command that printed its result but did not succeed (e.g. a failed test). */
  exitCode: number;
  close(): Promise<void>;
}

export function createCliContext(io: CliIo, g: GlobalOptions): CliContext {
  const dataDir = resolveDataDir(g.dataDir);
  let lifeboat: Lifeboat | undefined;
  return {
    io,
    json: Boolean(g.json),
    dataDir,
    exitCode: 0,
    open(mode = 'cli') {
      lifeboat ??= createLifeboat({ dataDir, mode });
      return lifeboat;
    },
    print(data, human) {
      io.out(g.json ? JSON.stringify(data, null, 2) : human());
    },
    async close() {
      await lifeboat?.close();
    },
  };
}
