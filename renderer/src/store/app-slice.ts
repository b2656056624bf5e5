// What this Lifeboat is (app.info) and how the console is connected to it.
import type { MethodResult } from '../../../core/api/contract';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import type { ConnectionState } from '../api/transport';
import type { LoadState, SliceCreator } from './types';

export type AppInfo = MethodResult<'app.info'>;

export interface AppSlice {
  info: AppInfo | undefined;
  infoState: LoadState;
  connection: ConnectionState;
  transportKind: 'desktop' | 'http' | undefined;
  setConnection(state: ConnectionState): void;
  setTransportKind(kind: 'desktop' | 'http'): void;
  loadInfo(): Promise<void>;
}

export const createAppSlice: SliceCreator<AppSlice> = (set) => ({
  info: undefined,
  infoState: { status: 'idle' },
  connection: 'connecting',
  transportKind: undefined,
  setConnection: (connection) => set({ connection }),
  setTransportKind: (transportKind) => set({ transportKind }),
  async loadInfo() {
    set({ infoState: { status: 'loading' } });
    try {
      const info = await getClient().call('app.info', {});
      set({ info, infoState: { status: 'ready' } });
    } catch (e) {
      set({ infoState: { status: 'error', error: asApiError(e) } });
    }
  },
});
