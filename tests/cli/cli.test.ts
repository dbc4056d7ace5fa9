/**
 * The command-line contract: command names, flags, JSON fields and exit codes that other people's
 * scripts rely on. Runs the real bin/evidence-vault.mjs in child processes against real vaults.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSPHRASE, tempVaults } from '../helpers/temp-vault.ts';
import type { TestVault } from '../helpers/temp-vault.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/evidence-vault.mjs');

type Run = { code: number; stdout: string; stderr: string };
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const withPass = { EVIDENCE_VAULT_PASSPHRASE: PASSPHRASE };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function expectNoStackTrace(run: Run) {
  expect(run.stderr).not.toMatch(/\n\s+at\s/);
  expect(run.stderr).not.toMatch(/node:internal|\.ts:\d+/);
}

const temp = tempVaults();
let tv: TestVault;
let files: string;

beforeAll(async () => {
  tv = await temp.vault();
  tv.vault.lock(); // the CLI must be the only holder
  files = await temp.dir('ev-cli-files-');
  await writeFile(path.join(files, 'statement one.txt'), 'Statement of witness W-1\n');
  await writeFile(path.join(files, 'Показания.txt'), 'Показания свидетеля\n');
  await mkdir(path.join(files, 'sub'));
  await writeFile(path.join(files, 'sub', 'copy.txt'), 'Statement of witness W-1\n');
});
afterAll(() => temp.cleanup());

describe('evidence-vault CLI', () => {
  it('init creates a vault and prints the recovery key once; refuses a non-empty folder with exit 2', async () => {
    const dir = await temp.dir();
    const folder = path.join(dir, 'new-vault');
    const run = await cli(['init', folder, '--operator', 'Investigator A', '--json'], withPass);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { vault: string; recoveryKey: string };
    expect(out.vault).toBe(folder);
    expect(out.recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    const again = await cli(['init', folder], withPass);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    expectNoStackTrace(again);
  }, 30_000);

  it('ingest --json reports each path with id, sha256 and status, and a bad path alone fails (exit 2)', async () => {
    const missing = path.join(files, 'does-not-exist.jpg');
    const run = await cli(['ingest', tv.folder, files, missing, '--source', 'field kit', '--json'], withPass);
    expect(run.code).toBe(2);
    const { items } = JSON.parse(run.stdout) as { items: { id: string | null; path: string; sha256: string | null; status: string; error?: string; message?: string }[] };
    const byName = (n: string) => items.find((i) => i.path.endsWith(n))!;
    const one = byName('statement one.txt');
    expect(one).toMatchObject({ status: 'ingested', sha256: sha256(Buffer.from('Statement of witness W-1\n')) });
    expect(one.id).toMatch(/^ITM-/);
    expect(byName('Показания.txt').status).toBe('ingested');
    const dup = byName(path.join('sub', 'copy.txt'));
    expect(dup).toMatchObject({ status: 'duplicate', id: one.id, message: `duplicate of item ${one.id}` });
    expect(byName('does-not-exist.jpg')).toMatchObject({ status: 'error', id: null, sha256: null, error: 'No such file or folder.' });
    expectNoStackTrace(run);
  });

  it('items, show and log read what was ingested; show names the custody events', async () => {
    const items = await cli(['items', tv.folder, '--json'], withPass);
    expect(items.code).toBe(0);
    const list = JSON.parse(items.stdout) as { total: number; items: { id: string; name: string; sha256: string; mediaType: string }[] };
    expect(list.total).toBe(2);
    const item = list.items.find((i) => i.name === 'statement one.txt')!;
    expect(item.mediaType).toBe('text/plain');

    const show = await cli(['show', tv.folder, item.id, '--json'], withPass);
    expect(show.code).toBe(0);
    const detail = JSON.parse(show.stdout) as { sha256: string; sourceNote: string; events: { action: string }[]; metadata: Record<string, unknown> };
    expect(detail.sha256).toBe(item.sha256);
    expect(detail.sourceNote).toBe('field kit');
    expect(detail.events.map((e) => e.action)).toEqual(['item.ingested', 'item.duplicate_seen', 'shareable.created']);

    const human = await cli(['show', tv.folder, item.id], withPass);
    expect(human.stdout).toContain(item.sha256);
    expect(human.stdout).toContain('item.ingested');

    const log = await cli(['log', tv.folder, '--json'], withPass);
    const { events } = JSON.parse(log.stdout) as { events: { seq: number; action: string; hash: string; prevHash: string }[] };
    expect(events[0]!.action).toBe('vault.created');
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);

    const unknown = await cli(['show', tv.folder, 'ITM-0000000000'], withPass);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('evidence-vault: No item with that id.');
  });

  it('audit exits 0 on a sound vault and 1 when a stored file is damaged', async () => {
    const ok = await cli(['audit', tv.folder, '--json'], withPass);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, problems: [] });

    const dir = await temp.dir();
    const damaged = await temp.vault();
    await writeFile(path.join(dir, 'a.txt'), 'evidence A');
    const { ingestPaths } = await import('../../src-main/core/index.ts');
    const [outcome] = await ingestPaths(damaged.vault, [path.join(dir, 'a.txt')]);
    const objectId = damaged.vault.store.getItem(outcome!.id!)!.originalObject;
    const file = path.join(damaged.folder, 'objects', Buffer.from(objectId).toString('hex').slice(0, 2), Buffer.from(objectId).toString('hex'));
    damaged.vault.lock();
    const bytes = await readFile(file);
    bytes[bytes.length - 20]! ^= 0x01;
    await writeFile(file, bytes);
    const bad = await cli(['audit', damaged.folder, '--json'], withPass);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as { ok: boolean; problems: { kind: string; itemId: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'corrupted-file', itemId: outcome!.id })]);
  });

  it('a wrong passphrase exits 3 with one clear line and changes nothing', async () => {
    const before = await readFile(path.join(tv.folder, 'header.json'), 'utf8');
    const run = await cli(['items', tv.folder], { EVIDENCE_VAULT_PASSPHRASE: 'not the passphrase' });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('evidence-vault: Wrong passphrase.\n');
    expect(await readFile(path.join(tv.folder, 'header.json'), 'utf8')).toBe(before);
  });

  it('a folder that is not a vault exits 3 and says what is wrong', async () => {
    const run = await cli(['items', await temp.dir()], withPass);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^evidence-vault: .*header/i);
    expectNoStackTrace(run);
  });

  it('reads the passphrase from --passphrase-file, and never from argv', async () => {
    const file = path.join(await temp.dir(), 'pass.txt');
    await writeFile(file, `${PASSPHRASE}\n`);
    const fromFile = await cli(['items', tv.folder, '--passphrase-file', file, '--json']);
    expect(fromFile.code).toBe(0);
    const argv = await cli(['items', tv.folder, '--passphrase', PASSPHRASE]);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toMatch(/never taken from the command line/);
    const none = await cli(['items', tv.folder]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/EVIDENCE_VAULT_PASSPHRASE/);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['no-such-command'])).code).toBe(2);
    expect((await cli(['ingest'])).code).toBe(2);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'ingest', 'items', 'show', 'audit', 'log', 'passwd', 'recover']) expect(help.stdout).toContain(command);
  });

  it('passwd and recover set new passphrases; the old ones stop working', async () => {
    const v = await temp.vault();
    v.vault.lock();
    const passwd = await cli(['passwd', v.folder], { ...withPass, EVIDENCE_VAULT_NEW_PASSPHRASE: 'second passphrase' });
    expect(passwd.code).toBe(0);
    expect((await cli(['items', v.folder], withPass)).code).toBe(3);
    expect((await cli(['items', v.folder], { EVIDENCE_VAULT_PASSPHRASE: 'second passphrase' })).code).toBe(0);

    const wrongKey = await cli(['recover', v.folder], { EVIDENCE_VAULT_RECOVERY_KEY: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', EVIDENCE_VAULT_NEW_PASSPHRASE: 'x y z w' });
    expect(wrongKey.code).toBe(3);
    const recover = await cli(['recover', v.folder], { EVIDENCE_VAULT_RECOVERY_KEY: v.recoveryKey.toLowerCase(), EVIDENCE_VAULT_NEW_PASSPHRASE: 'third passphrase' });
    expect(recover.code).toBe(0);
    expect((await cli(['items', v.folder], { EVIDENCE_VAULT_PASSPHRASE: 'second passphrase' })).code).toBe(3);
    const log = await cli(['log', v.folder, '--json'], { EVIDENCE_VAULT_PASSPHRASE: 'third passphrase' });
    const actions = (JSON.parse(log.stdout) as { events: { action: string }[] }).events.map((e) => e.action);
    expect(actions).toEqual(['vault.created', 'passphrase.changed', 'recovery.used', 'passphrase.changed']);
  });

  it('a vault held by another process exits 3 with "open in another process"', async () => {
    const v = await temp.vault(); // stays open in this process
    const run = await cli(['items', v.folder], withPass);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('evidence-vault: The vault is open in another process.\n');
  });
});

describe('db-key for a forensic examiner', () => {
  it('prints the raw SQLCipher key that opens vault.db with SQLCipher 4 settings, and logs the disclosure', async () => {
    const v = await temp.vault();
    v.vault.lock();
    const run = await cli(['db-key', v.folder, '--json'], withPass);
    expect(run.code).toBe(0);
    const { databaseKey } = JSON.parse(run.stdout) as { databaseKey: string };
    expect(databaseKey).toMatch(/^[0-9a-f]{64}$/);
    // An independent connection given only the key and the SQLCipher 4 defaults reads the vault.
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(path.join(v.folder, 'vault.db'), { readonly: true });
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${databaseKey}'"`);
    const actions = (db.prepare('SELECT action FROM custody_events ORDER BY seq').all() as { action: string }[]).map((r) => r.action);
    db.close();
    expect(actions).toEqual(['vault.created', 'database_key.disclosed']);
  });
});

describe('shareable copies from the command line', () => {
  it('ingest reports each copy; get writes it; get --original needs --yes without a terminal; strip re-runs; override is recorded', async () => {
    const v = await temp.vault();
    v.vault.lock();
    const dir = await temp.dir();
    const note = path.join(dir, 'note.txt');
    const blob = path.join(dir, 'raw.bin');
    await writeFile(note, 'Witness statement, page 1\n');
    await writeFile(blob, Buffer.from([0, 1, 2, 255, 0, 9]));
    const ingest = await cli(['ingest', v.folder, note, blob, '--json'], withPass);
    const { items } = JSON.parse(ingest.stdout) as { items: { id: string; shareable: { status: string; sha256?: string; reason?: string } }[] };
    expect(items[0]!.shareable).toEqual({ status: 'stripped', sha256: sha256(Buffer.from('Witness statement, page 1\n')) });
    expect(items[1]!.shareable).toMatchObject({ status: 'unsupported', reason: expect.any(String) });

    const out = path.join(dir, 'out.txt');
    expect((await cli(['get', v.folder, items[0]!.id, '--out', out], withPass)).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('Witness statement, page 1\n');
    const refused = await cli(['get', v.folder, items[1]!.id, '--out', path.join(dir, 'no.bin')], withPass);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no clean shareable copy/);

    const original = path.join(dir, 'original.bin');
    const unconfirmed = await cli(['get', v.folder, items[1]!.id, '--original', '--out', original], withPass);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect((await cli(['get', v.folder, items[1]!.id, '--original', '--yes', '--out', original], withPass)).code).toBe(0);
    expect(await readFile(original)).toEqual(Buffer.from([0, 1, 2, 255, 0, 9]));

    const strip = await cli(['strip', v.folder, items[0]!.id, items[1]!.id, '--json'], withPass);
    expect(strip.code).toBe(1); // one item could not be cleaned
    const override = await cli(['override', v.folder, items[1]!.id, '--reason', 'sensor dump, checked by counsel', '--json'], withPass);
    expect(override.code).toBe(0);
    const log = await cli(['log', v.folder, '--json'], withPass);
    const actions = (JSON.parse(log.stdout) as { events: { action: string }[] }).events.map((e) => e.action);
    expect(actions.filter((a) => a === 'shareable.created')).toHaveLength(4);
    expect(actions).toContain('item.exported');
    expect(actions).toContain('item.original_exported');
    expect(actions.at(-1)).toBe('shareable.override');

    const show = await cli(['show', v.folder, items[1]!.id, '--json'], withPass);
    expect((JSON.parse(show.stdout) as { shareable: { override: { reason: string } } }).shareable.override.reason).toBe('sensor dump, checked by counsel');
  }, 60_000);
});
