/**
 * The handler table: one function per contract channel, calling into the core through the
 * session. The mapped type requires a handler for every channel, so a channel added to the
 * contract without a handler is a compile error. Never imports electron: platform needs (dialogs,
 * host versions) come in through `PlatformServices`, which the shell implements with Electron and
 * the browser test bridge implements for tests.
 */
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract.ts';
import { writeFile } from 'node:fs/promises';
import type { AnnotationTarget, CaseInput } from '../../src-shared/contract.ts';
import type { NewCase } from '../../src-shared/types/cases.ts';
import {
  addIncident,
  addNote,
  addPerson,
  caseCustodyEvents,
  createCase,
  exportItemFile,
  exportPlan,
  formatVerifyReport,
  getCase,
  getDiagnostics,
  getItemDetail,
  itemCases,
  itemTags,
  linkItems,
  listCases,
  listExhibits,
  listItems,
  listNotes,
  makeShareableCopy,
  moveExhibit,
  overrideShareable,
  revealIdentity,
  search,
  signingKeyInfo,
  tagCase,
  tagItem,
  unlinkItem,
  untagCase,
  untagItem,
  updateCase,
  updateExhibit,
} from '../core/index.ts';
import type { NoteTarget, Vault } from '../core/index.ts';
import type { AppSession } from './session.ts';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type Handlers = { [C in Channel]: Handler<C> };

/** What the app shell provides that the core cannot: host versions and native dialogs. */
export interface PlatformServices {
  appVersion: string;
  electronVersion: string | null;
  chromeVersion: string | null;
  chooseFolder(purpose: 'create' | 'open' | 'export' | 'verify'): Promise<string | null>;
  chooseImportPaths(kind: 'files' | 'folder'): Promise<string[]>;
  /** Native save dialog; null when cancelled. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Native open dialog for an OpenSSH public key file; null when cancelled. */
  chooseKeyFile(): Promise<string | null>;
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
    'ingest:cancel': ({ jobId }) => session.cancelJob(jobId),
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
    'items:cases': ({ id }) => itemCases(session.vault(), id),

    'cases:list': () => listCases(session.vault()),
    'cases:create': (input) => createCase(session.vault(), newCase(input)),
    'cases:update': ({ caseId, fields }) => updateCase(session.vault(), caseId, withoutUndefined(fields)),
    'cases:get': ({ caseId }) => getCase(session.vault(), caseId),
    'cases:exhibits': ({ caseId, offset, limit }) => listExhibits(session.vault(), caseId, offset, limit),
    'cases:events': ({ caseId, offset, limit }) => caseCustodyEvents(session.vault(), caseId, offset, limit),
    'cases:link': ({ caseId, itemIds, label, description }) =>
      linkItems(session.vault(), caseId, itemIds, { ...(label ? { label } : {}), ...(description ? { description } : {}) }).map(({ itemId, label: l, position }) => ({
        itemId,
        label: l,
        position,
      })),
    'cases:unlink': ({ caseId, itemId }) => unlinkItem(session.vault(), caseId, itemId),
    'cases:move-exhibit': ({ caseId, itemId, toPosition }) => {
      moveExhibit(session.vault(), caseId, itemId, toPosition);
      return DONE;
    },
    'cases:update-exhibit': ({ caseId, itemId, label, description }) => {
      updateExhibit(session.vault(), caseId, itemId, { ...(label !== undefined ? { label } : {}), ...(description !== undefined ? { description } : {}) });
      return DONE;
    },
    'cases:add-person': ({ caseId, pseudonym, role, identity }) =>
      addPerson(session.vault(), caseId, { pseudonym, role, ...(identity ? { identity: withoutUndefined(identity) } : {}) }),
    'cases:reveal-identity': ({ personId, reason, caseId }) =>
      revealIdentity(session.vault(), personId, { ...(reason ? { reason } : {}), ...(caseId ? { caseRef: caseId } : {}) }),
    'cases:add-incident': ({ caseId, ...incident }) => addIncident(session.vault(), caseId, withoutUndefined(incident)),
    'notes:add': ({ target, text }) => addNote(session.vault(), noteTarget(target), text),
    'notes:list': ({ target }) => listNotes(session.vault(), noteTarget(target)),
    'tags:add': ({ target, tag }) => {
      const vault = session.vault();
      if ('itemId' in target) tagItem(vault, target.itemId, tag);
      else tagCase(vault, target.caseId, tag);
      return { tags: tagsOf(vault, target) };
    },
    'tags:remove': ({ target, tag }) => {
      const vault = session.vault();
      if ('itemId' in target) untagItem(vault, target.itemId, tag);
      else untagCase(vault, target.caseId, tag);
      return { tags: tagsOf(vault, target) };
    },
    'tags:list': ({ target }) => ({ tags: tagsOf(session.vault(), target) }),
    'search:query': ({ query, filters, limitPerKind }) =>
      search(session.vault(), query, filters ? withoutUndefined(filters) : {}, limitPerKind ? { limitPerKind } : {}),

    'export:plan': ({ caseId }) => exportPlan(session.vault(), caseId),
    'export:start': (options) => session.startExport(options),
    'export:cancel': ({ jobId }) => session.cancelJob(jobId),
    'verify:start': ({ path, keyFile }) => session.startVerify(path, keyFile),
    'verify:choose-key': async () => ({ path: await platform.chooseKeyFile() }),
    'verify:cancel': ({ jobId }) => session.cancelJob(jobId),
    'verify:save-report': async ({ jobId }) => {
      const finished = session.finishedVerification(jobId);
      const target = await platform.chooseSavePath('verification-report.txt');
      if (!target) return null;
      await writeFile(target, formatVerifyReport(finished.report, { target: finished.target, at: finished.at, tool: `Evidence Vault ${platform.appVersion}` }), { mode: 0o644 });
      return { path: target };
    },
    'audit:start': () => session.startAudit(),
    'settings:signing-key': () => signingKeyInfo(session.vault()),
  };
}

/** "IMG_0412.jpg" → "IMG_0412 (shareable).jpg": a copy is never mistaken for the original. */
function shareableName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (shareable)${name.slice(dot)}` : `${name} (shareable)`;
}

const DONE = { done: true } as const;

/** zod's optional fields may arrive as explicit undefined; the core's exact optional types do not take that. */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function newCase(input: CaseInput): NewCase {
  return withoutUndefined(input) as NewCase;
}

const noteTarget = (target: AnnotationTarget): NoteTarget => ('itemId' in target ? { itemId: target.itemId } : { caseRef: target.caseId });

function tagsOf(vault: Vault, target: AnnotationTarget): string[] {
  return 'itemId' in target ? itemTags(vault, target.itemId) : getCase(vault, target.caseId, { exhibitLimit: 0 }).tags;
}
