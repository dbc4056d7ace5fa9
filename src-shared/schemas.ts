/**
 * Runtime schemas for every channel's request. Main validates each request with these before a
 * handler sees it; the mapped type below makes a missing or mistyped schema a compile error.
 */
import { z } from 'zod';
import type { Channel, RequestOf } from './contract.ts';

const empty = z.object({}).strict();
/** Paths are free text (any name a file system allows) but bounded, and never empty. */
const localPath = z.string().min(1).max(4096);
const secret = z.string().min(1).max(1024);
const itemId = z.string().regex(/^ITM-[0-9A-Z]{10}$/);

export const REQUEST_SCHEMAS: { [C in Channel]: z.ZodType<RequestOf<C>> } = {
  'app:diagnostics': empty,
  'vault:status': empty,
  'vault:choose-folder': z.object({ purpose: z.enum(['create', 'open']) }).strict(),
  'vault:create': z.object({ folder: localPath, passphrase: secret, operator: z.string().max(200).optional() }).strict(),
  'vault:unlock': z.object({ folder: localPath, passphrase: secret }).strict(),
  'vault:lock': empty,
  'vault:change-passphrase': z.object({ current: secret, next: secret }).strict(),
  'settings:get': empty,
  'settings:update': z
    .object({ operator: z.string().trim().min(1).max(200).optional(), idleLockMinutes: z.number().int().min(0).max(24 * 60).optional() })
    .strict(),
  'ingest:choose': z.object({ kind: z.enum(['files', 'folder']) }).strict(),
  'ingest:start': z.object({ paths: z.array(localPath).min(1).max(100_000), sourceNote: z.string().max(2000).optional() }).strict(),
  'ingest:cancel': z.object({ jobId: z.string().min(1).max(100) }).strict(),
  'items:list': z
    .object({
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
      shareable: z.enum(['stripped', 'unsupported', 'failed', 'none']).optional(),
    })
    .strict(),
  'items:get': z.object({ id: itemId }).strict(),
  'items:strip': z.object({ id: itemId }).strict(),
  'items:override': z.object({ id: itemId, reason: z.string().trim().min(1).max(2000) }).strict(),
  'items:save': z.object({ id: itemId, which: z.enum(['shareable', 'original']) }).strict(),
};
