/** The renderer's only door to the app: the object the preload (or the test bridge) installed. */
import { API_GLOBAL } from '../src-shared/contract.ts';
import type { Channel, EvidenceVaultApi, RequestOf, ResponseOf } from '../src-shared/contract.ts';
import type { Result } from '../src-shared/result.ts';

function api(): EvidenceVaultApi {
  const found = (window as unknown as Record<string, EvidenceVaultApi | undefined>)[API_GLOBAL];
  if (!found) throw new Error('The app bridge is missing.');
  return found;
}

export function invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  return api().invoke(channel, request);
}

export const onEvent: EvidenceVaultApi['on'] = (event, listener) => api().on(event, listener);

/**
 * The local path of a dropped file or folder; '' when it has none (text or an image dragged from
 * a web page, for example), which callers skip.
 */
export function pathForFile(file: File): string {
  try {
    return api().pathForFile(file);
  } catch {
    return '';
  }
}
