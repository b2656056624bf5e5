// createLifeboat(deps): the core, assembled. Every transport (Electron IPC, loopback HTTP, the
// CLI) holds one of these and talks to it only through dispatch() and subscribe().
import type { z } from 'zod';
import { openCatalog } from '../catalog/catalog';
import { createJobRunner, type JobRunner } from '../jobs/runner';
import { createJobStore } from '../jobs/store';
import { createJournal } from '../journal/journal';
import { createEstateContext } from '../estate/context';
import { createEstate } from '../estate/estate';
import { createVault, type KeychainPort } from '../estate/vault/vault';
import { createPointStore } from '../points/point-store';
import { createRestoreStore } from '../restore/restore-store';
import { appVersion } from '../app/version';
import { methods, type MethodInput, type MethodName, type MethodResult } from './contract';
import { createDispatch, type Dispatch, type MethodDef } from './dispatch';
import { LifeboatError } from './errors';
import { createEventBus, type EventListener } from './event-bus';
import { appHandlers } from './handlers/app';
import { jobsHandlers } from './handlers/jobs';
import { journalHandlers } from './handlers/journal';
import { clusterHandlers } from './handlers/clusters';
import { repositoryHandlers } from './handlers/repositories';
import { serverHandlers } from './handlers/servers';
import { systemHandlers } from './handlers/systems';
import { pointHandlers } from './handlers/points';
import { restoreHandlers } from './handlers/restore';
import { reportHandlers } from './handlers/report';
import { runbookHandlers } from './handlers/runbooks';
import { closeRuns, runHandlers } from './handlers/runs';
import { createRunbookStore } from '../runbooks/store';
import { vaultHandlers } from './handlers/vault';
import type { Handlers, Mode, Services } from './handlers/types';

export interface LifeboatDeps {
  dataDir: string;
  mode: Mode;
  /** Who acts, for the journal. Defaults to the mode ("cli", "serve" …). */
  actor?: string;
  jobConcurrency?: number;
  /** The OS keychain (Electron safeStorage); desktop only. Unlocks the vault without a passphrase. */
  keychain?: KeychainPort;
  /**
   * Extra methods outside the contract. For tests only (e.g. a method that starts a job):
   * the product's transports are generated from the contract table and never use this.
   */
  testMethods?: Record<string, { input: z.ZodType; handle(input: unknown, s: Services): unknown }>;
}

export interface Lifeboat {
  readonly dispatch: Dispatch;
  /** Typed convenience over dispatch for core-side callers (CLI): throws LifeboatError. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  subscribe(listener: EventListener): () => void;
  readonly jobs: JobRunner;
  readonly services: Services;
  /** Cancels this process's jobs, waits for them, closes the catalog. */
  close(): Promise<void>;
}

export function createLifeboat(deps: LifeboatDeps): Lifeboat {
  const catalog = openCatalog(deps.dataDir);
  const bus = createEventBus();
  const journal = createJournal(catalog.db, (entry) => bus.emit('journal.entry', { entry }));
  const jobs = createJobRunner({
    store: createJobStore(catalog.db),
    bus,
    journal,
    ...(deps.jobConcurrency ? { concurrency: deps.jobConcurrency } : {}),
  });
  const actor = deps.actor ?? deps.mode;
  const vault = createVault(catalog.db);
  if (deps.keychain) vault.unlockWithKeychain(deps.keychain);
  const services: Services = {
    version: appVersion,
    mode: deps.mode,
    dataDir: deps.dataDir,
    actor,
    catalog,
    bus,
    journal,
    jobs,
    vault,
    ...(deps.keychain ? { keychain: deps.keychain } : {}),
    estate: createEstate(createEstateContext(catalog.db, vault, journal, actor)),
    points: createPointStore(catalog.db),
    runbooks: createRunbookStore(catalog.db),
    restores: createRestoreStore(catalog.db, (id) => {
      try {
        return jobs.get(id).state;
      } catch {
        return undefined;
      }
    }),
  };

  const handlers: Handlers<MethodName> = {
    ...appHandlers(services),
    ...jobsHandlers(services),
    ...journalHandlers(services),
    ...vaultHandlers(services),
    ...serverHandlers(services),
    ...clusterHandlers(services),
    ...repositoryHandlers(services),
    ...systemHandlers(services),
    ...pointHandlers(services),
    ...restoreHandlers(services),
    ...reportHandlers(services),
    ...runbookHandlers(services),
    ...runHandlers(services),
  };
  const table = new Map<string, MethodDef>();
  for (const name of Object.keys(methods) as MethodName[]) {
    table.set(name, {
      input: methods[name].input,
      handle: handlers[name] as (i: unknown) => unknown,
    });
  }
  for (const [name, m] of Object.entries(deps.testMethods ?? {})) {
    table.set(name, { input: m.input, handle: (i) => m.handle(i, services) });
  }
  const dispatch = createDispatch(table, (text) => vault.redact(text));
  let closed = false;

  return {
    dispatch,
    async call(method, input) {
      const env = await dispatch(method, input);
      if (!env.ok) throw new LifeboatError(env.error.code, env.error.message, env.error.details);
      return env.result as MethodResult<typeof method>;
    },
    subscribe: (l) => bus.subscribe(l),
    jobs,
    services,
    async close() {
      if (closed) return;
      closed = true;
      // Runs first: their drivers stop writing before the jobs they wait for are cancelled.
      closeRuns(services);
      await jobs.shutdown();
      catalog.close();
    },
  };
}
