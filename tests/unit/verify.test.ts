/**
 * verify (issue #6): BagIt 1.0 bags and plain checksum files, each kind of bad input giving a
 * specific finding instead of a crash, and SSHSIG signatures made by stock ssh-keygen.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPath, VaultError } from '../../src-main/core/index.ts';
import { encodeManifestPath } from '../../src-main/core/verify/verify-bag.ts';
import { fingerprint, openSshPublicKey, parseSshsig, publicKeyFromSeed, signSshsig, verifySshsig } from '../../src-main/core/verify/sshsig.ts';
import { tempVaults } from '../helpers/temp-vault.ts';

const temp = tempVaults();
afterAll(() => temp.cleanup());

const sha = (alg: string, data: Buffer | string) => createHash(alg).update(data).digest('hex');

/** A valid bag with the given payload (paths under data/), both manifests and a tag manifest. */
async function makeBag(payload: Record<string, string>, options: { crlf?: boolean } = {}): Promise<string> {
  const bag = path.join(await temp.dir('ev-bag-'), 'bag');
  const eol = options.crlf ? '\r\n' : '\n';
  let octets = 0;
  for (const [p, content] of Object.entries(payload)) {
    await mkdir(path.dirname(path.join(bag, p)), { recursive: true });
    await writeFile(path.join(bag, p), content);
    octets += Buffer.byteLength(content);
  }
  const manifest = (alg: string) => Object.entries(payload).map(([p, c]) => `${sha(alg, c)}  ${encodeManifestPath(p)}${eol}`).join('');
  const tags: Record<string, string> = {
    'bagit.txt': `BagIt-Version: 1.0${eol}Tag-File-Character-Encoding: UTF-8${eol}`,
    'bag-info.txt': `Payload-Oxum: ${octets}.${Object.keys(payload).length}${eol}`,
    'manifest-sha256.txt': manifest('sha256'),
    'manifest-sha512.txt': manifest('sha512'),
  };
  for (const [p, c] of Object.entries(tags)) await writeFile(path.join(bag, p), c);
  await writeFile(path.join(bag, 'tagmanifest-sha256.txt'), Object.entries(tags).map(([p, c]) => `${sha('sha256', c)}  ${p}${eol}`).join(''));
  return bag;
}

const PAYLOAD = { 'data/a.txt': 'alpha\n', 'data/exhibits/E-1 - Показания.txt': 'Показания свидетеля\n' };

describe('verify a bag', () => {
  it('accepts a valid bag, with unicode names, and reports every file ok', async () => {
    const r = await verifyPath(await makeBag(PAYLOAD));
    expect(r.ok).toBe(true);
    expect(r.kind).toBe('bag');
    expect(r.algorithms.sort()).toEqual(['sha256', 'sha512']);
    expect(r.files.map((f) => [f.path, f.status])).toContainEqual(['data/exhibits/E-1 - Показания.txt', 'ok']);
    expect(r.counts.ok).toBe(2 + 4);
  });

  it('accepts CRLF line endings', async () => {
    expect((await verifyPath(await makeBag(PAYLOAD, { crlf: true }))).ok).toBe(true);
  });

  it('decodes percent-encoded names (RFC 8493 §2.1.3)', async () => {
    const bag = await makeBag({ 'data/100%.txt': 'x', 'data/line\nbreak.txt': 'y' });
    expect(await readFile(path.join(bag, 'manifest-sha256.txt'), 'utf8')).toContain('data/100%25.txt');
    const r = await verifyPath(bag);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('finds a missing file', async () => {
    const bag = await makeBag(PAYLOAD);
    await rm(path.join(bag, 'data/a.txt'));
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.files).toContainEqual({ path: 'data/a.txt', kind: 'payload', status: 'missing' });
    expect(r.problems.join()).toMatch(/Payload-Oxum/);
  });

  it('finds an extra file', async () => {
    const bag = await makeBag(PAYLOAD);
    await writeFile(path.join(bag, 'data/smuggled.txt'), 'z');
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.files).toContainEqual({ path: 'data/smuggled.txt', kind: 'payload', status: 'extra' });
  });

  it('finds a changed byte, naming the file and both algorithms', async () => {
    const bag = await makeBag(PAYLOAD);
    await writeFile(path.join(bag, 'data/a.txt'), 'alphA\n');
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.files).toContainEqual({ path: 'data/a.txt', kind: 'payload', status: 'mismatched', failed: ['sha256', 'sha512'] });
    expect(r.problems).toEqual([]); // same size: Payload-Oxum still holds
  });

  it('reports a truncated manifest line', async () => {
    const bag = await makeBag(PAYLOAD);
    const file = path.join(bag, 'manifest-sha256.txt');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, 40));
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/manifest-sha256\.txt line 1: .*truncated or malformed/);
  });

  it('refuses paths escaping the bag and absolute paths', async () => {
    const bag = await makeBag(PAYLOAD);
    const file = path.join(bag, 'manifest-sha256.txt');
    await writeFile(file, `${await readFile(file, 'utf8')}${sha('sha256', 'x')}  data/../../etc/passwd\n${sha('sha256', 'x')}  /etc/passwd\n`);
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/line 3: a path leaving the bag/);
    expect(r.problems.join('\n')).toMatch(/line 4: an absolute path/);
    expect(r.files.map((f) => f.path)).not.toContain('/etc/passwd');
  });

  it('reports duplicated entries', async () => {
    const bag = await makeBag(PAYLOAD);
    const file = path.join(bag, 'manifest-sha512.txt');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text + text.split('\n')[0] + '\n');
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/manifest-sha512\.txt line 3: "data\/a\.txt" is listed more than once/);
  });

  it('reports a manifest with an unknown algorithm', async () => {
    const bag = await makeBag(PAYLOAD);
    await writeFile(path.join(bag, 'manifest-whirlpool.txt'), `${'0'.repeat(128)}  data/a.txt\n`);
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/manifest-whirlpool\.txt: unknown checksum algorithm "whirlpool"/);
  });

  it('reports a changed tag file and a bad bagit.txt', async () => {
    const bag = await makeBag(PAYLOAD);
    await writeFile(path.join(bag, 'bagit.txt'), 'BagIt-Version: one\n');
    const r = await verifyPath(bag);
    expect(r.ok).toBe(false);
    expect(r.files).toContainEqual({ path: 'bagit.txt', kind: 'tag', status: 'mismatched', failed: ['sha256'] });
    expect(r.problems.join('\n')).toMatch(/no valid BagIt-Version/);
  });

  it('throws an input error (exit 2) for a missing path or a folder that is not a bag', async () => {
    const dir = await temp.dir();
    await expect(verifyPath(path.join(dir, 'nope'))).rejects.toThrow(/does not exist/);
    await expect(verifyPath(dir)).rejects.toSatisfy((e) => e instanceof VaultError && e.code === 'INPUT_ERROR' && /no bagit\.txt/.test(e.message));
  });
});

describe('signatures', () => {
  it('checks an ssh-keygen signature, reports its fingerprint, and reports a missing key', async () => {
    const bag = await makeBag(PAYLOAD);
    const keyDir = await temp.dir();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', path.join(keyDir, 'k')]);
    execFileSync('ssh-keygen', ['-Y', 'sign', '-f', path.join(keyDir, 'k'), '-n', 'evidence-vault', path.join(bag, 'tagmanifest-sha256.txt')], { stdio: 'ignore' });
    const expectedFp = execFileSync('ssh-keygen', ['-lf', path.join(keyDir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1];

    const noKey = await verifyPath(bag);
    expect(noKey.signature).toMatchObject({ status: 'no_key', fingerprint: expectedFp });
    expect(noKey.ok).toBe(false);

    await writeFile(path.join(bag, 'evidence-vault.pub'), await readFile(path.join(keyDir, 'k.pub')));
    const good = await verifyPath(bag);
    expect(good.signature).toEqual({ status: 'valid', fingerprint: expectedFp, keyFile: 'evidence-vault.pub' });
    expect(good.ok).toBe(true);

    const other = await temp.dir();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(other, 'k')]);
    const wrongKey = await verifyPath(bag, { keyFile: path.join(other, 'k.pub') });
    expect(wrongKey.signature.status).toBe('invalid');

    await writeFile(path.join(bag, 'tagmanifest-sha256.txt'), `${await readFile(path.join(bag, 'tagmanifest-sha256.txt'), 'utf8')}\n`);
    const tampered = await verifyPath(bag);
    expect(tampered.signature).toMatchObject({ status: 'invalid', message: expect.stringMatching(/does not match/) });
  });

  it('signs what ssh-keygen -Y verify accepts, and fingerprints like ssh-keygen -l', async () => {
    const dir = await temp.dir();
    const seed = new Uint8Array(32).fill(7);
    const pub = openSshPublicKey(publicKeyFromSeed(seed), 'test-key');
    const message = Buffer.from('some manifest\n');
    const sig = signSshsig(seed, message);
    expect(verifySshsig(parseSshsig(sig), message)).toBe(true);
    expect(verifySshsig(parseSshsig(sig), Buffer.from('other'))).toBe(false);
    await writeFile(path.join(dir, 'msg'), message);
    await writeFile(path.join(dir, 'msg.sig'), sig);
    await writeFile(path.join(dir, 'k.pub'), `${pub}\n`);
    await writeFile(path.join(dir, 'allowed_signers'), `signer@test namespaces="evidence-vault" ${pub}\n`);
    const out = execFileSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(dir, 'allowed_signers'), '-I', 'signer@test', '-n', 'evidence-vault', '-s', path.join(dir, 'msg.sig')], {
      input: message,
      encoding: 'utf8',
    });
    expect(out).toMatch(/Good "evidence-vault" signature for signer@test/);
    expect(execFileSync('ssh-keygen', ['-lf', path.join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1]).toBe(fingerprint(publicKeyFromSeed(seed)));
  });
});

describe('verify a checksum file', () => {
  it('reads GNU (text and binary mode) and BSD lines, and finds missing and changed files', async () => {
    const dir = await temp.dir();
    await writeFile(path.join(dir, 'one.txt'), 'one');
    await writeFile(path.join(dir, 'два.txt'), 'два');
    await writeFile(path.join(dir, 'three.txt'), 'three');
    const sums = [`${sha('sha256', 'one')}  one.txt`, `${sha('sha512', 'два')} *два.txt`, `SHA256 (three.txt) = ${sha('sha256', 'three')}`].join('\r\n');
    await writeFile(path.join(dir, 'SHA256SUMS'), `${sums}\n`);
    const good = await verifyPath(path.join(dir, 'SHA256SUMS'));
    expect(good.ok).toBe(true);
    expect(good.counts.ok).toBe(3);

    await writeFile(path.join(dir, 'one.txt'), 'One');
    await rm(path.join(dir, 'three.txt'));
    const bad = await verifyPath(path.join(dir, 'SHA256SUMS'));
    expect(bad.ok).toBe(false);
    expect(bad.files).toEqual([
      { path: 'one.txt', kind: 'file', status: 'mismatched', failed: ['sha256'] },
      { path: 'three.txt', kind: 'file', status: 'missing' },
      { path: 'два.txt', kind: 'file', status: 'ok' },
    ]);
  });

  it('reports malformed, escaping, duplicated and unknown-algorithm lines; refuses a file with none valid', async () => {
    const dir = await temp.dir();
    await writeFile(path.join(dir, 'a'), 'a');
    const lines = [`${sha('sha256', 'a')}  a`, `${sha('sha256', 'a')}  a`, `${sha('sha256', 'a').slice(0, 20)}  a`, `${sha('sha256', 'a')}  ../a`, `MD4 (a) = ${'0'.repeat(32)}`];
    await writeFile(path.join(dir, 'sums'), lines.join('\n'));
    const r = await verifyPath(path.join(dir, 'sums'));
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(4);
    expect(r.problems.join('\n')).toMatch(/line 2: .*more than once[\s\S]*line 3: .*truncated[\s\S]*line 4: a path leaving[\s\S]*line 5: unknown checksum algorithm "MD4"/);

    await writeFile(path.join(dir, 'notes.txt'), 'just some text\n');
    await expect(verifyPath(path.join(dir, 'notes.txt'))).rejects.toThrow(/Not a checksum file/);
  });
});
