/**
 * Electron entry: the thin shell around the core. Everything security-relevant is set up before
 * the first window exists.
 */
import { app, BrowserWindow, ipcMain } from 'electron';
import path from 'node:path';
import { createHandlers } from './api/handlers.ts';
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
    hardenSessions();
    serveRenderer(path.join(import.meta.dirname, '../renderer'));
    registerIpcRouter(
      ipcMain,
      createHandlers({
        appVersion: app.getVersion(),
        electronVersion: process.versions.electron ?? null,
        chromeVersion: process.versions.chrome ?? null,
      }),
      trustedOrigins,
    );
    createMainWindow(path.join(import.meta.dirname, '../preload/index.cjs'), startUrl);
  });

  app.on('window-all-closed', () => app.quit());
}

