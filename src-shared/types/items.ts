/** Item views shared by the CLI's --json output, the IPC contract and the renderer. */
export interface ItemSummary {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  ingestedAt: string;
}

export interface CustodyEventView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  itemId: string | null;
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
  events: CustodyEventView[];
}
