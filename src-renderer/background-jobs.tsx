/**
 * Exports, audits and verifications kept above the screens, as the import is: a person who starts a
 * long export and looks at another screen finds its progress and summary when coming back. Export
 * and audit use the vault, so their provider lives inside the unlocked subtree and a lock drops them;
 * a verification needs no vault and survives a lock.
 */
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Result } from '../src-shared/result.ts';
import type { AuditReport } from '../src-shared/types/audit.ts';
import type { CaseExport } from '../src-shared/types/export.ts';
import type { VerifyReport } from '../src-shared/types/verify.ts';
import { invoke } from './api.ts';
import { jobBusy, useJob } from './use-job.ts';
import type { JobApi } from './use-job.ts';

/** What the person chose for an export, shown again when they come back to its screen. */
export type ExportRequest = { caseId: string; caseNumber: string; out: string; originals: boolean; identities: readonly number[] };

export interface ExportJobApi extends JobApi<CaseExport> {
  /** The current (or last) export's case and choices. */
  request: ExportRequest | null;
  startFor(request: ExportRequest, call: () => Promise<Result<{ jobId: string }>>): Promise<void>;
}

export interface VerifyJobApi extends JobApi<VerifyReport> {
  /** What the current (or last) verification checks, and against which published key, if any. */
  target: string | null;
  keyUsed: string | null;
  /** The published key the next verification checks the signature against (else the package's own). */
  keyFile: string | null;
  setKeyFile(path: string | null): void;
  verify(path: string): void;
}

const VaultJobs = createContext<{ exportJob: ExportJobApi; auditJob: JobApi<AuditReport> } | null>(null);
const VerifyJob = createContext<VerifyJobApi | null>(null);

export function VaultJobsProvider({ children }: { children: ReactNode }) {
  const exporting = useJob('export');
  const auditJob = useJob('audit');
  const [request, setRequest] = useState<ExportRequest | null>(null);
  const { start } = exporting;
  const exportBusy = jobBusy(exporting.job.phase);
  const startFor = useCallback(
    async (next: ExportRequest, call: () => Promise<Result<{ jobId: string }>>) => {
      // One export at a time: the running one keeps its case.
      if (exportBusy) return;
      setRequest(next);
      await start(call);
    },
    [start, exportBusy],
  );
  const value = useMemo(
    () => ({ exportJob: { ...exporting, request, startFor }, auditJob }),
    [exporting, auditJob, request, startFor],
  );
  return <VaultJobs.Provider value={value}>{children}</VaultJobs.Provider>;
}

export function VerifyJobProvider({ children }: { children: ReactNode }) {
  const job = useJob('verify');
  const [target, setTarget] = useState<string | null>(null);
  const [keyFile, setKeyFile] = useState<string | null>(null);
  const [keyUsed, setKeyUsed] = useState<string | null>(null);
  const { start } = job;
  const busy = jobBusy(job.job.phase);
  const verify = useCallback(
    (path: string) => {
      if (busy) return;
      setTarget(path);
      setKeyUsed(keyFile);
      void start(() => invoke('verify:start', { path, ...(keyFile ? { keyFile } : {}) }));
    },
    [start, busy, keyFile],
  );
  const value = useMemo(() => ({ ...job, target, keyUsed, keyFile, setKeyFile, verify }), [job, target, keyUsed, keyFile, verify]);
  return <VerifyJob.Provider value={value}>{children}</VerifyJob.Provider>;
}

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is used outside its provider.`);
  return value;
}

export const useExportJob = (): ExportJobApi => need(useContext(VaultJobs), 'useExportJob').exportJob;
export const useAuditJob = (): JobApi<AuditReport> => need(useContext(VaultJobs), 'useAuditJob').auditJob;
export const useVerifyJob = (): VerifyJobApi => need(useContext(VerifyJob), 'useVerifyJob');
