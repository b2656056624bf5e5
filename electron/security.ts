// Electron hardening, following Electron's security checklist: only our own page may load,
// no navigation away, no new windows, no permissions, and IPC only from our main frame.
import { type BrowserWindow, type IpcMainInvokeEvent, session } from 'electron';
import { isOwnUrl } from './url-policy';

export function lockDown(win: BrowserWindow, entry: string): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, entry)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url, entry)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** IPC is answered only for our window's main frame showing our own page. */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  win: BrowserWindow | undefined,
  entry: string,
): boolean {
  const frame = event.senderFrame;
  if (!win || !frame || event.sender !== win.webContents) return false;
  if (frame !== win.webContents.mainFrame) return false;
  return isOwnUrl(frame.url, entry);
}
