import { startS3, type S3Info } from './s3';
import { startSshd, type SshdInfo } from './sshd';

export type { S3Info } from './s3';
export type { SshdInfo } from './sshd';

/** Serialisable facts about the in-process Kubernetes API emulator. */
export interface KubeInfo {
  url: string;
  token: string;
  /** A kubeconfig (YAML text) pointing at the emulator with the token. */
  kubeconfig: string;
}

/**
 * What the global setup hands to test workers via `inject('services')`. Plain JSON only:
 * tests run in other processes. A service that failed to start is absent and its reason is
 * in `failures` (outside CI only; in CI the run fails instead).
 */
export interface ServicesInfo {
  sshd?: SshdInfo;
  s3?: S3Info;
  kube?: KubeInfo;
  failures: Record<string, string>;
}

export type ServiceName = 'sshd' | 's3' | 'kube';
export const ALL_SERVICES: readonly ServiceName[] = ['sshd', 's3', 'kube'];

interface Started<T> {
  info: T;
  stop(): Promise<void>;
}

type DataOnly<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

/** The service's data members as plain JSON (methods dropped), safe to `provide()`. */
function dataOf<T extends object>(service: T): DataOnly<T> {
  return JSON.parse(JSON.stringify(service)) as DataOnly<T>;
}

const starters: {
  [K in ServiceName]: () => Promise<Started<NonNullable<ServicesInfo[K]>>>;
} = {
  async sshd() {
    const sshd = await startSshd();
    return { info: dataOf(sshd), stop: sshd.stop };
  },
  async s3() {
    const s3 = await startS3();
    return { info: dataOf(s3), stop: s3.stop };
  },
  async kube() {
    // Imported lazily so a broken emulator is reported as a kube failure, not a crash of
    // the whole setup.
    const { startKubeEmulator } = await import('./kube-emulator/index');
    const kube = await startKubeEmulator();
    return {
      info: { url: kube.url, token: kube.token, kubeconfig: kube.kubeconfig() },
      stop: () => kube.stop(),
    };
  },
};

/**
 * Starts the requested services in parallel. Never throws for a service that fails: its
 * error message goes to `info.failures[name]` (the caller decides whether that is fatal).
 */
export async function startServices(
  which: readonly ServiceName[] = ALL_SERVICES,
): Promise<{ info: ServicesInfo; stop(): Promise<void> }> {
  const info: ServicesInfo = { failures: {} };
  const stops: Array<() => Promise<void>> = [];
  await Promise.all(
    which.map(async (name) => {
      try {
        const started = await starters[name]();
        Object.assign(info, { [name]: started.info });
        stops.push(started.stop);
      } catch (err) {
        info.failures[name] = err instanceof Error ? err.message : String(err);
      }
    }),
  );
  const stop = async () => {
    const results = await Promise.allSettled(stops.map((s) => s()));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    if (errors.length) throw new Error(`stopping test services failed: ${errors.join('; ')}`);
  };
  return { info, stop };
}

export type ServiceRequirement<T> =
  { info: T; skip: false; get(): T } | { info: undefined; skip: string; get(): never };

/**
 * For tests: the info of a service, or (outside CI) why it is unavailable.
 *
 *   const sshd = requireService(inject('services'), 'sshd');
 *   describe.skipIf(sshd.skip)('...', () => {
 *     it('...', () => { const { host, port } = sshd.get(); ... });
 *   });
 *
 * In CI (CI=true) a missing service throws here (at collection), never a silent skip.
 */
export function requireService<K extends ServiceName>(
  services: ServicesInfo,
  name: K,
): ServiceRequirement<NonNullable<ServicesInfo[K]>> {
  const info = services[name] as ServicesInfo[K];
  if (info !== undefined) return { info, skip: false, get: () => info };
  const reason = `${name} unavailable: ${services.failures[name] ?? 'not started by the global setup'}`;
  if (process.env.CI === 'true') throw new Error(`test service ${reason}`);
  return {
    info: undefined,
    skip: reason,
    get: () => {
      throw new Error(`test service ${reason}`);
    },
  };
}
