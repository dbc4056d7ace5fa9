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

type Empty = Record<string, never>;

/** Each channel: what the renderer sends, and what a successful call returns. */
export interface Channels {
  'app:diagnostics': { request: Empty; response: Diagnostics };
}

/** Events main pushes to the renderer. */
export interface Events {
  'app:notice': { kind: 'info' | 'warning'; message: string };
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
const channelNames: { [C in Channel]: true } = { 'app:diagnostics': true };
const eventNames: { [E in EventName]: true } = { 'app:notice': true };
export const CHANNELS = Object.freeze(Object.keys(channelNames) as Channel[]);
export const EVENTS = Object.freeze(Object.keys(eventNames) as EventName[]);

export const isChannel = (name: unknown): name is Channel => typeof name === 'string' && Object.hasOwn(channelNames, name);
export const isEvent = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(eventNames, name);

/** What the preload exposes as `window.evidenceVault`, and all the renderer knows of the app. */
export interface EvidenceVaultApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Returns a function that removes the listener. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The global name under which the preload (or the test bridge) installs the API. */
export const API_GLOBAL = 'evidenceVault';
