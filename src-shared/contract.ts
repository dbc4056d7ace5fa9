/**
 * The one IPC contract between the renderer and the main process.
 *
 * Main, preload and renderer all import these names and types, so a channel that exists in one
 * layer exists in all of them. Request schemas live beside it in `schemas.ts` and are checked
 * against these types at compile time; the main side's handler table (`src-main/api`) must have a
 * handler for every channel or it does not compile.
 *
 * Plain types only: this file is bundled into the sandboxed preload and the renderer.
 */
import type { Result } from './result.ts';
import type { AuditReport } from './types/audit.ts';
import type {
  CaseDetail,
  CasePersonView,
  CaseStatus,
  CaseSummary,
  ExhibitPage,
  IncidentView,
  ItemCaseView,
  NoteView,
  PersonRole,
  RevealedIdentity,
  SearchFilters,
  SearchResults,
} from './types/cases.ts';
import type { Diagnostics } from './types/diagnostics.ts';
import type { CaseExport, ExportPlan } from './types/export.ts';
import type { CustodyEventView, ItemDetail, ItemSummary } from './types/items.ts';
import type { SigningKeyInfo } from './types/signing-key.ts';
import type { VerifyReport } from './types/verify.ts';
import type { ShareableDetail, ShareableStatus, ShareableSummary } from './types/shareable.ts';
import type { IngestOutcomeView, IngestProgressView, VaultSettings, VaultStatus } from './types/vault.ts';

type Empty = Record<string, never>;
type Ok = { done: true };

/** A case's editable fields as a form sends them; null clears an optional field. */
export interface CaseInput {
  number: string;
  title: string;
  forum?: string | null;
  jurisdiction?: string | null;
  status?: CaseStatus;
  openedOn?: string | null;
  filedOn?: string | null;
  description?: string | null;
  notes?: string | null;
  exhibitPattern?: string;
}

/** What a background job ended with: its result, or why it did not finish. */
export type JobEnd<T> = { jobId: string } & ({ ok: true; value: T } | { ok: false; error: { code: string; message: string } });
export type JobProgress = { jobId: string; done: number; total: number };
export type AnnotationTarget = { itemId: string } | { caseId: string };

/** Each channel: what the renderer sends, and what a successful call returns. */
export interface Channels {
  'app:diagnostics': { request: Empty; response: Diagnostics };
  'vault:status': { request: Empty; response: VaultStatus };
  /** Native folder picker; null when the person cancelled. */
  'vault:choose-folder': { request: { purpose: 'create' | 'open' | 'export' | 'verify' }; response: { folder: string | null } };
  /** Creates and opens a vault; the recovery key is returned this once and stored nowhere. */
  'vault:create': { request: { folder: string; passphrase: string; operator?: string }; response: { recoveryKey: string; status: VaultStatus } };
  'vault:unlock': { request: { folder: string; passphrase: string }; response: VaultStatus };
  'vault:lock': { request: Empty; response: VaultStatus };
  'vault:change-passphrase': { request: { current: string; next: string }; response: VaultStatus };
  'settings:get': { request: Empty; response: VaultSettings };
  'settings:update': { request: Partial<VaultSettings>; response: VaultSettings };
  /** Native file or folder picker for import; empty when cancelled. */
  'ingest:choose': { request: { kind: 'files' | 'folder' }; response: { paths: string[] } };
  /** Starts an import job; progress and results arrive as ingest:* events. */
  'ingest:start': { request: { paths: string[]; sourceNote?: string }; response: { jobId: string } };
  'ingest:cancel': { request: { jobId: string }; response: { cancelled: boolean } };
  'items:list': { request: { offset: number; limit: number; shareable?: ShareableStatus | 'none' }; response: { total: number; items: ItemSummary[] } };
  'items:get': { request: { id: string }; response: ItemDetail };
  /** Makes the item's shareable copy again (e.g. after an engine upgrade). */
  'items:strip': { request: { id: string }; response: ShareableSummary };
  /** Declares an item whose copy is not stripped shareable anyway; a custody event. */
  'items:override': { request: { id: string; reason: string }; response: ShareableDetail };
  /**
   * Asks where to save, then writes the shareable copy or (after the person confirmed in the UI)
   * the original. Null when the save dialog was cancelled.
   */
  'items:save': { request: { id: string; which: 'shareable' | 'original' }; response: { path: string; sha256: string } | null };
  /** The cases an item is an exhibit of. */
  'items:cases': { request: { id: string }; response: ItemCaseView[] };

  'cases:list': { request: Empty; response: { total: number; cases: CaseSummary[] } };
  'cases:create': { request: CaseInput; response: CaseSummary };
  'cases:update': { request: { caseId: string; fields: Partial<CaseInput> }; response: CaseSummary };
  /** The case with its first page of exhibits, people, incidents and notes. */
  'cases:get': { request: { caseId: string }; response: CaseDetail };
  'cases:exhibits': { request: { caseId: string; offset: number; limit: number }; response: ExhibitPage };
  /** Custody events of the case and of its exhibits, oldest first (the timeline adds the incidents). */
  'cases:events': { request: { caseId: string; offset: number; limit: number }; response: CustodyEventView[] };
  /** Links items as the case's next exhibits (all or none); a label only for a single item. */
  'cases:link': { request: { caseId: string; itemIds: string[]; label?: string; description?: string }; response: Array<{ itemId: string; label: string; position: number }> };
  /** Removes an exhibit from the case; the item stays in the vault. */
  'cases:unlink': { request: { caseId: string; itemId: string }; response: { itemId: string; label: string } };
  /** Moves an exhibit to a 1-based position, shifting the others. */
  'cases:move-exhibit': { request: { caseId: string; itemId: string; toPosition: number }; response: Ok };
  'cases:update-exhibit': { request: { caseId: string; itemId: string; label?: string; description?: string | null }; response: Ok };
  'cases:add-person': {
    request: { caseId: string; pseudonym: string; role: PersonRole; identity?: { realName?: string | null; contacts?: string | null; notes?: string | null } };
    response: CasePersonView;
  };
  /**
   * Shows a person's protected identity: a deliberate act, recorded in the custody log (on the case
   * it was revealed in, when `caseId` names one, so the case's own events show it).
   */
  'cases:reveal-identity': { request: { personId: number; reason?: string; caseId?: string }; response: RevealedIdentity };
  'cases:add-incident': {
    request: { caseId: string; date: string; place?: string | null; latitude?: number | null; longitude?: number | null; description?: string | null; personIds?: number[] };
    response: IncidentView;
  };
  'notes:add': { request: { target: AnnotationTarget; text: string }; response: NoteView };
  'notes:list': { request: { target: AnnotationTarget }; response: NoteView[] };
  'tags:add': { request: { target: AnnotationTarget; tag: string }; response: { tags: string[] } };
  'tags:remove': { request: { target: AnnotationTarget; tag: string }; response: { tags: string[] } };
  'tags:list': { request: { target: AnnotationTarget }; response: { tags: string[] } };
  'search:query': { request: { query: string; filters?: SearchFilters; limitPerKind?: number }; response: SearchResults };

  /** What an export of the case would include, and what it would leave out and why. */
  'export:plan': { request: { caseId: string }; response: ExportPlan };
  /**
   * Writes the case's filing package into an empty or new folder; progress and the result arrive as
   * export:* events. `identities` names the people whose protected identity the report includes.
   */
  'export:start': { request: { caseId: string; out: string; originals?: boolean; identities?: number[] }; response: { jobId: string } };
  'export:cancel': { request: { jobId: string }; response: { cancelled: boolean } };
  /**
   * Verifies a bag or checksum file (no vault needed); progress and the report arrive as verify:*
   * events. `keyFile`: the signer's public key as published ahead of time, instead of the bag's own.
   */
  'verify:start': { request: { path: string; keyFile?: string }; response: { jobId: string } };
  /** Native file picker for a published public key (.pub); null when cancelled. */
  'verify:choose-key': { request: Empty; response: { path: string | null } };
  'verify:cancel': { request: { jobId: string }; response: { cancelled: boolean } };
  /** Asks where to save, then writes the finished verification's report as text. Null when cancelled. */
  'verify:save-report': { request: { jobId: string }; response: { path: string } | null };
  /** Re-hashes every stored object and checks the custody chain; a custody event. */
  'audit:start': { request: Empty; response: { jobId: string } };
  'settings:signing-key': { request: Empty; response: SigningKeyInfo };
}

/** Events main pushes to the renderer. */
export interface Events {
  'app:notice': { kind: 'info' | 'warning'; message: string };
  /** The vault locked or unlocked, including by idle time, suspend or screen lock. */
  'vault:state': VaultStatus;
  'ingest:progress': IngestProgressView;
  'ingest:outcome': { jobId: string; outcome: IngestOutcomeView };
  'ingest:done': { jobId: string; cancelled: boolean; outcomes: IngestOutcomeView[] };
  /** Bytes written of the bytes to write. */
  'export:progress': JobProgress;
  'export:done': JobEnd<CaseExport>;
  /** Bytes hashed of the bytes to hash. */
  'verify:progress': JobProgress;
  'verify:done': JobEnd<VerifyReport>;
  /** Bytes checked of the vault's stored bytes. */
  'audit:progress': JobProgress;
  'audit:done': JobEnd<AuditReport>;
}

export type Channel = keyof Channels;
export type RequestOf<C extends Channel> = Channels[C]['request'];
export type ResponseOf<C extends Channel> = Channels[C]['response'];
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];

/**
 * Listing the names as a record keyed by the interface makes a forgotten name a compile error;
 * the preload uses the lists to refuse anything outside the contract.
 */
const channelNames: { [C in Channel]: true } = {
  'app:diagnostics': true,
  'vault:status': true,
  'vault:choose-folder': true,
  'vault:create': true,
  'vault:unlock': true,
  'vault:lock': true,
  'vault:change-passphrase': true,
  'settings:get': true,
  'settings:update': true,
  'ingest:choose': true,
  'ingest:start': true,
  'ingest:cancel': true,
  'items:list': true,
  'items:get': true,
  'items:strip': true,
  'items:override': true,
  'items:save': true,
  'items:cases': true,
  'cases:list': true,
  'cases:create': true,
  'cases:update': true,
  'cases:get': true,
  'cases:exhibits': true,
  'cases:events': true,
  'cases:link': true,
  'cases:unlink': true,
  'cases:move-exhibit': true,
  'cases:update-exhibit': true,
  'cases:add-person': true,
  'cases:reveal-identity': true,
  'cases:add-incident': true,
  'notes:add': true,
  'notes:list': true,
  'tags:add': true,
  'tags:remove': true,
  'tags:list': true,
  'search:query': true,
  'export:plan': true,
  'export:start': true,
  'export:cancel': true,
  'verify:start': true,
  'verify:cancel': true,
  'verify:choose-key': true,
  'verify:save-report': true,
  'audit:start': true,
  'settings:signing-key': true,
};
const eventNames: { [E in EventName]: true } = {
  'app:notice': true,
  'vault:state': true,
  'ingest:progress': true,
  'ingest:outcome': true,
  'ingest:done': true,
  'export:progress': true,
  'export:done': true,
  'verify:progress': true,
  'verify:done': true,
  'audit:progress': true,
  'audit:done': true,
};
export const CHANNELS = Object.freeze(Object.keys(channelNames) as Channel[]);
export const EVENTS = Object.freeze(Object.keys(eventNames) as EventName[]);

export const isChannel = (name: unknown): name is Channel => typeof name === 'string' && Object.hasOwn(channelNames, name);
export const isEvent = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(eventNames, name);

/** What the preload exposes as `window.evidenceVault`, and all the renderer knows of the app. */
export interface EvidenceVaultApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Returns a function that removes the listener. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The local path of a file dropped on the window (sandboxed renderers cannot see paths otherwise). */
  pathForFile(file: File): string;
}

/** The global name under which the preload (or the test bridge) installs the API. */
export const API_GLOBAL = 'evidenceVault';
