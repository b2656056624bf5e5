// The connection tests run from a settings tab, by entry name: running, done with a report, or
// failed with the core's error. Kept in the panel (not the store): they describe this visit.
import { useCallback, useMemo, useState } from 'react';
import type { ApiError } from '../../../core/api/errors';

export type TestRun<R> =
  | { name: string; status: 'running'; startedAt: number }
  | { name: string; status: 'done'; report: R; startedAt: number; at: Date }
  | { name: string; status: 'error'; error: ApiError; startedAt: number; at: Date };

export interface TestRuns<R> {
  /** Newest first. */
  list: TestRun<R>[];
  get(name: string): TestRun<R> | undefined;
  start(name: string): void;
  finish(name: string, report: R): void;
  fail(name: string, error: ApiError): void;
  dismiss(name: string): void;
}

export function useTestRuns<R>(): TestRuns<R> {
  const [runs, setRuns] = useState<Record<string, TestRun<R>>>({});
  const start = useCallback(
    (name: string) => setRuns((r) => ({ ...r, [name]: { name, status: 'running', startedAt: Date.now() } })),
    [],
  );
  const finish = useCallback(
    (name: string, report: R) =>
      setRuns((r) => ({
        ...r,
        [name]: { name, status: 'done', report, startedAt: r[name]?.startedAt ?? Date.now(), at: new Date() },
      })),
    [],
  );
  const fail = useCallback(
    (name: string, error: ApiError) =>
      setRuns((r) => ({
        ...r,
        [name]: { name, status: 'error', error, startedAt: r[name]?.startedAt ?? Date.now(), at: new Date() },
      })),
    [],
  );
  const dismiss = useCallback(
    (name: string) =>
      setRuns((r) => {
        const next = { ...r };
        delete next[name];
        return next;
      }),
    [],
  );
  return useMemo(
    () => ({
      list: Object.values(runs).sort((a, b) => b.startedAt - a.startedAt),
      get: (name: string) => runs[name],
      start,
      finish,
      fail,
      dismiss,
    }),
    [runs, start, finish, fail, dismiss],
  );
}
