/**
 * Electron entry: the thin shell around the core. Everything security-relevant is set up before
 * the first window exists.
 */
import { app, BrowserWindow, ipcMain } from 'electron';
import path from 'node:path';
import { createHandlers } from './api/handlers.ts';
import { AppSession } from './api/session.ts';
import { installAutoLock } from './shell/auto-lock.ts';
import { chooseFolder, chooseImportPaths, chooseKeyFile, chooseSavePath } from './shell/dialogs.ts';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './shell/app-protocol.ts';
import { registerIpcRouter, originOf } from './shell/ipc-router.ts';
import { createMainWindow } from './shell/main-window.ts';
import { hardenSessions, hardenWebContents } from './shell/security.ts';

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // electron-vite sets this only in `npm run dev`; packaged and previewed builds use app://.
  const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  const startUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
  const trustedOrigins = [devUrl ? originOf(devUrl) : APP_ORIGIN];
  hardenWebContents(trustedOrigins);

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(() => {
    hardenSessions(trustedOrigins);
    serveRenderer(path.join(import.meta.dirname, '../renderer'));
    let win: BrowserWindow | null = null;
    const session = new AppSession({
      emit: (event, payload) => {
        if (win && !win.isDestroyed()) win.webContents.send(event, payload);
      },
    });
    registerIpcRouter(
      ipcMain,
      createHandlers(
        {
          appVersion: app.getVersion(),
          electronVersion: process.versions.electron ?? null,
          chromeVersion: process.versions.chrome ?? null,
          chooseFolder: (purpose) => chooseFolder(win, purpose),
          chooseImportPaths: (kind) => chooseImportPaths(win, kind),
          chooseSavePath: (name) => chooseSavePath(win, name),
          chooseKeyFile: () => chooseKeyFile(win),
        },
        session,
      ),
      trustedOrigins,
    );
    installAutoLock(session);
    win = createMainWindow(path.join(import.meta.dirname, '../preload/index.cjs'), startUrl);
    // Keys must not outlive the window: lock before quitting.
    app.on('before-quit', () => void session.lock());
  });

  app.on('window-all-closed', () => app.quit());
}

