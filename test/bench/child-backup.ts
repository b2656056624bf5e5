// The first backup, run in its own Node process so that its peak memory (maxRSS) is the backup's
// alone. Bundled by backup.bench-run.ts with vite (SSR build) and run with plain `node`:
//   node child-backup.js <config.json> <result.json>
// It connects, measures the raw `tar | drain` baseline over the same SSH session, resets the
// peak-RSS counter where Linux allows, then initialises the repository and backs up.
import { readFileSync, writeFileSync } from 'node:fs';
import { connectSsh } from '../../core/connect/ssh';
import { backupServerPath } from '../../core/providers/native/server-backup';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository } from '../../core/repository/repository';
import { drainTar, peakRssBytes, resetPeakRss } from './measure';

export interface ChildConfig {
  host: string;
  port: number;
  user: string;
  clientKeyPath: string;
  hostKeyFingerprint: string;
  repoDir: string;
  passphrase: string;
  path: string;
  baselineRuns: number;
}

export interface ChildResult {
  snapshotId: string;
  durationMs: number;
  baselineMs: number[];
  baselineBytes: number;
  bytesWritten: number;
  files: number;
  bytes: number;
  peakRssBytes: number;
  /** Peak before the backup started (Node + connection + baseline), when the reset worked. */
  peakBeforeBackupBytes: number;
  peakReset: boolean;
}

async function main() {
  const [configPath, resultPath] = process.argv.slice(2);
  if (!configPath || !resultPath) throw new Error('usage: child-backup <config.json> <result.json>');
  const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as ChildConfig;
  const session = await connectSsh({
    name: 'bench',
    host: cfg.host,
    port: cfg.port,
    user: cfg.user,
    auth: { kind: 'key', privateKey: readFileSync(cfg.clientKeyPath, 'utf8') },
    acceptedFingerprint: cfg.hostKeyFingerprint,
    timeoutMs: 20_000,
  });
  try {
    const baselineMs: number[] = [];
    let baselineBytes = 0;
    for (let i = 0; i < cfg.baselineRuns; i++) {
      const b = await drainTar(session, cfg.path);
      baselineMs.push(b.ms);
      baselineBytes = b.bytes;
    }
    global.gc?.();
    const peakBeforeBackupBytes = peakRssBytes();
    const peakReset = resetPeakRss();
    const repo = await initRepository(createLocalBackend(cfg.repoDir), cfg.passphrase);
    const t0 = performance.now();
    const r = await backupServerPath({ session, server: 'bench', path: cfg.path, sudo: false, repo });
    const durationMs = performance.now() - t0;
    const result: ChildResult = {
      snapshotId: r.snapshotId,
      durationMs,
      baselineMs,
      baselineBytes,
      bytesWritten: repo.stats.bytesWritten,
      files: r.stats.files,
      bytes: r.stats.bytes,
      peakRssBytes: peakRssBytes(),
      peakBeforeBackupBytes,
      peakReset,
    };
    writeFileSync(resultPath, JSON.stringify(result));
  } finally {
    session.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
