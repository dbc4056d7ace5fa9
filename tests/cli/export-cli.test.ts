/** export, signing-key and verify through the real bin/evidence-vault.mjs: JSON shapes and exit codes. */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSPHRASE, tempVaults } from '../helpers/temp-vault.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/evidence-vault.mjs');
type Run = { code: number; stdout: string; stderr: string };
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], EVIDENCE_VAULT_PASSPHRASE: PASSPHRASE } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const temp = tempVaults();
let folder: string;
let out: string;
beforeAll(async () => {
  const tv = await temp.vault();
  tv.vault.lock();
  folder = tv.folder;
  const files = await temp.dir();
  await writeFile(path.join(files, 'Заявление.txt'), 'Заявление потерпевшего\n');
  expect((await cli(['case', 'create', folder, '--number', 'C-1', '--title', 'Дело о задержании'])).code).toBe(0);
  expect((await cli(['ingest', folder, files, '--case', 'C-1'])).code).toBe(0);
  out = path.join(await temp.dir(), 'package');
}, 60_000);
afterAll(() => temp.cleanup());

describe('export / signing-key / verify commands', () => {
  it('signing-key prints the public key and fingerprint', async () => {
    const run = await cli(['signing-key', folder, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ publicKey: expect.stringMatching(/^ssh-ed25519 AAAA/), fingerprint: expect.stringMatching(/^SHA256:/), namespace: 'evidence-vault' });
  });

  it('export writes a package that verify accepts (exit 0), and a changed byte makes verify exit 1 naming the file', async () => {
    const run = await cli(['export', folder, '--case', 'C-1', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { exhibits: { file: string }[]; fingerprint: string };
    expect(result.exhibits[0]!.file).toBe('data/exhibits/EX-001 - Заявление.txt');
    const ok = await cli(['verify', out]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`signature  valid, by ${result.fingerprint}`);

    const file = path.join(out, result.exhibits[0]!.file);
    await writeFile(file, (await readFile(file, 'utf8')).replace('Заявление', 'Заявлениe'));
    const bad = await cli(['verify', out, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).files).toContainEqual({ path: result.exhibits[0]!.file, kind: 'payload', status: 'mismatched', failed: ['sha256', 'sha512'] });
  });

  it('--include-identity names one person by pseudonym; an unknown one exports nothing (exit 2)', async () => {
    const identityFile = path.join(await temp.dir(), 'identity.json');
    await writeFile(identityFile, JSON.stringify({ realName: 'Hidden Realname' }));
    const added = await cli(['person', 'add', folder, '--case', 'C-1', '--pseudonym', 'Потерпевший П', '--role', 'victim', '--identity-file', identityFile]);
    expect(added.code, added.stderr).toBe(0);
    const dir = await temp.dir();
    const unknown = await cli(['export', folder, '--case', 'C-1', '--out', path.join(dir, 'x'), '--include-identity', 'Nobody', '--yes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No person "Nobody" in this case/);
    const named = await cli(['export', folder, '--case', 'C-1', '--out', path.join(dir, 'pkg'), '--include-identity', 'Потерпевший П', '--yes', '--json']);
    expect(named.code, named.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'pkg', 'data/custody-report.html'), 'utf8')).toContain('Hidden Realname');
    const plain = await cli(['export', folder, '--case', 'C-1', '--out', path.join(dir, 'plain'), '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'plain', 'data/custody-report.html'), 'utf8')).not.toContain('Hidden Realname');
  });

  it('refuses a non-empty --out (exit 2); verify exits 2 on unusable input', async () => {
    const again = await cli(['export', folder, '--case', 'C-1', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    const missing = await cli(['verify', path.join(out, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});
