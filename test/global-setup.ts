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
  const { info, stop } = await startServices();
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
