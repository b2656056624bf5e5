// The preload exposes exactly two functions to the page: call(method, input) and
// subscribe(event, listener). Nothing else of Node or Electron reaches the renderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannel, ipcEventChannel, methodNamePattern } from '../core/api/channels';

const refused = (code: string, message: string) => Promise.resolve({ ok: false, error: { code, message } });

contextBridge.exposeInMainWorld('lifeboat', {
  call(method: unknown, input: unknown) {
    if (typeof method !== 'string' || !methodNamePattern.test(method)) {
      return refused('api.unknown_method', 'Method names are area.verb.');
    }
    return ipcRenderer.invoke(ipcChannel(method), input).catch(() => ({
      ok: false,
      error: {
        code: 'api.unknown_method',
        message: `Unknown method "${method}".`,
      },
    }));
  },
  subscribe(event: unknown, listener: unknown) {
    if (typeof event !== 'string' || typeof listener !== 'function') return () => {};
    const handler = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) (listener as (p: unknown) => void)(msg.payload);
    };
    ipcRenderer.on(ipcEventChannel, handler);
    return () => {
      ipcRenderer.removeListener(ipcEventChannel, handler);
    };
  },
});
