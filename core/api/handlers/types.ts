// What handlers get (the core's services) and the shape of a handler group.
import type { Catalog } from '../../catalog/catalog';
import type { Estate } from '../../estate/estate';
import type { KeychainPort, Vault } from '../../estate/vault/vault';
import type { JobRunner } from '../../jobs/runner';
import type { Journal } from '../../journal/journal';
import type { PointStore } from '../../points/point-store';
import type { RestoreStore } from '../../restore/restore-store';
import type { RunbookStore } from '../../runbooks/store';
import type { MethodName, MethodResult, ParsedInput } from '../contract';
import type { EventBus } from '../event-bus';

export type Mode = 'desktop' | 'serve' | 'cli';

export interface Services {
  version: string;
  mode: Mode;
  dataDir: string;
  /** Who acts, for the journal: "cli", "console" … */
  actor: string;
  catalog: Catalog;
  bus: EventBus;
  journal: Journal;
  jobs: JobRunner;
  vault: Vault;
  /** The OS keychain (desktop only). */
  keychain?: KeychainPort;
  estate: Estate;
  points: PointStore;
  restores: RestoreStore;
  runbooks: RunbookStore;
}

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
) => MethodResult<M> | Promise<MethodResult<M>>;

export type Handlers<M extends MethodName> = { [K in M]: Handler<K> };
