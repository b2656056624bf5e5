// Testing a server, with the host key decision in the middle: a test that meets an unknown (or
// changed) host key asks the user; accepting the key runs the test again.
import { useCallback, useState } from 'react';
import type { ServerTestReport } from '../../../../core/api/contract';
import { asApiError } from '../../api/client';
import { useAppStore } from '../../store';
import { callWithVault } from '../../store/call-with-vault';
import { useTestRuns } from '../use-test-runs';
import { hostKeyPrompt, type HostKeyPrompt } from './host-key-prompt';

export function useServerTest() {
  const runs = useTestRuns<ServerTestReport>();
  const [prompt, setPrompt] = useState<HostKeyPrompt | undefined>();
  const { start, finish, fail } = runs;

  const test = useCallback(
    async (name: string) => {
      start(name);
      try {
        const { report } = await callWithVault('server.test', { name });
        finish(name, report);
      } catch (e) {
        const error = asApiError(e);
        fail(name, error);
        const decision = hostKeyPrompt(error, name);
        if (decision) setPrompt(decision);
      }
    },
    [start, finish, fail],
  );

  const accept = useCallback(
    async (decision: HostKeyPrompt) => {
      const fingerprint = decision.kind === 'unknown' ? decision.fingerprint : decision.presented;
      await callWithVault('server.acceptHostKey', {
        name: decision.server,
        fingerprint,
        replace: decision.kind === 'changed',
      });
      setPrompt(undefined);
      void useAppStore.getState().loadEntries('servers');
      await test(decision.server);
    },
    [test],
  );

  /** Asks again about a server whose test failed on its host key. */
  const reopen = useCallback((decision: HostKeyPrompt) => setPrompt(decision), []);

  return { runs, test, prompt, accept, reopen, cancel: () => setPrompt(undefined) };
}
