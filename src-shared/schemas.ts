/**
 * Runtime schemas for every channel's request. Main validates each request with these before a
 * handler sees it; the mapped type below makes a missing or mistyped schema a compile error.
 */
import { z } from 'zod';
import type { Channel, RequestOf } from './contract.ts';

const empty = z.object({}).strict();

export const REQUEST_SCHEMAS: { [C in Channel]: z.ZodType<RequestOf<C>> } = {
  'app:diagnostics': empty,
};
