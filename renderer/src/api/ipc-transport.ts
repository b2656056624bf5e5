// Desktop transport: the Electron preload exposes exactly `call` and `subscribe` on
// window.lifeboat (contract: DesktopBridge). IPC is always up while the window exists.
import type { DesktopBridge, EventName, MethodName } from '../../../core/api/contract';
import type { ConnectionState, Transport } from './transport';

export function createIpcTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'desktop',
    call: (method: MethodName, input: unknown) => bridge.call(method, input),
    subscribe: (event: EventName, listener: (payload: unknown) => void) => bridge.subscribe(event, listener),
    connection: (): ConnectionState => 'connected',
    onConnectionChange: () => () => undefined,
    close: () => undefined,
  };
}
