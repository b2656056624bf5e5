// Transport names shared by both sides of each transport. Kept free of imports so the Electron
// preload can use them without bundling the schemas.

/** Electron IPC channel for a method: main registers one handler per method on `core:<method>`. */
export const ipcChannel = (method: string): string => `core:${method}`;
/** Electron IPC channel main uses to push events to the window. */
export const ipcEventChannel = 'core:event';
/** Method names are `area.verb`. */
export const methodNamePattern = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;
/** Loopback HTTP: POST a JSON body to `/api/call/<method>`; events stream from `/api/events`. */
export const httpCallPrefix = '/api/call/';
export const httpCallPath = (method: string): string => `${httpCallPrefix}${method}`;
export const httpEventsPath = '/api/events';
/** The largest request body serve accepts, in bytes. */
export const maxBodyBytes = 1024 * 1024;
