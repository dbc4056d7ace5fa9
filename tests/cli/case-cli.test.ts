/**
 * The case commands' contract (issue #5): names, flags, JSON shapes and exit codes, run through
 * the real bin/evidence-vault.mjs in child processes against a real vault.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSPHRASE, tempVaults } from '../helpers/temp-vault.ts';
import type { TestVault } from '../helpers/temp-vault.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/evidence-vault.mjs');

type Run = { code: number; stdout: string; stderr: string };
function cli(args: string[], env: Record<string, string | undefined> = { EVIDENCE_VAULT_PASSPHRASE: PASSPHRASE }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const json = <T>(run: Run): T => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};
/** One line on stderr, no stack trace, the given exit code. */
function expectError(run: Run, code: number, message: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at\s|node:internal|\.ts:\d+/);
}

type Summary = { id: string; number: string; title: string; forum: string | null; status: string; exhibitCount: number; personCount: number; incidentCount: number };
type IngestItem = { id: string | null; path: string; status: string; exhibit?: string };
type Exhibit = { itemId: string; label: string; position: number; sha256: string; name: string; shareable: unknown };

const REAL_NAME = 'Aslan Hiddenname';
const temp = tempVaults();
let tv: TestVault;
let files: string;
const itemIds: Record<string, string> = {};

beforeAll(async () => {
  tv = await temp.vault();
  tv.vault.lock(); // the CLI must be the only holder
  files = await temp.dir('ev-case-cli-files-');
  await writeFile(path.join(files, 'Показания Свидетеля.txt'), 'Показания свидетеля\n');
  await writeFile(path.join(files, 'statement one.txt'), 'Statement of witness W-1\n');
  await writeFile(path.join(files, 'copy.txt'), 'Statement of witness W-1\n');
  await writeFile(path.join(files, 'later.txt'), 'Later material\n');
});
afterAll(() => temp.cleanup());

describe('case commands', () => {
  it('case create prints the case (JSON) and refuses a duplicate number or a missing title with exit 2', async () => {
    const c = json<Summary>(
      await cli(['case', 'create', tv.folder, '--number', 'RLN-2018-014', '--title', 'Detention of journalists', '--forum', 'ECtHR', '--jurisdiction', 'Russia', '--json']),
    );
    expect(c).toMatchObject({ number: 'RLN-2018-014', title: 'Detention of journalists', forum: 'ECtHR', status: 'open', exhibitCount: 0 });
    expect(c.id).toMatch(/^CAS-/);
    const human = await cli(['case', 'create', tv.folder, '--number', 'UN-CCPR-3001', '--title', 'Communication to the Human Rights Committee']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Case UN-CCPR-3001 created \(CAS-[0-9A-Z]{10}\)\.\n$/);

    expectError(await cli(['case', 'create', tv.folder, '--number', 'rln-2018-014', '--title', 'Again']), 2, /^evidence-vault: A case with number rln-2018-014 already exists\.\n$/);
    // Usage errors, refused before the vault is unlocked.
    const usage = await Promise.all([
      cli(['case', 'create', tv.folder, '--number', 'X-1']),
      cli(['case', 'create', tv.folder, '--number', 'X-1', '--title', 'T', '--status', 'archived']),
    ]);
    expect(usage.map((r) => r.code)).toEqual([2, 2]);
  });

  it('ingest --case links what it imports, duplicates included; an unknown case stops it before importing', async () => {
    const missing = await cli(['ingest', tv.folder, files, '--case', 'NOPE-1', '--json']);
    expectError(missing, 2, /No case with that number\./);
    expect(json<{ total: number }>(await cli(['items', tv.folder, '--json'])).total).toBe(0);

    const inputs = ['Показания Свидетеля.txt', 'statement one.txt', 'copy.txt'].map((f) => path.join(files, f));
    const run = await cli(['ingest', tv.folder, ...inputs, '--case', 'RLN-2018-014', '--json']);
    const { items } = json<{ items: IngestItem[] }>(run);
    const byName = (n: string) => items.find((i) => i.path.endsWith(n))!;
    for (const i of items) itemIds[path.basename(i.path)] = i.id!;
    expect(byName('copy.txt')).toMatchObject({ status: 'duplicate', id: byName('statement one.txt').id });
    const labels = items.filter((i) => i.status === 'ingested').map((i) => i.exhibit).sort();
    expect(labels).toEqual(['EX-001', 'EX-002']);
    expect(byName('copy.txt').exhibit).toBe(byName('statement one.txt').exhibit);

    const again = await cli(['ingest', tv.folder, path.join(files, 'copy.txt'), '--case', 'RLN-2018-014']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`exhibit ${byName('copy.txt').exhibit} of case RLN-2018-014`));
    expect(json<Summary>(await cli(['case', 'show', tv.folder, 'RLN-2018-014', '--json'])).exhibitCount).toBe(2);
  }, 120_000);

  it('case link numbers exhibits, takes --exhibit, and refuses duplicates and unknown items with exit 2', async () => {
    const later = json<{ items: IngestItem[] }>(await cli(['ingest', tv.folder, path.join(files, 'later.txt'), '--json'])).items[0]!;
    itemIds['later.txt'] = later.id!;
    const linked = json<{ case: string; exhibits: Array<{ itemId: string; label: string; position: number; status: string }> }>(
      await cli(['case', 'link', tv.folder, '--case', 'UN-CCPR-3001', itemIds['statement one.txt']!, itemIds['later.txt']!, '--json']),
    );
    expect(linked).toEqual({
      case: 'UN-CCPR-3001',
      exhibits: [
        { itemId: itemIds['statement one.txt'], label: 'EX-001', position: 1, status: 'linked' },
        { itemId: itemIds['later.txt'], label: 'EX-002', position: 2, status: 'linked' },
      ],
    });
    const explicit = await cli(['case', 'link', tv.folder, '--case', 'RLN-2018-014', itemIds['later.txt']!, '--exhibit', 'Annex A']);
    expect(explicit.code).toBe(0);
    expect(explicit.stdout).toMatch(/^linked {2}Annex A/);

    expectError(
      await cli(['case', 'link', tv.folder, '--case', 'UN-CCPR-3001', itemIds['Показания Свидетеля.txt']!, '--exhibit', 'ex-002']),
      2,
      /^evidence-vault: Exhibit label ex-002 is already used in case UN-CCPR-3001\.\n$/,
    );
    expectError(await cli(['case', 'link', tv.folder, '--case', 'UN-CCPR-3001', itemIds['later.txt']!]), 2, /is already exhibit EX-002 of case UN-CCPR-3001/);
    expectError(await cli(['case', 'link', tv.folder, '--case', 'UN-CCPR-3001', 'ITM-0000000000']), 2, /No item with id ITM-0000000000\./);
    expectError(
      await cli(['case', 'link', tv.folder, '--case', 'UN-CCPR-3001', itemIds['later.txt']!, itemIds['copy.txt']!, '--exhibit', 'X']),
      2,
      /one item at a time/,
    );
    expect((await cli(['case', 'link', tv.folder, itemIds['later.txt']!])).code).toBe(2); // --case is required
  }, 120_000);

  it('case list and case show give the JSON shapes and readable text', async () => {
    const list = json<{ total: number; cases: Summary[] }>(await cli(['case', 'list', tv.folder, '--json']));
    expect(list.total).toBe(2);
    expect(list.cases.map((c) => [c.number, c.exhibitCount])).toEqual([
      ['RLN-2018-014', 3],
      ['UN-CCPR-3001', 2],
    ]);
    const human = await cli(['case', 'list', tv.folder]);
    expect(human.stdout).toMatch(/RLN-2018-014\s+open\s+3 exhibits/);
    expect(human.stdout).toMatch(/2 cases\n$/);

    const show = json<{ number: string; exhibits: { total: number; offset: number; rows: Exhibit[] }; persons: unknown[]; incidents: unknown[]; tags: string[] }>(
      await cli(['case', 'show', tv.folder, 'RLN-2018-014', '--json']),
    );
    expect(show.exhibits.total).toBe(3);
    expect(show.exhibits.rows.map((e) => e.label)).toEqual(['EX-001', 'EX-002', 'Annex A']);
    const first = show.exhibits.rows[0]!;
    expect(first.position).toBe(1);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The shareable copy's status and hash when there is one (the second of the "both hashes").
    const copy = first.shareable as { status: string; sha256: string | null } | null;
    if (copy !== null) {
      expect(['stripped', 'unsupported', 'failed']).toContain(copy.status);
      if (copy.status === 'stripped') expect(copy.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const text = await cli(['case', 'show', tv.folder, 'rln-2018-014']);
    expect(text.stdout).toContain('RLN-2018-014  Detention of journalists');
    expect(text.stdout).toMatch(/exhibits \(3\)/);
    expect(text.stdout).toContain('Annex A');
    expectError(await cli(['case', 'show', tv.folder, 'NOPE-1']), 2, /^evidence-vault: No case with that number\.\n$/);
  }, 120_000);

  it('case unlink removes the exhibit and keeps the item', async () => {
    const run = await cli(['case', 'unlink', tv.folder, '--case', 'RLN-2018-014', itemIds['later.txt']!, '--json']);
    expect(json(run)).toEqual({ case: 'RLN-2018-014', itemId: itemIds['later.txt'], label: 'Annex A' });
    const items = json<{ items: Array<{ id: string }> }>(await cli(['items', tv.folder, '--json'])).items.map((i) => i.id);
    expect(items).toContain(itemIds['later.txt']);
    expectError(await cli(['case', 'unlink', tv.folder, '--case', 'RLN-2018-014', itemIds['later.txt']!]), 2, /is not an exhibit of case RLN-2018-014/);
  });

  it('person add never takes a real name from argv, and checks the role and the identity file (exit 2)', async () => {
    const identityFile = path.join(await temp.dir(), 'identity.json');
    await writeFile(identityFile, '{"name": "x"}');
    const add = ['person', 'add', tv.folder, '--case', 'RLN-2018-014', '--pseudonym', 'X'];
    // All three are refused before the vault is unlocked, so they may run at once.
    const [argv, role, file] = await Promise.all([
      cli([...add, '--role', 'witness', '--real-name', REAL_NAME]),
      cli([...add, '--role', 'suspect']),
      cli([...add, '--role', 'witness', '--identity-file', identityFile]),
    ]);
    expectError(argv, 2, /Real names are never taken from the command line/);
    expect(role.code).toBe(2);
    expectError(file, 2, /may only hold realName, contacts and notes/);
  });

  it('person add takes the identity from a file; no view, search or log shows it; the reveal shows it and is logged', async () => {
    const identityFile = path.join(await temp.dir(), 'identity.json');
    await writeFile(identityFile, JSON.stringify({ realName: REAL_NAME, contacts: '+7 900 000 00 00' }));
    const added = json<{ case: string; person: { id: number; pseudonym: string; roles: string[]; hasIdentity: boolean } }>(
      await cli(['person', 'add', tv.folder, '--case', 'RLN-2018-014', '--pseudonym', 'Свидетель W-1', '--role', 'witness', '--identity-file', identityFile, '--json']),
    );
    expect(added).toEqual({ case: 'RLN-2018-014', person: { id: added.person.id, pseudonym: 'Свидетель W-1', roles: ['witness'], hasIdentity: true } });
    for (const args of [['case', 'show', tv.folder, 'RLN-2018-014'], ['search', tv.folder, 'Aslan', '--json']]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stdout, args.join(' ')).not.toContain('Hiddenname');
    }
    const reveal = json<{ personId: number; realName: string; recorded: boolean }>(
      await cli(['person', 'reveal', tv.folder, String(added.person.id), '--reason', 'statement', '--json']),
    );
    expect(reveal).toMatchObject({ personId: added.person.id, realName: REAL_NAME, recorded: true });
    const log = json<{ events: Array<{ action: string; details: Record<string, unknown> }> }>(await cli(['log', tv.folder, '--json']));
    expect(log.events.at(-1)).toMatchObject({ action: 'person.identity_revealed', details: { personId: added.person.id, reason: 'statement' } });
    expect(JSON.stringify(log)).not.toContain('Hiddenname');
  }, 120_000);

  it('incident add keeps the stated date and its precision; a vague date it cannot read is exit 2', async () => {
    const run = await cli([
      'incident', 'add', tv.folder, '--case', 'RLN-2018-014', '--date', 'around 2018-07-20', '--place', 'Грозный', '--lat', '43.3178', '--lon', '45.6949',
      '--description', 'Задержание у рынка', '--person', '1', '--json',
    ]);
    expect(json(run)).toMatchObject({
      case: 'RLN-2018-014',
      incident: { dateText: 'around 2018-07-20', dateStart: '2018-07-20', dateEnd: '2018-07-20', precision: 'approximate', place: 'Грозный', latitude: 43.3178, personIds: [1] },
    });
    const month = await cli(['incident', 'add', tv.folder, '--case', 'RLN-2018-014', '--date', '2017-03']);
    expect(month.stdout).toMatch(/2017-03 \(2017-03-01 – 2017-03-31, month\)/);
    expectError(await cli(['incident', 'add', tv.folder, '--case', 'RLN-2018-014', '--date', 'last summer']), 2, /The incident date must look like/);
  });

  type Results = {
    query: string;
    groups: Record<string, Array<{ kind: string; id: string; title: string; snippet: string; highlights: number[][]; cases: Array<{ number: string }> }>>;
    more: Record<string, boolean>;
  };

  it('search finds Cyrillic prefixes and groups hits by kind, with snippets and their cases', async () => {
    const r = json<Results>(await cli(['search', tv.folder, 'свид*', '--json']));
    expect(Object.keys(r.groups)).toEqual(['case', 'person', 'incident', 'item', 'note']);
    expect(r.groups['person']!.map((h) => h.title)).toEqual(['Свидетель W-1']);
    expect(r.groups['item']!.map((h) => h.title)).toEqual(['Показания Свидетеля.txt']);
    expect(r.groups['item']![0]).toMatchObject({ kind: 'item', id: itemIds['Показания Свидетеля.txt'], snippet: 'Показания Свидетеля.txt', highlights: [[10, 19]], cases: [{ number: 'RLN-2018-014' }] });
    const human = await cli(['search', tv.folder, 'СВИДЕТЕЛЬ']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^People \(1\)\n {2}\d+\s+Свидетель W-1 {2}\[RLN-2018-014\]\n/);
  });

  it('search takes several words and filters by case, kind and date', async () => {
    const twoWords = json<Results>(await cli(['search', tv.folder, 'detention', 'journal*', '--json']));
    expect(twoWords.groups['case']!.map((h) => h.title)).toEqual(['RLN-2018-014 — Detention of journalists']);
    const filtered = json<Results>(await cli(['search', tv.folder, 'statement', '--case', 'UN-CCPR-3001', '--kind', 'item', '--json']));
    expect(filtered.groups['item']!.map((h) => h.title)).toEqual(['statement one.txt']);
    expect(json<Results>(await cli(['search', tv.folder, 'задерж*', '--from', '2019', '--json'])).groups['incident']).toEqual([]);
  }, 120_000);

  it('search never fails on FTS5 syntax in the words; an unknown case or kind is exit 2', async () => {
    const odd = json<Results>(await cli(['search', tv.folder, '"', 'NEAR(', 'title:*', '*', 'a"', 'OR', '"b', '{x}:', '--json']));
    expect(odd.query).not.toBe('');
    expect((await cli(['search', tv.folder, '()'])).stdout).toBe('Nothing to search for.\n');
    expectError(await cli(['search', tv.folder, 'x', '--case', 'NOPE-1']), 2, /No case with that number/);
    expect((await cli(['search', tv.folder, 'x', '--kind', 'planet'])).code).toBe(2);
  }, 120_000);

  it('a wrong passphrase exits 3, and the vault still audits clean after all of this', async () => {
    expectError(await cli(['case', 'list', tv.folder], { EVIDENCE_VAULT_PASSPHRASE: 'not the passphrase' }), 3, /passphrase/i);
    const audit = await cli(['audit', tv.folder, '--json']);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, problems: [] });
  });
});
