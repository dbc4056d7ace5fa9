/**
 * App-wide hardening from Electron's security checklist: nothing navigates away from the app,
 * nothing opens windows, no webviews, and every permission is denied.
 */
import { app, session } from 'electron';
import type { WebContents } from 'electron';
import { originOf } from './ipc-router.ts';
import { isPermissionAllowed } from './permission-policy.ts';

export function hardenSessions(trustedOrigins: readonly string[]): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, trustedOrigins)),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, trustedOrigins));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}

export function hardenWebContents(trustedOrigins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!trustedOrigins.includes(originOf(url))) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!trustedOrigins.includes(originOf(url))) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
