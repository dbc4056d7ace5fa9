/**
 * The app's one open vault and its running jobs. Lives in the main process (or the browser test
 * bridge); the renderer only sees what the handlers return and the events emitted here.
 */
import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload, JobEnd } from '../../src-shared/contract.ts';
import type { AuditReport } from '../../src-shared/types/audit.ts';
import type { CaseExport } from '../../src-shared/types/export.ts';
import type { VerifyReport } from '../../src-shared/types/verify.ts';
import type { IngestOutcomeView, VaultSettings, VaultStatus } from '../../src-shared/types/vault.ts';
import { auditVault, exportCase, getVaultSettings, ingestPaths, toAppError, updateVaultSettings, Vault, VaultError, verifyPath } from '../core/index.ts';
import type { IngestOutcome, KdfParams } from '../core/index.ts';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

type JobKind = 'export' | 'verify' | 'audit';
type JobResult = { export: CaseExport; verify: VerifyReport; audit: AuditReport };
type Job = { controller: AbortController; done: Promise<void> };
export type FinishedVerification = { target: string; at: string; report: VerifyReport };

export type SessionOptions = {
  emit: Emit;
  /** Tests pass the test KDF parameters; the app uses the default. */
  kdf?: KdfParams;
};

const PROGRESS_INTERVAL_MS = 100;

export class AppSession {
  #vault: Vault | null = null;
  #folder: string | null = null;
  /** Jobs that use the open vault: a lock cancels them and waits for them to stop. */
  #jobs = new Map<string, Job>();
  /** Verifications need no vault and survive a lock. */
  #verifyJobs = new Map<string, Job>();
  /** The last finished verification, for "save verification report"; it holds no vault data. */
  #lastVerification: { jobId: string; result: FinishedVerification } | null = null;
  readonly #emit: Emit;
  readonly #kdf: KdfParams | undefined;

  constructor(options: SessionOptions) {
    this.#emit = options.emit;
    this.#kdf = options.kdf;
  }

  status(): VaultStatus {
    return { state: this.#vault ? 'unlocked' : 'locked', folder: this.#folder };
  }

  vault(): Vault {
    if (!this.#vault) throw new VaultError('VAULT_LOCKED', 'The vault is locked.');
    return this.#vault;
  }

  async create(folder: string, passphrase: string, operator?: string): Promise<{ recoveryKey: string; status: VaultStatus }> {
    await this.lock();
    const { vault, recoveryKey } = await Vault.create(folder, passphrase, {
      ...(operator ? { operator } : {}),
      ...(this.#kdf ? { kdf: this.#kdf } : {}),
    });
    this.#opened(vault, folder);
    return { recoveryKey, status: this.status() };
  }

  async unlock(folder: string, passphrase: string): Promise<VaultStatus> {
    // A wrong passphrase must leave an open vault as it was, so unlock first and swap after.
    const vault = await Vault.unlock(folder, passphrase);
    if (this.#vault) await this.lock();
    this.#opened(vault, folder);
    return this.status();
  }

  /** Cancels running jobs, waits for them to stop, closes the database and wipes the keys. */
  async lock(): Promise<VaultStatus> {
    if (!this.#vault) return this.status();
    for (const job of this.#jobs.values()) job.controller.abort();
    await Promise.allSettled([...this.#jobs.values()].map((j) => j.done));
    this.#vault?.lock();
    this.#vault = null;
    this.#emit('vault:state', this.status());
    return this.status();
  }

  async changePassphrase(current: string, next: string): Promise<VaultStatus> {
    const vault = this.vault();
    // Proves the person at the keyboard knows the passphrase, not only that the vault is open.
    if (!(await vault.verifyPassphrase(current))) throw new VaultError('WRONG_PASSPHRASE', 'Wrong passphrase.');
    await vault.changePassphrase(next);
    return this.status();
  }

  settings(): VaultSettings {
    return getVaultSettings(this.vault());
  }

  updateSettings(patch: Partial<VaultSettings>): VaultSettings {
    return updateVaultSettings(this.vault(), patch);
  }

  /** Locks when the system has been idle for at least the vault's idle-lock time. */
  async checkIdle(systemIdleSeconds: number): Promise<boolean> {
    if (!this.#vault) return false;
    const minutes = this.settings().idleLockMinutes;
    if (minutes <= 0 || systemIdleSeconds < minutes * 60) return false;
    await this.lock();
    return true;
  }

  startIngest(paths: string[], sourceNote?: string): { jobId: string } {
    const vault = this.vault();
    const jobId = randomUUID();
    const controller = new AbortController();
    let lastProgress = 0;
    const done = (async () => {
      const outcomes = await ingestPaths(vault, paths, {
        signal: controller.signal,
        ...(sourceNote ? { sourceNote } : {}),
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastProgress < PROGRESS_INTERVAL_MS && p.filesDone < p.filesTotal) return;
          lastProgress = now;
          this.#emit('ingest:progress', { jobId, ...p });
        },
        onOutcome: (outcome) => this.#emit('ingest:outcome', { jobId, outcome: outcomeView(outcome) }),
      });
      this.#emit('ingest:done', { jobId, cancelled: controller.signal.aborted, outcomes: outcomes.map(outcomeView) });
    })()
      .catch(() => {
        this.#emit('ingest:done', { jobId, cancelled: controller.signal.aborted, outcomes: [] });
      })
      .finally(() => this.#jobs.delete(jobId));
    this.#jobs.set(jobId, { controller, done });
    return { jobId };
  }

  startExport(options: { caseId: string; out: string; originals?: boolean; identities?: number[] }): { jobId: string } {
    const vault = this.vault();
    return this.#startJob(this.#jobs, 'export', (signal, onProgress) =>
      exportCase(vault, {
        caseRef: options.caseId,
        out: options.out,
        signal,
        onProgress,
        ...(options.originals ? { originals: true } : {}),
        ...(options.identities?.length ? { identities: options.identities } : {}),
      }),
    );
  }

  startVerify(target: string, keyFile?: string): { jobId: string } {
    const { jobId } = this.#startJob(
      this.#verifyJobs,
      'verify',
      (signal, onProgress) => verifyPath(target, { signal, onProgress, ...(keyFile ? { keyFile } : {}) }),
      (id, report) => (this.#lastVerification = { jobId: id, result: { target, at: new Date().toISOString(), report } }),
    );
    return { jobId };
  }

  finishedVerification(jobId: string): FinishedVerification {
    if (this.#lastVerification?.jobId !== jobId) throw new VaultError('NOT_FOUND', 'That verification has not finished, or a newer one replaced it.');
    return this.#lastVerification.result;
  }

  startAudit(): { jobId: string } {
    const vault = this.vault();
    return this.#startJob(this.#jobs, 'audit', (signal, onProgress) => auditVault(vault, { signal, onProgress: (p) => onProgress(p.bytesDone, p.bytesTotal) }));
  }

  /** Runs a job whose progress and end arrive as `<kind>:progress` and `<kind>:done`. */
  #startJob<K extends JobKind>(
    jobs: Map<string, Job>,
    kind: K,
    run: (signal: AbortSignal, onProgress: (done: number, total: number) => void) => Promise<JobResult[K]>,
    onValue?: (jobId: string, value: JobResult[K]) => void,
  ): { jobId: string } {
    const jobId = randomUUID();
    const controller = new AbortController();
    let lastProgress = 0;
    const end = (payload: JobEnd<JobResult[K]>) => this.#emit(`${kind}:done`, payload as EventPayload<`${K}:done`>);
    const done = run(controller.signal, (d, total) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS && d < total) return;
      lastProgress = now;
      this.#emit(`${kind}:progress`, { jobId, done: d, total });
    })
      .then((value) => {
        onValue?.(jobId, value);
        end({ jobId, ok: true, value });
      })
      .catch((err: unknown) => end({ jobId, ok: false, error: toAppError(err) }))
      .finally(() => jobs.delete(jobId));
    jobs.set(jobId, { controller, done });
    return { jobId };
  }

  /** Cancels an import, export, audit or verification. */
  cancelJob(jobId: string): { cancelled: boolean } {
    const job = this.#jobs.get(jobId) ?? this.#verifyJobs.get(jobId);
    if (!job) return { cancelled: false };
    job.controller.abort();
    return { cancelled: true };
  }

  #opened(vault: Vault, folder: string): void {
    this.#vault = vault;
    this.#folder = folder;
    this.#emit('vault:state', this.status());
  }
}

function outcomeView(o: IngestOutcome): IngestOutcomeView {
  return { path: o.path, status: o.status, id: o.id ?? null, sha256: o.sha256 ?? null, message: o.error ?? null, reason: o.reason ?? null, shareableStatus: o.shareable?.status ?? null };
}
