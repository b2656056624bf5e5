// A renderer API client for unit tests of the store: each method answers from `answers` (an
// unknown method is api.unknown_method, as the real server says), and every call is recorded in
// `calls` when one is given.
import type { MethodName } from '../../core/api/contract';
import { ClientError, type Client } from '../../renderer/src/api/client';

export type Answers = Partial<Record<MethodName, (input: unknown) => unknown>>;

export function fakeClient(answers: Answers, calls?: { method: string; input: unknown }[]): Client {
  return {
    kind: 'http',
    async call(method, input) {
      calls?.push({ method, input });
      const answer = answers[method];
      if (!answer) throw new ClientError({ code: 'api.unknown_method', message: method });
      return answer(input) as never;
    },
    subscribe: () => () => undefined,
    connection: () => 'connected',
    onConnectionChange: () => () => undefined,
    close: () => undefined,
  };
}
