/**
 * The handler table: one function per contract channel, calling into the core through the
 * session. The mapped type requires a handler for every channel, so a channel added to the
 * contract without a handler is a compile error. Never imports electron: platform needs (dialogs,
 * host versions) come in through `PlatformServices`, which the shell implements with Electron and
 * the browser test bridge implements for tests.
 */
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract.ts';
import { exportItemFile, getDiagnostics, getItemDetail, listItems, makeShareableCopy, overrideShareable } from '../core/index.ts';
import type { AppSession } from './session.ts';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type Handlers = { [C in Channel]: Handler<C> };

/** What the app shell provides that the core cannot: host versions and native dialogs. */
export interface PlatformServices {
  appVersion: string;
  electronVersion: string | null;
  chromeVersion: string | null;
  chooseFolder(purpose: 'create' | 'open'): Promise<string | null>;
  chooseImportPaths(kind: 'files' | 'folder'): Promise<string[]>;
  /** Native save dialog; null when cancelled. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
}

export function createHandlers(platform: PlatformServices, session: AppSession): Handlers {
  return {
    'app:diagnostics': () =>
      getDiagnostics({ appVersion: platform.appVersion, electronVersion: platform.electronVersion, chromeVersion: platform.chromeVersion }),
    'vault:status': () => session.status(),
    'vault:choose-folder': async ({ purpose }) => ({ folder: await platform.chooseFolder(purpose) }),
    'vault:create': ({ folder, passphrase, operator }) => session.create(folder, passphrase, operator),
    'vault:unlock': ({ folder, passphrase }) => session.unlock(folder, passphrase),
    'vault:lock': () => session.lock(),
    'vault:change-passphrase': ({ current, next }) => session.changePassphrase(current, next),
    'settings:get': () => session.settings(),
    'settings:update': (patch) => session.updateSettings(patch),
    'ingest:choose': async ({ kind }) => ({ paths: await platform.chooseImportPaths(kind) }),
    'ingest:start': ({ paths, sourceNote }) => session.startIngest(paths, sourceNote),
    'ingest:cancel': ({ jobId }) => session.cancelIngest(jobId),
    'items:list': ({ offset, limit, shareable }) => listItems(session.vault(), offset, limit, shareable ? { shareable } : {}),
    'items:get': ({ id }) => getItemDetail(session.vault(), id),
    'items:strip': ({ id }) => makeShareableCopy(session.vault(), id),
    'items:override': ({ id, reason }) => overrideShareable(session.vault(), id, reason),
    'items:save': async ({ id, which }) => {
      const vault = session.vault();
      const item = getItemDetail(vault, id);
      const target = await platform.chooseSavePath(which === 'original' ? item.name : shareableName(item.name));
      if (!target) return null;
      const written = await exportItemFile(vault, id, target, which);
      return { path: written.path, sha256: written.sha256 };
    },
  };
}

/** "IMG_0412.jpg" → "IMG_0412 (shareable).jpg": a copy is never mistaken for the original. */
function shareableName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (shareable)${name.slice(dot)}` : `${name} (shareable)`;
}
