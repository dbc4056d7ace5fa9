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
import type { Diagnostics } from './types/diagnostics.ts';
import type { ItemDetail, ItemSummary } from './types/items.ts';
import type { ShareableDetail, ShareableStatus, ShareableSummary } from './types/shareable.ts';
import type { IngestOutcomeView, IngestProgressView, VaultSettings, VaultStatus } from './types/vault.ts';

type Empty = Record<string, never>;

/** Each channel: what the renderer sends, and what a successful call returns. */
export interface Channels {
  'app:diagnostics': { request: Empty; response: Diagnostics };
  'vault:status': { request: Empty; response: VaultStatus };
  /** Native folder picker; null when the person cancelled. */
  'vault:choose-folder': { request: { purpose: 'create' | 'open' }; response: { folder: string | null } };
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
}

/** Events main pushes to the renderer. */
export interface Events {
  'app:notice': { kind: 'info' | 'warning'; message: string };
  /** The vault locked or unlocked, including by idle time, suspend or screen lock. */
  'vault:state': VaultStatus;
  'ingest:progress': IngestProgressView;
  'ingest:outcome': { jobId: string; outcome: IngestOutcomeView };
  'ingest:done': { jobId: string; cancelled: boolean; outcomes: IngestOutcomeView[] };
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
};
const eventNames: { [E in EventName]: true } = {
  'app:notice': true,
  'vault:state': true,
  'ingest:progress': true,
  'ingest:outcome': true,
  'ingest:done': true,
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
