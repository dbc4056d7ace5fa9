/**
 * The handler table: one function per contract channel, calling into the core.
 * The mapped type requires a handler for every channel, so a channel added to the contract
 * without a handler is a compile error. Never imports electron: platform needs (dialogs,
 * windows) come in through `PlatformServices`, which the shell implements with Electron and the
 * browser test bridge implements for tests.
 */
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract.ts';
import { getDiagnostics } from '../core/index.ts';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type Handlers = { [C in Channel]: Handler<C> };

/** What the app shell provides that the core cannot: versions of the host runtime, native dialogs. */
export interface PlatformServices {
  appVersion: string;
  electronVersion: string | null;
  chromeVersion: string | null;
}

export function createHandlers(platform: PlatformServices): Handlers {
  return {
    'app:diagnostics': () =>
      getDiagnostics({
        appVersion: platform.appVersion,
        electronVersion: platform.electronVersion,
        chromeVersion: platform.chromeVersion,
      }),
  };
}
