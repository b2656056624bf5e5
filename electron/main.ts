// Electron main: one window, the core in this process, the contract over IPC. Thin on purpose:
// everything the app does lives in core/ and is tested there.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain } from 'electron';
import { ipcChannel, ipcEventChannel } from '../core/api/channels';
import { methodNames } from '../core/api/contract';
import { createLifeboat, type Lifeboat } from '../core/api/lifeboat';
import { resolveDataDir } from '../core/app/data-dir';
import { safeStorageKeychain } from './keychain';
import { isTrustedSender, lockDown } from './security';

app.enableSandbox();
let win: BrowserWindow | undefined;
let lifeboat: Lifeboat | undefined;

// The development server only in development: a packaged app never loads another page, whatever
// the environment says (that page would get the preload bridge).
const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const entry = devServer ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;

function dataDirFlag(): string | undefined {
  const i = process.argv.indexOf('--data-dir');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function registerIpc(core: Lifeboat): void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => {
      if (!isTrustedSender(event, win, entry)) {
        return {
          ok: false,
          error: {
            code: 'ipc.untrusted_sender',
            message: 'Refused: not the console window.',
          },
        };
      }
      return core.dispatch(method, input);
    });
  }
  core.subscribe((e) => {
    if (win && !win.isDestroyed()) win.webContents.send(ipcEventChannel, e);
  });
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Lifeboat',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  lockDown(win, entry);
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(entry);
}

app.whenReady().then(
  () => {
    try {
      lifeboat = createLifeboat({
        dataDir: resolveDataDir(dataDirFlag()),
        mode: 'desktop',
        actor: 'console',
        keychain: safeStorageKeychain,
      });
    } catch (e) {
      console.error(`Lifeboat cannot start: ${(e as Error).message}`);
      app.exit(1);
      return;
    }
    registerIpc(lifeboat);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  },
  (e: unknown) => console.error(e),
);

app.on('window-all-closed', () => {
  void (lifeboat?.close() ?? Promise.resolve()).finally(() => app.quit());
});
