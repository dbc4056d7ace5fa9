/** What auditing a vault found (CLI --json, IPC). */
export type AuditProblemKind = 'missing-file' | 'corrupted-file' | 'hash-mismatch' | 'missing-key' | 'broken-chain';
export type AuditProblem = { kind: AuditProblemKind; itemId: string | null; message: string; eventSeq?: number };
export type AuditReport = {
  ok: boolean;
  itemsChecked: number;
  bytesChecked: number;
  eventsChecked: number;
  chainHead: { seq: number; hash: string } | null;
  problems: AuditProblem[];
};
