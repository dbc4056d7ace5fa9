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

export interface IngestOutcomeView {
  path: string;
  status: IngestStatus;
  id: string | null;
  sha256: string | null;
  /** The reason of an error, or "duplicate of item X". */
  message: string | null;
}

export interface IngestProgressView {
  jobId: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}
