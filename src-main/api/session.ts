/**
 * The app's one open vault and its running jobs. Lives in the main process (or the browser test
 * bridge); the renderer only sees what the handlers return and the events emitted here.
 */
import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload } from '../../src-shared/contract.ts';
import type { IngestOutcomeView, VaultSettings, VaultStatus } from '../../src-shared/types/vault.ts';
import { getVaultSettings, ingestPaths, updateVaultSettings, Vault, VaultError } from '../core/index.ts';
import type { IngestOutcome, KdfParams } from '../core/index.ts';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type SessionOptions = {
  emit: Emit;
  /** Tests pass the test KDF parameters; the app uses the default. */
  kdf?: KdfParams;
};

const PROGRESS_INTERVAL_MS = 100;

export class AppSession {
  #vault: Vault | null = null;
  #folder: string | null = null;
  #jobs = new Map<string, { controller: AbortController; done: Promise<void> }>();
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

  cancelIngest(jobId: string): { cancelled: boolean } {
    const job = this.#jobs.get(jobId);
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
