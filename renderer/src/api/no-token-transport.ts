// Opened in a browser without the token: nothing can be called. The UI shows how to get the
// right link instead of a console full of errors.
import type { Envelope } from '../../../core/api/contract';
import type { ConnectionState, Transport } from './transport';

export function createNoTokenTransport(): Transport {
  const refusal: Envelope<unknown> = {
    ok: false,
    error: {
      code: 'client.no_token',
      message: 'This console needs the link printed by `lifeboat serve` (it carries a one-time token).',
    },
  };
  return {
    kind: 'http',
    call: () => Promise.resolve(refusal),
    subscribe: () => () => undefined,
    connection: (): ConnectionState => 'no-token',
    onConnectionChange: () => () => undefined,
    close: () => undefined,
  };
}
