/** A filing package as written (CLI --json, IPC). */
export type ExportedExhibit = { label: string; itemId: string; file: string; included: 'copy' | 'original'; sha256: string; size: number };
export type LeftOutExhibit = { label: string; itemId: string; status: string; reason: string };

export type CaseExport = {
  out: string;
  caseNumber: string;
  exhibits: ExportedExhibit[];
  leftOut: LeftOutExhibit[];
  originals: number;
  payloadOxum: string;
  tagManifestSha256: string;
  fingerprint: string;
  identity: string;
  head: { seq: number; hash: string };
};

/** One exhibit as an export would treat it. */
export type PlannedExhibit = {
  label: string;
  itemId: string;
  name: string;
  size: number;
  /** 'copy': the stripped shareable copy; 'original': no clean copy but a person overrode; 'left-out'. */
  includedAs: 'copy' | 'original' | 'left-out';
  /** The shareable copy's status, or 'none' when none was made. */
  shareableStatus: string;
  /** Why it is left out, or what the override said. */
  reason: string | null;
};

/** What an export of a case would write, before anything is written. */
export type ExportPlan = {
  caseId: string;
  caseNumber: string;
  exhibits: PlannedExhibit[];
  /** The case's people, to choose whose protected identity (if any) the report includes. */
  persons: Array<{ id: number; pseudonym: string; hasIdentity: boolean }>;
  /** Bytes of the shareable copies and overridden originals (originals add their own size). */
  bytes: number;
  fingerprint: string;
};
