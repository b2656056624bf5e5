// An in-memory backend with the same semantics as the real ones (key checks, append-only,
// ranges, cancellation), for fast unit tests of the repository format. It can corrupt an
// object and fail the next call, for fault tests.

import { LifeboatError } from '../../api/errors';
import type { Backend, ObjectInfo } from './backend';
import { throwIfCancelled } from './cancel';
import { isValidKey, validateKey, validatePrefix } from './keys';
import { checkMaxBytes, checkRangeFits, validateRange } from './range';

export interface MemoryBackend extends Backend {
  /** The stored objects by key. Tests may add foreign entries; `list` skips invalid keys. */
  readonly objects: Map<string, Buffer>;
  /** Flips every bit of the byte at `byteIndex` of an object (throws if there is no such byte). */
  corrupt(key: string, byteIndex: number): void;
  /** Makes the next `put` fail with `err` (default `repo.error`) and store nothing. */
  failNextPut(err?: Error): void;
  /** Makes the next `get` fail with `err` (default `repo.error`). */
  failNextGet(err?: Error): void;
}

/** Lets other work run first, as a real backend would between its steps. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const injected = (op: string) => new LifeboatError('repo.error', `Injected failure of ${op}.`);

export function createMemoryBackend(): MemoryBackend {
  const objects = new Map<string, Buffer>();
  let putFailure: Error | undefined;
  let getFailure: Error | undefined;

  return {
    location: 'memory',
    objects,

    corrupt(key, byteIndex) {
      const data = objects.get(key);
      if (!data || !Number.isInteger(byteIndex) || byteIndex < 0 || byteIndex >= data.length) {
        throw new Error(`memory backend: no byte ${byteIndex} in ${key}`);
      }
      data[byteIndex] = (data[byteIndex] ?? 0) ^ 0xff;
    },

    failNextPut(err) {
      putFailure = err ?? injected('put');
    },

    failNextGet(err) {
      getFailure = err ?? injected('get');
    },

    async put(key, data, opts) {
      validateKey(key);
      const copy = Buffer.from(data);
      const what = `Writing ${key}`;
      throwIfCancelled(opts?.signal, what);
      await tick();
      throwIfCancelled(opts?.signal, what);
      if (putFailure) {
        const err = putFailure;
        putFailure = undefined;
        throw err;
      }
      if (objects.has(key)) {
        throw new LifeboatError(
          'repo.object_exists',
          `${key} already exists in memory; it is never overwritten.`,
        );
      }
      objects.set(key, copy);
    },

    async get(key, range, opts) {
      validateKey(key);
      if (range) validateRange(key, range);
      await tick();
      throwIfCancelled(opts?.signal, `Reading ${key}`);
      if (getFailure) {
        const err = getFailure;
        getFailure = undefined;
        throw err;
      }
      const data = objects.get(key);
      if (!data) throw new LifeboatError('repo.object_missing', `${key} does not exist in memory.`);
      if (range) checkRangeFits(key, range, data.length);
      checkMaxBytes(key, range?.length ?? data.length, opts?.maxBytes);
      if (!range) return Buffer.from(data);
      return Buffer.from(data.subarray(range.offset, range.offset + range.length));
    },

    async stat(key, opts) {
      validateKey(key);
      await tick();
      throwIfCancelled(opts?.signal, `Looking up ${key}`);
      const data = objects.get(key);
      return data ? { key, size: data.length } : undefined;
    },

    async *list(prefix, opts): AsyncIterable<ObjectInfo> {
      validatePrefix(prefix);
      await tick();
      const found = [...objects].filter(([key]) => key.startsWith(prefix) && isValidKey(key));
      for (const [key, data] of found) {
        throwIfCancelled(opts?.signal, `Listing ${prefix || 'the repository'}`);
        yield { key, size: data.length };
      }
    },

    async delete(key, opts) {
      validateKey(key);
      await tick();
      throwIfCancelled(opts?.signal, `Deleting ${key}`);
      objects.delete(key);
    },
  };
}
