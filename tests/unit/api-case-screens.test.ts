/**
 * The two additions the case screens needed in the contract: an item's (or case's) tags read
 * without changing them, and a reveal recorded on the case it happened in, so the case's own
 * custody events (its timeline) show it. Through the same dispatch as the IPC router.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExiftool, custodyLog } from '../../src-main/core/index.ts';
import { apiHarness } from '../helpers/api-harness.ts';

let dir: string;
const { session, value, call, doneOf } = apiHarness();

let itemId: string;
let caseId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ev-api-case-screens-'));
  await session.create(path.join(dir, 'vault'), 'a long passphrase for tests', 'Operator');
  const file = path.join(dir, 'statement.txt');
  await writeFile(file, 'Statement of witness W-1\n');
  const { jobId } = await value('ingest:start', { paths: [file] });
  itemId = (await doneOf('ingest:done', jobId)).outcomes[0]!.id!;
  caseId = (await value('cases:create', { number: 'RLN-2018-014', title: 'Detention' })).id;
}, 60_000);
afterAll(async () => {
  await session.lock();
  await closeExiftool();
  await rm(dir, { recursive: true, force: true });
});

describe('tags:list', () => {
  it("reads an item's and a case's tags and logs nothing", async () => {
    expect(await value('tags:list', { target: { itemId } })).toEqual({ tags: [] });
    await value('tags:add', { target: { itemId }, tag: 'приоритет' });
    await value('tags:add', { target: { caseId }, tag: 'UN CAT' });
    const before = custodyLog(session.vault()).length;
    expect(await value('tags:list', { target: { itemId } })).toEqual({ tags: ['приоритет'] });
    expect(await value('tags:list', { target: { caseId } })).toEqual({ tags: ['UN CAT'] });
    expect(custodyLog(session.vault()).length).toBe(before);
    expect(await call('tags:list', { target: { itemId: 'ITM-0000000000' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('cases:reveal-identity with the case', () => {
  it("is an event of the case, and the case's events show it without the identity", async () => {
    const person = await value('cases:add-person', { caseId, pseudonym: 'W-1', role: 'witness', identity: { realName: 'Hidden Realname' } });
    const revealed = await value('cases:reveal-identity', { personId: person.id, reason: 'statement', caseId });
    expect(revealed.realName).toBe('Hidden Realname');
    const events = await value('cases:events', { caseId, offset: 0, limit: 100 });
    const reveal = events.find((e) => e.action === 'person.identity_revealed');
    expect(reveal).toMatchObject({ caseId, details: { personId: person.id, caseNumber: 'RLN-2018-014', reason: 'statement', recorded: true } });
    expect(JSON.stringify(events)).not.toContain('Realname');
  });

  it('refuses a person who is not in that case, and reveals nothing then', async () => {
    const other = (await value('cases:create', { number: 'RLN-2019-001', title: 'Other' })).id;
    const stranger = await value('cases:add-person', { caseId: other, pseudonym: 'W-9', role: 'victim', identity: { realName: 'Other Hiddenname' } });
    const before = custodyLog(session.vault()).length;
    const refused = await call('cases:reveal-identity', { personId: stranger.id, caseId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(refused)).not.toContain('Hiddenname');
    expect(custodyLog(session.vault()).length).toBe(before);
  });
});
