/**
 * Filing packages (issue #6): a case built from a fresh import exported as a BagIt bag, checked with
 * the real `sha256sum -c`, the real `ssh-keygen -Y verify`, and our verify; then one flipped byte
 * and one changed tag manifest make each of them fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createCase, custodyLog, exportCase, getCase, ingestPaths, linkItems, overrideShareable, signingKeyInfo, verifyPath } from '../../src-main/core/index.ts';
import { computeEventHash } from '../../src-main/core/custody/custody-log.ts';
import type { HashedFields } from '../../src-main/core/custody/custody-log.ts';
import { safeFileName } from '../../src-main/core/export/safe-name.ts';
import { tempVaults } from '../helpers/temp-vault.ts';
import type { TestVault } from '../helpers/temp-vault.ts';

const temp = tempVaults();
let tv: TestVault;
let files: string;
const ids: Record<string, string> = {};
const REAL_NAME = 'Aslan Hiddenname';

beforeAll(async () => {
  tv = await temp.vault();
  files = await temp.dir('ev-export-files-');
  await writeFile(path.join(files, 'Показания: свидетеля?.txt'), 'Показания свидетеля о пытках\n');
  await writeFile(path.join(files, 'statement.txt'), 'Statement of witness W-1\n');
  await writeFile(path.join(files, 'blob.unknownformat'), Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 0, 0, 7]));
  for (const o of await ingestPaths(tv.vault, [files])) ids[path.basename(o.path)] = o.id!;
  createCase(tv.vault, { number: 'ДЕЛО-7', title: 'Пытки в изоляторе № 2', description: 'Показания и заключения', exhibitPattern: 'Прил-{n:03}' });
  addPerson(tv.vault, 'ДЕЛО-7', { pseudonym: 'Свидетель W-1', role: 'witness', identity: { realName: REAL_NAME } });
  linkItems(tv.vault, 'ДЕЛО-7', [ids['Показания: свидетеля?.txt']!], { description: 'Показания свидетеля W-1' });
  linkItems(tv.vault, 'ДЕЛО-7', [ids['statement.txt']!, ids['blob.unknownformat']!]);
}, 60_000);
afterAll(() => temp.cleanup());

const sh = (cmd: string, args: string[], cwd: string, input?: string | Buffer) => spawnSync(cmd, args, { cwd, input, encoding: 'utf8' });

describe('export a case', () => {
  let bag: string;
  beforeAll(async () => {
    bag = path.join(await temp.dir('ev-export-out-'), 'Пакет ДЕЛО-7');
  });

  it('writes a bag that sha256sum -c, ssh-keygen -Y verify and our verify accept', async () => {
    const before = custodyLog(tv.vault).length;
    const result = await exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out: bag });
    expect(result.exhibits.map((x) => [x.label, x.file, x.included])).toEqual([
      ['Прил-001', 'data/exhibits/Прил-001 - Показания_ свидетеля_.txt', 'copy'],
      ['Прил-002', 'data/exhibits/Прил-002 - statement.txt', 'copy'],
    ]);
    expect(result.leftOut).toEqual([{ label: 'Прил-003', itemId: ids['blob.unknownformat'], status: 'unsupported', reason: expect.any(String) }]);

    expect((await readdir(bag)).sort()).toEqual(
      ['VERIFY.md', 'allowed_signers', 'bag-info.txt', 'bagit.txt', 'data', 'evidence-vault.pub', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha256.txt.sig'].sort(),
    );
    expect((await readdir(path.dirname(bag))).filter((n) => n.includes('partial'))).toEqual([]);
    const sums = sh('sha256sum', ['-c', 'manifest-sha256.txt'], bag);
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    expect(sums.stdout).toContain('data/exhibits/Прил-001 - Показания_ свидетеля_.txt: OK');
    expect(sh('sha512sum', ['-c', 'manifest-sha512.txt'], bag).status).toBe(0);
    expect(sh('sha256sum', ['-c', 'tagmanifest-sha256.txt'], bag).status).toBe(0);

    const key = signingKeyInfo(tv.vault);
    const tagManifest = await readFile(path.join(bag, 'tagmanifest-sha256.txt'));
    const ssh = sh('ssh-keygen', ['-Y', 'verify', '-f', 'allowed_signers', '-I', key.identity, '-n', 'evidence-vault', '-s', 'tagmanifest-sha256.txt.sig'], bag, tagManifest);
    expect(ssh.status, ssh.stderr).toBe(0);
    expect(ssh.stdout).toContain(`Good "evidence-vault" signature for ${key.identity} with ED25519 key ${key.fingerprint}`);
    expect(execFileSync('ssh-keygen', ['-lf', path.join(bag, 'evidence-vault.pub')], { encoding: 'utf8' })).toContain(key.fingerprint);

    const report = await verifyPath(bag);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signature).toMatchObject({ status: 'valid', fingerprint: key.fingerprint });

    const info = await readFile(path.join(bag, 'bag-info.txt'), 'utf8');
    expect(info).toMatch(/^Source-Organization: Evidence Vault$/m);
    expect(info).toMatch(/^External-Identifier: ДЕЛО-7$/m);
    expect(info).toMatch(/^Bag-Count: 1 of 1$/m);
    expect(info).toMatch(/^Payload-Oxum: \d+\.6$/m);
    expect(info).toContain(key.fingerprint);

    const events = custodyLog(tv.vault);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ action: 'case.exported', details: { tagManifestSha256: expect.any(String), signingKey: key.fingerprint } });
  });

  it('carries custody events an auditor can recompute, the exhibit list, and pseudonyms only', async () => {
    const lines = (await readFile(path.join(bag, 'data/custody-log.jsonl'), 'utf8')).trim().split('\n');
    const exported = new Set([ids['Показания: свидетеля?.txt'], ids['statement.txt']]);
    for (const line of lines) {
      const { hash, ...fields } = JSON.parse(line) as HashedFields & { hash: string };
      expect(computeEventHash(fields)).toBe(hash);
      expect(fields.case !== null || exported.has(fields.item!)).toBe(true);
    }
    expect(lines.some((l) => l.includes('"action":"item.ingested"'))).toBe(true);
    const csv = (await readFile(path.join(bag, 'data/exhibits.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe('label,file,sha256_copy,sha256_original,type,size,ingested_at,included_as');
    expect(csv.find((l) => l.startsWith('Прил-003'))).toMatch(/,left out$/);
    const html = await readFile(path.join(bag, 'data/custody-report.html'), 'utf8');
    expect(html).toContain('Пытки в изоляторе № 2');
    expect(html).toContain('Свидетель W-1');
    expect(html).toContain(custodyLog(tv.vault).at(-2)!.hash); // the head at export time
    for (const f of ['data/custody-report.html', 'data/custody-log.jsonl', 'data/exhibits.csv', 'bag-info.txt', 'VERIFY.md']) {
      expect(await readFile(path.join(bag, f), 'utf8')).not.toContain(REAL_NAME);
    }
    const pdf = path.join(bag, 'data/custody-report.pdf');
    expect(sh('pdfinfo', [pdf], bag).stdout).toMatch(/Pages:\s+[1-9]/);
    const text = sh('pdftotext', [pdf, '-'], bag).stdout;
    expect(text).toContain('Пытки в изоляторе № 2');
    expect(text).toContain('Прил-001');
    expect(text).toContain('Показания свидетеля W-1');
    expect(text).not.toContain(REAL_NAME);
    const verifyMd = await readFile(path.join(bag, 'VERIFY.md'), 'utf8');
    expect(verifyMd).toContain('ssh-keygen -Y verify');
    expect(verifyMd).toContain('Проверка этого пакета');
  });

  it('fails everywhere after one flipped byte or a changed tag manifest', async () => {
    const exhibit = path.join(bag, 'data/exhibits/Прил-002 - statement.txt');
    const bytes = await readFile(exhibit);
    bytes[0] = bytes[0]! ^ 1;
    await writeFile(exhibit, bytes);
    expect(sh('sha256sum', ['-c', 'manifest-sha256.txt'], bag).status).not.toBe(0);
    const report = await verifyPath(bag);
    expect(report.ok).toBe(false);
    expect(report.files.filter((f) => f.status !== 'ok')).toEqual([{ path: 'data/exhibits/Прил-002 - statement.txt', kind: 'payload', status: 'mismatched', failed: ['sha256', 'sha512'] }]);

    const tm = path.join(bag, 'tagmanifest-sha256.txt');
    await writeFile(tm, `${await readFile(tm, 'utf8')}${'0'.repeat(64)}  extra.txt\n`);
    const key = signingKeyInfo(tv.vault);
    const ssh = sh('ssh-keygen', ['-Y', 'verify', '-f', 'allowed_signers', '-I', key.identity, '-n', 'evidence-vault', '-s', 'tagmanifest-sha256.txt.sig'], bag, await readFile(tm));
    expect(ssh.status).not.toBe(0);
    expect((await verifyPath(bag)).signature.status).toBe('invalid');
  });

  it('includes the original of an overridden exhibit, marked, and originals on request', async () => {
    overrideShareable(tv.vault, ids['blob.unknownformat']!, 'Court asked for the raw file');
    const out = path.join(await temp.dir(), 'pkg');
    const result = await exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out, originals: true });
    expect(result.leftOut).toEqual([]);
    expect(result.exhibits.find((x) => x.label === 'Прил-003')).toMatchObject({ included: 'original', file: 'data/exhibits/Прил-003 - blob.unknownformat' });
    expect(result.originals).toBe(3);
    expect((await readdir(path.join(out, 'data/originals'))).sort()).toEqual(['Прил-001 - Показания_ свидетеля_.txt', 'Прил-002 - statement.txt', 'Прил-003 - blob.unknownformat']);
    expect(await readFile(path.join(out, 'data/custody-report.html'), 'utf8')).toContain('Court asked for the raw file');
    expect((await verifyPath(out)).ok).toBe(true);
  });

  it('puts a protected identity in the report only for the person named, and records that it did', async () => {
    const detail = getCase(tv.vault, 'ДЕЛО-7');
    const witness = detail.persons.find((p) => p.pseudonym === 'Свидетель W-1')!;
    const other = addPerson(tv.vault, 'ДЕЛО-7', { pseudonym: 'Заявитель Б', role: 'complainant', identity: { realName: 'Other Hiddenname' } });
    const out = path.join(await temp.dir(), 'pkg-identity');
    await exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out, identities: [witness.id] });
    const html = await readFile(path.join(out, 'data/custody-report.html'), 'utf8');
    expect(html).toContain(REAL_NAME);
    expect(html).toContain('includes the protected identity of Свидетель W-1');
    expect(html).not.toContain('Other Hiddenname');
    const pdfText = sh('pdftotext', [path.join(out, 'data/custody-report.pdf'), '-'], out).stdout;
    expect(pdfText).toContain(REAL_NAME);
    expect(pdfText).not.toContain('Other Hiddenname');
    expect((await verifyPath(out)).ok).toBe(true);
    const exported = custodyLog(tv.vault).filter((e) => e.action === 'case.exported').at(-1)!;
    expect(exported.details).toMatchObject({ identitiesIncluded: [witness.id] });
    expect(JSON.stringify(exported.details)).not.toContain(REAL_NAME);

    // A person outside the case, or without a recorded identity, stops the export before anything is written.
    const dir = await temp.dir();
    await expect(exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out: path.join(dir, 'a'), identities: [other.id + 1000] })).rejects.toThrow(/not in this case/);
    const bare = addPerson(tv.vault, 'ДЕЛО-7', { pseudonym: 'Эксперт В', role: 'other' });
    await expect(exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out: path.join(dir, 'b'), identities: [bare.id] })).rejects.toThrow(/no protected identity/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops when cancelled and leaves no partial package', async () => {
    const dir = await temp.dir();
    const controller = new AbortController();
    controller.abort();
    await expect(exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out: path.join(dir, 'pkg'), signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a non-empty --out and leaves nothing behind', async () => {
    const dir = await temp.dir();
    await mkdir(path.join(dir, 'full'));
    await writeFile(path.join(dir, 'full', 'x'), 'x');
    await expect(exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out: path.join(dir, 'full') })).rejects.toThrow(/not empty/);
    await mkdir(path.join(dir, 'empty'));
    await exportCase(tv.vault, { caseRef: 'ДЕЛО-7', out: path.join(dir, 'empty') });
    expect((await readdir(dir)).sort()).toEqual(['empty', 'full']);
  });
});

describe('safe file names', () => {
  it('are NFC, without control or reserved characters, trailing dots, device names or %', () => {
    expect(safeFileName('Cafe\u0301 <1>: a/b\\c|d?e*f%.txt')).toBe('Café _1__ a_b_c_d_e_f_.txt');
    expect(safeFileName('line\nbreak\ttab.txt')).toBe('line break tab.txt');
    expect(safeFileName('name. . ')).toBe('name');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('.hidden')).toBe('_.hidden');
    const long = safeFileName(`${'Ж'.repeat(300)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
