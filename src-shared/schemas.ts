/**
 * Runtime schemas for every channel's request. Main validates each request with these before a
 * handler sees it; the mapped type below makes a missing or mistyped schema a compile error.
 */
import { z } from 'zod';
import type { Channel, RequestOf } from './contract.ts';
import { CASE_STATUSES, PERSON_ROLES, SEARCH_KINDS, SHAREABLE_FILTERS } from './types/cases.ts';

const empty = z.object({}).strict();
/** Paths are free text (any name a file system allows) but bounded, and never empty. */
const localPath = z.string().min(1).max(4096);
const secret = z.string().min(1).max(1024);
const itemId = z.string().regex(/^ITM-[0-9A-Z]{10}$/);
/** A case's id or its number: the core resolves either. */
const caseId = z.string().trim().min(1).max(200);
const jobId = z.string().min(1).max(100);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const optionalText = (max: number) => z.string().max(max).nullable().optional();
const paging = { offset: z.number().int().min(0), limit: z.number().int().min(0).max(5000) };
const personId = z.number().int().positive();
const annotationTarget = z.union([z.object({ itemId }).strict(), z.object({ caseId }).strict()]);
const caseFields = {
  number: z.string().max(100),
  title: z.string().max(1000),
  forum: optionalText(1000),
  jurisdiction: optionalText(1000),
  status: z.enum(CASE_STATUSES).optional(),
  openedOn: day.nullable().optional(),
  filedOn: day.nullable().optional(),
  description: optionalText(100_000),
  notes: optionalText(100_000),
  exhibitPattern: z.string().max(100).optional(),
};

export const REQUEST_SCHEMAS: { [C in Channel]: z.ZodType<RequestOf<C>> } = {
  'app:diagnostics': empty,
  'vault:status': empty,
  'vault:choose-folder': z.object({ purpose: z.enum(['create', 'open', 'export', 'verify']) }).strict(),
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
  'items:cases': z.object({ id: itemId }).strict(),
  'cases:list': empty,
  // Required fields are checked by the core, which names the empty field in its message.
  'cases:create': z.object(caseFields).strict(),
  'cases:update': z.object({ caseId, fields: z.object(caseFields).partial().strict() }).strict(),
  'cases:get': z.object({ caseId }).strict(),
  'cases:exhibits': z.object({ caseId, ...paging }).strict(),
  'cases:events': z.object({ caseId, ...paging }).strict(),
  'cases:link': z
    .object({ caseId, itemIds: z.array(itemId).min(1).max(100_000), label: z.string().max(200).optional(), description: z.string().max(100_000).optional() })
    .strict(),
  'cases:unlink': z.object({ caseId, itemId }).strict(),
  'cases:move-exhibit': z.object({ caseId, itemId, toPosition: z.number().int().min(1) }).strict(),
  'cases:update-exhibit': z.object({ caseId, itemId, label: z.string().max(200).optional(), description: optionalText(100_000) }).strict(),
  'cases:add-person': z
    .object({
      caseId,
      pseudonym: z.string().max(200),
      role: z.enum(PERSON_ROLES),
      identity: z.object({ realName: optionalText(1000), contacts: optionalText(10_000), notes: optionalText(100_000) }).strict().optional(),
    })
    .strict(),
  'cases:reveal-identity': z.object({ personId, reason: z.string().max(2000).optional(), caseId: caseId.optional() }).strict(),
  'cases:add-incident': z
    .object({
      caseId,
      date: z.string().max(100),
      place: optionalText(1000),
      latitude: z.number().min(-90).max(90).nullable().optional(),
      longitude: z.number().min(-180).max(180).nullable().optional(),
      description: optionalText(100_000),
      personIds: z.array(personId).max(10_000).optional(),
    })
    .strict(),
  'notes:add': z.object({ target: annotationTarget, text: z.string().max(100_000) }).strict(),
  'notes:list': z.object({ target: annotationTarget }).strict(),
  'tags:add': z.object({ target: annotationTarget, tag: z.string().max(200) }).strict(),
  'tags:remove': z.object({ target: annotationTarget, tag: z.string().max(200) }).strict(),
  'tags:list': z.object({ target: annotationTarget }).strict(),
  'search:query': z
    .object({
      query: z.string().max(1000),
      filters: z
        .object({
          caseNumber: z.string().max(200).optional(),
          kinds: z.array(z.enum(SEARCH_KINDS)).max(SEARCH_KINDS.length).optional(),
          mediaType: z.string().max(200).optional(),
          from: day.optional(),
          to: day.optional(),
          shareableStatus: z.enum(SHAREABLE_FILTERS).optional(),
          tag: z.string().max(200).optional(),
        })
        .strict()
        .optional(),
      limitPerKind: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
  'export:plan': z.object({ caseId }).strict(),
  'export:start': z
    .object({ caseId, out: localPath, originals: z.boolean().optional(), identities: z.array(personId).max(10_000).optional() })
    .strict(),
  'export:cancel': z.object({ jobId }).strict(),
  'verify:start': z.object({ path: localPath, keyFile: localPath.optional() }).strict(),
  'verify:choose-key': empty,
  'verify:cancel': z.object({ jobId }).strict(),
  'verify:save-report': z.object({ jobId }).strict(),
  'audit:start': empty,
  'settings:signing-key': empty,
};
