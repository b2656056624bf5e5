import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServices, type ServicesInfo } from './harness/services';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServicesInfo;
  }
}

/**
 * Starts the real services (sshd, s3rver, the Kubernetes API emulator) once for the run and
 * hands their serialisable info to test workers: `inject('services')`.
 * CI=true: a service that fails to start fails the run. Otherwise: one warning line per
 * failed service, and tests needing it skip (see requireService).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every temporary folder of the run (the services', the tests', the Chromium profiles) goes
  // into one, removed at the end: test workers and the processes they start inherit TMPDIR.
  // Open like /tmp itself (sticky, everyone may create): tests log in as other users too.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-test-run-'));
  chmodSync(tmp, 0o1777);
  process.env.TMPDIR = tmp;
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  const { info, stop: stopServices } = await startServices();
  const stop = async () => {
    try {
      await stopServices();
    } finally {
      removeTmp();
    }
  };
  const failed = Object.entries(info.failures);
  if (failed.length > 0 && process.env.CI === 'true') {
    await stop().catch(() => undefined);
    const details = failed.map(([name, reason]) => `- ${name}: ${reason}`).join('\n');
    throw new Error(`Test services failed to start (CI=true, so the run fails):\n${details}`);
  }
  for (const [name, reason] of failed) {
    const firstLine = reason.split('\n')[0];
    console.warn(
      `[test harness] WARNING: ${name} did not start, tests that need it will be skipped: ${firstLine}`,
    );
  }
  project.provide('services', info);
  return stop;
}
