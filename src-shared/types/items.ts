/** Item views shared by the CLI's --json output, the IPC contract and the renderer. */
import type { ShareableDetail, ShareableStatus } from './shareable.ts';

export interface ItemSummary {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  ingestedAt: string;
  /** Status of the current shareable copy; null when none has been made yet. */
  shareableStatus: ShareableStatus | null;
}

export interface CustodyEventView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  itemId: string | null;
  /** The item's original name, where a view lists events of several items (a case's timeline). */
  itemName?: string;
  caseId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface ItemDetail extends ItemSummary {
  originalPath: string;
  wasSymlink: boolean;
  symlinkTarget: string | null;
  fileMtime: string | null;
  fileCtime: string | null;
  fileBirthtime: string | null;
  operator: string;
  sourceNote: string | null;
  /** Everything exiftool read from the original, keyed "Group:Tag". */
  metadata: Record<string, unknown>;
  /** The current shareable copy: what was removed, the proof, the scan. */
  shareable: ShareableDetail | null;
  events: CustodyEventView[];
}
