/**
 * Builds the one object the renderer gets. Only contract names pass; the renderer never sees
 * ipcRenderer, the event object, or anything else of Electron.
 */
import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import { isChannel, isEvent } from '../src-shared/contract.ts';
import type { EvidenceVaultApi } from '../src-shared/contract.ts';
import { fail } from '../src-shared/result.ts';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export type WebUtilsLike = Pick<WebUtils, 'getPathForFile'>;

export function createPreloadApi(ipc: IpcRendererLike, webUtils: WebUtilsLike): EvidenceVaultApi {
  return Object.freeze({
    invoke: (channel, request) => {
      if (!isChannel(channel)) return Promise.resolve(fail('UNKNOWN_CHANNEL', 'Unknown request.'));
      return ipc.invoke(channel, request);
    },
    on: (event, listener) => {
      if (!isEvent(event)) throw new Error('Unknown event.');
      const forward = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never);
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    },
    pathForFile: (file) => webUtils.getPathForFile(file),
  } satisfies EvidenceVaultApi);
}
