/**
 * The renderer's side of the contract, for unit tests: a real session and handler table, called
 * through the same dispatch as the IPC router (schema check, error mapping), with every event kept.
 */
import { dispatch } from '../../src-main/api/dispatch.ts';
import { createHandlers } from '../../src-main/api/handlers.ts';
import { AppSession } from '../../src-main/api/session.ts';
import { KDF_PARAMS_FOR_TESTS } from '../../src-main/core/index.ts';
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../../src-shared/contract.ts';
import type { Result } from '../../src-shared/result.ts';

type JobEvent = 'export:done' | 'verify:done' | 'audit:done' | 'ingest:done';

export function apiHarness() {
  const seen: { event: EventName; payload: unknown }[] = [];
  /** What the native pickers "choose" next. */
  const dialogs = { savePath: null as string | null };
  const session = new AppSession({ kdf: KDF_PARAMS_FOR_TESTS, emit: <E extends EventName>(event: E, payload: EventPayload<E>) => seen.push({ event, payload }) });
  const handlers = createHandlers(
    {
      appVersion: '0.0.0-test',
      electronVersion: null,
      chromeVersion: null,
      chooseFolder: async () => null,
      chooseImportPaths: async () => [],
      chooseSavePath: async () => dialogs.savePath,
      chooseKeyFile: async () => null,
    },
    session,
  );
  const call = <C extends Channel>(channel: C, request: RequestOf<C>) => dispatch(handlers, channel, request) as Promise<Result<ResponseOf<C>>>;
  /** The value of a call that must succeed. */
  async function value<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await call(channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  /** The end event of a job; earlier events stay in `seen` for progress checks. */
  function doneOf<E extends JobEvent>(event: E, jobId: string): Promise<EventPayload<E>> {
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        const hit = seen.find((s) => s.event === event && (s.payload as { jobId: string }).jobId === jobId);
        if (hit) {
          clearInterval(timer);
          resolve(hit.payload as EventPayload<E>);
        }
      }, 10);
    });
  }
  return { session, seen, dialogs, call, value, doneOf };
}
