/**
 * Registers one `ipcMain.handle` per contract channel. Before anything else it checks that the
 * message comes from the app's own top-level frame; then `dispatch` validates and runs it.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { CHANNELS } from '../../src-shared/contract.ts';
import { fail } from '../../src-shared/result.ts';
import { dispatch } from '../api/dispatch.ts';
import type { Handlers } from '../api/handlers.ts';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** True only for the main frame of a page served from one of the app's own origins. */
export function isTrustedSender(frame: WebFrameMain | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!frame || frame.parent !== null) return false;
  return trustedOrigins.includes(originOf(frame.url));
}

/** `URL.origin` is "null" for custom schemes such as app://, so build scheme://host by hand. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'invalid:';
  }
}

export function registerIpcRouter(ipcMain: IpcMainLike, handlers: Handlers, trustedOrigins: readonly string[]): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, request: unknown) => {
      if (!isTrustedSender(event.senderFrame, trustedOrigins)) {
        return fail('FORBIDDEN_SENDER', 'Request refused: it did not come from the app window.');
      }
      return dispatch(handlers, channel, request);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
