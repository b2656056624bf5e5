// In-process Kubernetes API emulator for tests. See README.md for what it does and does not do.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderKubeconfig } from './kubeconfig';
import { seedCluster } from './seed';
import { requestListener } from './server';
import { EmulatorState } from './state';

export interface KubeEmulator {
  url: string; // e.g. http://127.0.0.1:PORT
  token: string; // the bearer token it accepts
  /**
   * YAML kubeconfig text: one cluster/user/context per name given (default ['emulator']), all
   * pointing at this emulator, user with `token`, cluster with `skipTLSVerify: true` (and
   * insecure-skip-tls-verify), current-context = first.
   */
  kubeconfig(opts?: { contexts?: string[] }): string;
  /** Drop all objects except the defaults (namespaces default, kube-system, kube-public, ...). */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1 (port 0 by default: a free port), plain HTTP. */
export async function startKubeEmulator(opts: { port?: number; token?: string } = {}): Promise<KubeEmulator> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const state = new EmulatorState();
  seedCluster(state);
  let address = '127.0.0.1:0';
  const server = createServer(requestListener({ state, token, address: () => address }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `http://${address}`;
  let stopped: Promise<void> | undefined;

  return {
    url,
    token,
    kubeconfig: (o = {}) => renderKubeconfig(url, token, o.contexts ?? ['emulator']),
    reset() {
      state.cancelBackgroundWork();
      state.store.clear();
      state.registry.reset();
      seedCluster(state);
    },
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        state.cancelBackgroundWork();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
