import type { ShareableStatus } from './shareable.ts';

/** Vault state and settings as the app shows them. */
export type VaultState = 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  /** The folder of the open vault, or the last one used when locked (null before any). */
  folder: string | null;
}

export interface VaultSettings {
  operator: string;
  /** Lock after this many minutes without input anywhere on the system; 0 turns it off. */
  idleLockMinutes: number;
}

export type IngestStatus = 'ingested' | 'duplicate' | 'error';

/** Why a file was not imported; stable codes the UI translates. */
export type IngestFailureReason =
  | 'missing'
  | 'permission-denied'
  | 'not-a-regular-file'
  | 'symlink-loop'
  | 'unreadable'
  | 'changed'
  | 'cancelled'
  | 'disk-full'
  | 'failed';

export interface IngestOutcomeView {
  path: string;
  status: IngestStatus;
  id: string | null;
  sha256: string | null;
  /** The reason of an error in English, or "duplicate of item X". */
  message: string | null;
  /** Set when status is 'error'. */
  reason: IngestFailureReason | null;
  /** Status of the item's shareable copy (ingested and duplicate items). */
  shareableStatus: ShareableStatus | null;
}

export interface IngestProgressView {
  jobId: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}
