/**
 * The app session behind the IPC handlers: one open vault, import jobs with events, and locking —
 * by request, by idle time, and always with running jobs stopped first and keys wiped.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../src-main/api/session.ts';
import { closeExiftool, KDF_PARAMS_FOR_TESTS } from '../../src-main/core/index.ts';
import type { EventName, EventPayload } from '../../src-shared/contract.ts';

type Seen = { event: EventName; payload: unknown }[];

let dir: string;
let seen: Seen;
let session: AppSession;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ev-session-'));
  seen = [];
  session = new AppSession({
    kdf: KDF_PARAMS_FOR_TESTS,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => seen.push({ event, payload }),
  });
});
afterEach(async () => {
  await session.lock();
  await rm(dir, { recursive: true, force: true });
});
afterAll(() => closeExiftool());

function waitFor(event: EventName): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const hit = seen.find((s) => s.event === event);
      if (hit) {
        clearInterval(timer);
        resolve(hit.payload);
      }
    }, 10);
  });
}

describe('AppSession', () => {
  it('creates, locks and unlocks a vault, announcing each state change', async () => {
    const folder = path.join(dir, 'v');
    const { recoveryKey, status } = await session.create(folder, 'a long passphrase', 'Operator');
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(status).toEqual({ state: 'unlocked', folder });
    const vault = session.vault();
    const keyBefore = vault.fileKeyWrapKey;
    await session.lock();
    expect(keyBefore.every((b) => b === 0)).toBe(true);
    expect(() => session.vault()).toThrow(/locked/);
    await expect(session.unlock(folder, 'wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(session.status()).toEqual({ state: 'locked', folder });
    await session.unlock(folder, 'a long passphrase');
    expect(seen.filter((s) => s.event === 'vault:state').map((s) => (s.payload as { state: string }).state)).toEqual(['unlocked', 'locked', 'unlocked']);
  });

  it('a wrong passphrase for another vault leaves the open one open', async () => {
    await session.create(path.join(dir, 'a'), 'passphrase A', 'Operator');
    const other = new AppSession({ kdf: KDF_PARAMS_FOR_TESTS, emit: () => {} });
    await other.create(path.join(dir, 'b'), 'passphrase B', 'Operator');
    await other.lock();
    await expect(session.unlock(path.join(dir, 'b'), 'not it')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(session.status()).toEqual({ state: 'unlocked', folder: path.join(dir, 'a') });
  });

  it('locks on idle only after the configured time, and not at all when it is 0', async () => {
    await session.create(path.join(dir, 'v'), 'a long passphrase', 'Operator');
    session.updateSettings({ idleLockMinutes: 5 });
    expect(await session.checkIdle(299)).toBe(false);
    expect(session.status().state).toBe('unlocked');
    expect(await session.checkIdle(300)).toBe(true);
    expect(session.status().state).toBe('locked');
    await session.unlock(path.join(dir, 'v'), 'a long passphrase');
    session.updateSettings({ idleLockMinutes: 0 });
    expect(await session.checkIdle(10 * 24 * 3600)).toBe(false);
    expect(session.settings()).toEqual({ operator: 'Operator', idleLockMinutes: 0 });
  });

  it('runs an import as a job with progress, per-file outcomes and a final summary', async () => {
    await session.create(path.join(dir, 'v'), 'a long passphrase', 'Operator');
    await writeFile(path.join(dir, 'one.txt'), 'one');
    await writeFile(path.join(dir, 'two.txt'), 'two');
    const { jobId } = session.startIngest([path.join(dir, 'one.txt'), path.join(dir, 'two.txt'), path.join(dir, 'missing')], 'note');
    const done = (await waitFor('ingest:done')) as {
      jobId: string;
      cancelled: boolean;
      outcomes: { status: string; message: string | null; shareableStatus: string | null }[];
    };
    expect(done.jobId).toBe(jobId);
    expect(done.cancelled).toBe(false);
    expect(done.outcomes.map((o) => o.status)).toEqual(['ingested', 'ingested', 'error']);
    expect(done.outcomes.map((o) => o.shareableStatus)).toEqual(['stripped', 'stripped', null]);
    expect(seen.filter((s) => s.event === 'ingest:outcome')).toHaveLength(3);
    const last = seen.filter((s) => s.event === 'ingest:progress').at(-1)!.payload as { filesDone: number; filesTotal: number };
    expect(last).toMatchObject({ filesDone: 3, filesTotal: 3 });
  });

  it('locking during an import cancels it first, then wipes the keys', async () => {
    await session.create(path.join(dir, 'v'), 'a long passphrase', 'Operator');
    const files: string[] = [];
    for (let i = 0; i < 40; i++) {
      const f = path.join(dir, `f${i}.bin`);
      await writeFile(f, Buffer.alloc(256 * 1024, i));
      files.push(f);
    }
    session.startIngest(files);
    await waitFor('ingest:progress');
    await session.lock();
    const done = (await waitFor('ingest:done')) as { cancelled: boolean };
    expect(done.cancelled).toBe(true);
    expect(session.status().state).toBe('locked');
    await session.unlock(path.join(dir, 'v'), 'a long passphrase');
    // Whatever finished before the lock is complete; nothing half-written remains.
    const { auditVault } = await import('../../src-main/core/index.ts');
    expect((await auditVault(session.vault())).ok).toBe(true);
  });
});
