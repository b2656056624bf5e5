// Chosen once at startup: the Electron preload's bridge when present, else loopback HTTP with the
// token from the link, else a transport that explains there is no token.
import type { DesktopBridge } from '../../../core/api/contract';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import { createNoTokenTransport } from './no-token-transport';
import { forgetServeToken, takeServeToken } from './token';
import type { Transport } from './transport';

function desktopBridge(): DesktopBridge | undefined {
  const candidate = (window as Window & { lifeboat?: unknown }).lifeboat;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const bridge = candidate as Partial<DesktopBridge>;
  return typeof bridge.call === 'function' && typeof bridge.subscribe === 'function'
    ? (bridge as DesktopBridge)
    : undefined;
}

export function selectTransport(): Transport {
  const bridge = desktopBridge();
  if (bridge) return createIpcTransport(bridge);
  const token = takeServeToken();
  if (!token) return createNoTokenTransport();
  return createHttpTransport({ token, onRejected: forgetServeToken });
}
