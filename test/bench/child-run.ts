// Runs child-backup.ts in its own Node process (so that its peak memory is the backup's alone):
// bundled with vite (SSR build, dependencies external) into a temp folder, then run with node.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SshdService } from '../harness/sshd';
import type { ChildConfig, ChildResult } from './child-backup';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

/** Bundles child-backup.ts with vite (SSR build, dependencies external) into `dir`. */
export async function bundleChild(dir: string): Promise<string> {
  const { build } = await import('vite');
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const deps = Object.keys(pkg.dependencies ?? {});
  await build({
    configFile: false,
    root: repoRoot,
    publicDir: false,
    logLevel: 'warn',
    build: {
      ssr: path.join(here, 'child-backup.ts'),
      target: 'node20',
      outDir: dir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        external: (id: string) =>
          id.startsWith('node:') ||
          builtinModules.includes(id) ||
          deps.some((d) => id === d || id.startsWith(`${d}/`)),
        output: { format: 'es', entryFileNames: 'child-backup.mjs' },
      },
    },
  });
  // The bundle imports its dependencies by name: let Node find them from the temp folder.
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'child-backup.mjs');
}

export async function runChild(
  script: string,
  cfg: ChildConfig,
  dir: string,
  timeoutMs: number,
): Promise<ChildResult> {
  const cfgPath = path.join(dir, 'child-config.json');
  const resultPath = path.join(dir, 'child-result.json');
  await writeFile(cfgPath, JSON.stringify(cfg));
  // BENCH_PROFILE=<folder>: also write a V8 CPU profile of the first backup there.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`]
    : [];
  const child = spawn(process.execPath, ['--expose-gc', ...profile, script, cfgPath, resultPath], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-8000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (c, s) => resolve(s ? -1 : c));
    });
    if (code !== 0) throw new Error(`the backup child process failed (exit ${code}):\n${stderr}`);
    return JSON.parse(await readFile(resultPath, 'utf8')) as ChildResult;
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** The child's config against the harness sshd: where to connect, what to back up into where. */
export function childConfig(
  sshd: SshdService,
  job: Pick<ChildConfig, 'repoDir' | 'passphrase' | 'path' | 'baselineRuns'>,
): ChildConfig {
  const { host, port, user, clientKeyPath, hostKeyFingerprint } = sshd;
  return { host, port, user, clientKeyPath, hostKeyFingerprint, ...job };
}
