// One directory of a restore point, loaded with points.browse (the repository passphrase comes
// from the vault, so a locked vault is asked for and the call retried). The newest request wins;
// while it loads, the previous listing stays on screen (and focusable) as `stale`.
import { useEffect, useState } from 'react';
import type { PointEntry } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { callWithVault } from '../store/call-with-vault';

export type Listing =
  | { status: 'loading'; path: string; stale: PointEntry[] }
  | { status: 'ready'; path: string; entries: PointEntry[] }
  | { status: 'error'; path: string; error: ApiError };

type Answer =
  | { key: string; status: 'ready'; path: string; entries: PointEntry[] }
  | { key: string; status: 'error'; path: string; error: ApiError };

/** Directories first, then by name, as file managers list them. */
function sortEntries(entries: PointEntry[]): PointEntry[] {
  return [...entries].sort((a, b) => {
    const da = a.type === 'dir' ? 0 : 1;
    const db = b.type === 'dir' ? 0 : 1;
    return da - db || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
}

export function useListing(pointId: string, path: string, attempt: number): Listing {
  const key = `${pointId}\n${attempt}\n${path}`;
  const [answer, setAnswer] = useState<Answer | undefined>();
  useEffect(() => {
    let current = true;
    callWithVault('points.browse', { id: pointId, path })
      .then((r) => {
        if (current) setAnswer({ key, status: 'ready', path: r.path, entries: sortEntries(r.entries) });
      })
      .catch((e: unknown) => {
        if (current) setAnswer({ key, status: 'error', path, error: asApiError(e) });
      });
    return () => {
      current = false;
    };
  }, [key, pointId, path]);
  if (answer?.key === key) return answer;
  return { status: 'loading', path, stale: answer?.status === 'ready' ? answer.entries : [] };
}
