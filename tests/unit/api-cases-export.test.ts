/**
 * The case, search, export, verify and audit channels as the renderer calls them: through the
 * same dispatch as the IPC router (schema check, error mapping) into a real session and vault.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExiftool, custodyLog } from '../../src-main/core/index.ts';
import { apiHarness } from '../helpers/api-harness.ts';

const PASSPHRASE = 'a long passphrase for tests';
let dir: string;
const { session, seen, dialogs, call, value, doneOf } = apiHarness();

const ids: Record<string, string> = {};
let caseId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ev-api-cases-'));
  await session.create(path.join(dir, 'vault'), PASSPHRASE, 'Operator');
  const files = path.join(dir, 'files');
  await mkdir(files);
  await writeFile(path.join(files, 'протокол допроса.txt'), 'Протокол допроса свидетеля\n');
  await writeFile(path.join(files, 'statement.txt'), 'Statement of witness W-2\n');
  await writeFile(path.join(files, 'raw.unknownformat'), Buffer.from([0, 1, 2, 3, 250, 251, 0, 9]));
  const { jobId } = await value('ingest:start', { paths: [files] });
  const done = await doneOf('ingest:done', jobId);
  for (const o of done.outcomes) ids[path.basename(o.path)] = o.id!;
}, 60_000);
afterAll(async () => {
  await session.lock();
  await closeExiftool();
  await rm(dir, { recursive: true, force: true });
});

describe('case channels', () => {
  it('create checks required fields and a unique number', async () => {
    const created = await value('cases:create', { number: 'RLN-2018-014', title: 'Задержание в Грозном', forum: 'UN Committee against Torture' });
    caseId = created.id;
    expect(created).toMatchObject({ number: 'RLN-2018-014', status: 'open', exhibitCount: 0 });
    const dup = await call('cases:create', { number: 'RLN-2018-014', title: 'Other' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
    const empty = await call('cases:create', { number: 'X-1', title: '   ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INPUT_ERROR' } });
    expect(!empty.ok && empty.error.message).toMatch(/title/i);
    expect(await call('cases:create', { number: 'X-2', title: 'T', status: 'lost' as never })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('links, reorders, relabels and unlinks exhibits; an unlinked item stays in the vault', async () => {
    const linked = await value('cases:link', { caseId, itemIds: [ids['протокол допроса.txt']!, ids['statement.txt']!, ids['raw.unknownformat']!] });
    expect(linked.map((l) => l.label)).toEqual(['EX-001', 'EX-002', 'EX-003']);
    await value('cases:move-exhibit', { caseId, itemId: ids['raw.unknownformat']!, toPosition: 1 });
    const page = await value('cases:exhibits', { caseId, offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.itemId)).toEqual([ids['raw.unknownformat'], ids['протокол допроса.txt'], ids['statement.txt']]);
    expect(page.rows[1]).toMatchObject({ label: 'EX-001', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), shareable: { status: 'stripped' } });

    const dup = await call('cases:update-exhibit', { caseId, itemId: ids['statement.txt']!, label: 'EX-001' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
    await value('cases:update-exhibit', { caseId, itemId: ids['statement.txt']!, label: 'EX-002a', description: 'Заявление' });
    expect(await value('items:cases', { id: ids['statement.txt']! })).toEqual([{ caseId, number: 'RLN-2018-014', title: 'Задержание в Грозном', label: 'EX-002a', position: 3 }]);

    const extra = await value('cases:create', { number: 'TMP-1', title: 'Temporary' });
    await value('cases:link', { caseId: extra.id, itemIds: [ids['statement.txt']!] });
    expect(await value('cases:unlink', { caseId: extra.id, itemId: ids['statement.txt']! })).toEqual({ itemId: ids['statement.txt'], label: 'EX-001' });
    expect((await value('items:get', { id: ids['statement.txt']! })).id).toBe(ids['statement.txt']);
  });

  it('shows people by pseudonym; the identity only through a logged reveal', async () => {
    const person = await value('cases:add-person', { caseId, pseudonym: 'Свидетель А', role: 'witness', identity: { realName: 'Hidden Person' } });
    expect(person).toEqual({ id: person.id, pseudonym: 'Свидетель А', roles: ['witness'], hasIdentity: true });
    expect(JSON.stringify(await value('cases:get', { caseId }))).not.toContain('Hidden Person');
    expect(JSON.stringify(await value('search:query', { query: 'Hidden' }))).not.toContain('Hidden Person');
    const revealed = await value('cases:reveal-identity', { personId: person.id, reason: 'preparing the filing' });
    expect(revealed.realName).toBe('Hidden Person');
    const events = await value('cases:events', { caseId, offset: 0, limit: 100 });
    expect(events.map((e) => e.action)).toContain('person.added');
    // A timeline names the items its events are about.
    const linked = events.filter((e) => e.action === 'item.linked');
    expect(linked.map((e) => e.itemName)).toEqual(['протокол допроса.txt', 'statement.txt', 'raw.unknownformat']);
    expect(custodyLog(session.vault()).at(-1)!.action).toBe('person.identity_revealed');
  });

  it('adds incidents with stated precision, notes and tags, and finds them in both scripts', async () => {
    const bad = await call('cases:add-incident', { caseId, date: 'sometime' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INPUT_ERROR' } });
    const incident = await value('cases:add-incident', { caseId, date: 'around 2018-07-20', place: 'Грозный', description: 'Задержание четырёх активистов у мечети' });
    expect(incident).toMatchObject({ precision: 'approximate', dateStart: expect.stringMatching(/^2018-07/) });
    await value('notes:add', { target: { caseId }, text: 'Filed with the committee' });
    expect((await value('notes:list', { target: { caseId } })).map((n) => n.text)).toEqual(['Filed with the committee']);
    expect(await value('tags:add', { target: { itemId: ids['statement.txt']! }, tag: 'приоритет' })).toEqual({ tags: ['приоритет'] });
    expect(await value('tags:remove', { target: { itemId: ids['statement.txt']! }, tag: 'приоритет' })).toEqual({ tags: [] });

    const ru = await value('search:query', { query: 'задерж*' });
    expect(ru.groups.case.map((h) => h.id)).toContain(caseId);
    expect(ru.groups.incident.map((h) => h.id)).toContain(String(incident.id));
    // ё is searched as е, and shown as written.
    const yo = await value('search:query', { query: 'четырех' });
    const hit = yo.groups.incident[0]!;
    expect(hit.snippet).toContain('четырёх');
    expect(hit.highlights.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(['четырёх']);
    const en = await value('search:query', { query: 'committ*', filters: { kinds: ['note'] } });
    expect(en.groups.note).toHaveLength(1);
    expect(en.groups.case).toEqual([]);
  });
});

describe('export, verify and audit jobs', () => {
  let bag: string;

  it('plans before writing: the unsupported file is left out until a person overrides', async () => {
    const plan = await value('export:plan', { caseId });
    expect(plan.exhibits.find((x) => x.itemId === ids['raw.unknownformat'])).toMatchObject({ includedAs: 'left-out', shareableStatus: 'unsupported', reason: expect.any(String) });
    expect(plan.exhibits.filter((x) => x.includedAs === 'copy')).toHaveLength(2);
    expect(plan.persons).toEqual([{ id: expect.any(Number), pseudonym: 'Свидетель А', hasIdentity: true }]);
    await value('items:override', { id: ids['raw.unknownformat']!, reason: 'The court asked for the raw file' });
    const after = await value('export:plan', { caseId });
    expect(after.exhibits.find((x) => x.itemId === ids['raw.unknownformat'])).toMatchObject({ includedAs: 'original', reason: 'The court asked for the raw file' });
  });

  it('exports with progress and a result, and the package verifies as a job that outlives a lock', async () => {
    bag = path.join(dir, 'Пакет');
    const { jobId } = await value('export:start', { caseId, out: bag });
    const end = await doneOf('export:done', jobId);
    expect(end.ok && end.value.exhibits.map((x) => x.included)).toEqual(['original', 'copy', 'copy']);
    const progress = seen.filter((s) => s.event === 'export:progress' && (s.payload as { jobId: string }).jobId === jobId).at(-1)!.payload as { done: number; total: number };
    expect(progress.done).toBe(progress.total);

    const verify = await value('verify:start', { path: bag });
    await session.lock();
    const verified = await doneOf('verify:done', verify.jobId);
    expect(verified).toMatchObject({ ok: true, value: { ok: true, kind: 'bag', signature: { status: 'valid' } } });

    dialogs.savePath = path.join(dir, 'report.txt');
    expect(await value('verify:save-report', { jobId: verify.jobId })).toEqual({ path: dialogs.savePath });
    const text = await readFile(dialogs.savePath, 'utf8');
    expect(text).toContain('Result:   everything holds');
    expect(text).toMatch(/^ok {9}data\/exhibits\/EX-001 - протокол допроса\.txt$/m);
    expect(await call('verify:save-report', { jobId: 'no-such-job' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await session.unlock(path.join(dir, 'vault'), PASSPHRASE);
  });

  it('a verification of a changed package ends with the mismatch, not an error', async () => {
    const file = path.join(bag, 'data/exhibits/EX-002a - statement.txt');
    await writeFile(file, 'Statement of witness W-3\n');
    const { jobId } = await value('verify:start', { path: bag });
    const end = await doneOf('verify:done', jobId);
    expect(end.ok && end.value.files.filter((f) => f.status !== 'ok')).toEqual([{ path: 'data/exhibits/EX-002a - statement.txt', kind: 'payload', status: 'mismatched', failed: ['sha256', 'sha512'] }]);
    const missing = await value('verify:start', { path: path.join(dir, 'nothing-here') });
    expect(await doneOf('verify:done', missing.jobId)).toMatchObject({ ok: false, error: { code: 'INPUT_ERROR' } });
  });

  it('a cancelled export leaves no package', async () => {
    const big = path.join(dir, 'big.bin');
    await writeFile(big, Buffer.alloc(64 * 1024 * 1024, 7));
    const ingest = await value('ingest:start', { paths: [big] });
    const [outcome] = (await doneOf('ingest:done', ingest.jobId)).outcomes;
    const c = await value('cases:create', { number: 'BIG-1', title: 'Large file' });
    await value('cases:link', { caseId: c.id, itemIds: [outcome!.id!] });
    await value('items:override', { id: outcome!.id!, reason: 'raw data' });
    const out = path.join(dir, 'cancelled', 'pkg');
    const { jobId } = await value('export:start', { caseId: c.id, out, originals: true });
    expect(await value('export:cancel', { jobId })).toEqual({ cancelled: true });
    expect(await doneOf('export:done', jobId)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await readdir(path.join(dir, 'cancelled'))).toEqual([]);
  });

  it('audits the vault as a job and records it in the custody log', async () => {
    const { jobId } = await value('audit:start', {});
    const end = await doneOf('audit:done', jobId);
    expect(end).toMatchObject({ ok: true, value: { ok: true, problems: [] } });
    expect(custodyLog(session.vault()).at(-1)!.action).toBe('audit.run');
    const key = await value('settings:signing-key', {});
    expect(key.fingerprint).toMatch(/^SHA256:/);
  });
});
