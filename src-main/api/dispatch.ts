/**
 * Validates a request against its channel's schema, runs the handler, and turns every outcome
 * into a `Result`. Shared by the Electron IPC router and the browser test bridge so both take the
 * same path; no exception, message of an unexpected error, or stack ever leaves this function.
 */
import { isChannel } from '../../src-shared/contract.ts';
import { fail, ok } from '../../src-shared/result.ts';
import type { Result } from '../../src-shared/result.ts';
import { REQUEST_SCHEMAS } from '../../src-shared/schemas.ts';
import { toAppError } from '../core/index.ts';
import type { Handlers } from './handlers.ts';

export async function dispatch(handlers: Handlers, channel: unknown, request: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', 'Unknown request.');
  const parsed = REQUEST_SCHEMAS[channel].safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    return fail('BAD_REQUEST', `Invalid request for ${channel}${where}: ${issue?.message ?? 'malformed'}.`);
  }
  try {
    const handler = handlers[channel] as (req: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (err) {
    return { ok: false, error: toAppError(err) };
  }
}
