/**
 * The vault's life as a user meets it: create, unlock, wrong passphrase, damaged header, passphrase
 * change, recovery, lock, a second process, and the promise that nothing readable is left on disk.
 * Real Argon2id (test parameters), real SQLCipher, real exiftool, real second `node` processes.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeExiftool, custodyLog, ingestPaths, KDF_PARAMS_FOR_TESTS, listItems, Vault, VaultError } from '../../src-main/core/index.ts';
import { generateRecoveryKey } from '../../src-main/core/crypto/recovery-key.ts';
import { verifyChain } from '../../src-main/core/custody/custody-log.ts';
import {
  listFiles,
  objectFileIds,
  readOriginal,
  runVaultChild,
  sha256Hex,
  snapshotFolder,
  tempVaults,
} from '../helpers/temp-vault.ts';

const temps = tempVaults();
afterEach(() => temps.cleanup());
afterAll(() => closeExiftool());

const vaultError = (code: string, message?: string | RegExp) =>
  expect.objectContaining({ name: 'VaultError', code, ...(message !== undefined ? { message: typeof message === 'string' ? message : expect.stringMatching(message) } : {}) });

async function rejectsWith(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<VaultError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VaultError);
  expect(err).toEqual(vaultError(code, message));
  return err as VaultError;
}

async function writeSources(dir: string, files: Record<string, string | Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, content);
    out.push(p);
  }
  return out;
}

describe('create', () => {
  it('refuses a folder that is not empty and leaves it as it was', async () => {
    const dir = await temps.dir();
    const folder = path.join(dir, 'not-empty');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'holiday.jpg'), 'someone else’s file');
    const before = await snapshotFolder(folder);
    await rejectsWith(
      Vault.create(folder, 'pass', { kdf: KDF_PARAMS_FOR_TESTS }),
      'VAULT_NOT_EMPTY',
      'The folder is not empty: a new vault needs an empty folder.',
    );
    expect(await snapshotFolder(folder)).toEqual(before);
  });

  it('makes a folder holding only header.json, vault.db (+ its WAL while open), objects/ and tmp/', async () => {
    const { root, folder, vault } = await temps.vault();
    const sources = await writeSources(path.join(root, 'src'), { 'a.txt': 'alpha', 'b.bin': randomBytes(3000) });
    const outcomes = await ingestPaths(vault, sources);
    expect(outcomes.map((o) => o.status)).toEqual(['ingested', 'ingested']);

    const top = (await fs.readdir(folder)).sort();
    for (const name of ['header.json', 'objects', 'tmp', 'vault.db']) expect(top).toContain(name);
    for (const name of top) expect(['header.json', 'objects', 'tmp', 'vault.db', 'vault.db-shm', 'vault.db-wal']).toContain(name);

    // objects/<2 hex>/<32 hex>, owner-only; the first two digits are the fan-out folder's name.
    // One original each; the text file also has its shareable copy (an unknown binary has none).
    const ids = await objectFileIds(folder);
    expect(outcomes.map((o) => o.shareable?.status)).toEqual(['stripped', 'unsupported']);
    expect(ids).toHaveLength(3);
    for (const fan of await fs.readdir(path.join(folder, 'objects'))) {
      expect(fan).toMatch(/^[0-9a-f]{2}$/);
      expect((await fs.stat(path.join(folder, 'objects', fan))).mode & 0o777).toBe(0o700);
      for (const name of await fs.readdir(path.join(folder, 'objects', fan))) {
        expect(name).toMatch(/^[0-9a-f]{32}$/);
        expect(name.startsWith(fan)).toBe(true);
        expect((await fs.stat(path.join(folder, 'objects', fan, name))).mode & 0o777).toBe(0o600);
      }
    }
    expect(await fs.readdir(path.join(folder, 'tmp'))).toEqual([]);

    vault.lock();
    expect((await fs.readdir(folder)).sort()).toEqual(['header.json', 'objects', 'tmp', 'vault.db']);
    expect(JSON.parse(await fs.readFile(path.join(folder, 'header.json'), 'utf8'))).toMatchObject({ format: 'evidence-vault', version: 1 });
  });
});

describe('unlock', () => {
  it('with the wrong passphrase says WRONG_PASSPHRASE and changes nothing in the folder', async () => {
    const { root, folder, vault, passphrase } = await temps.vault();
    await ingestPaths(vault, await writeSources(path.join(root, 'src'), { 'note.txt': 'a note' }));
    vault.lock();
    const before = await snapshotFolder(folder);
    await rejectsWith(Vault.unlock(folder, 'not the passphrase'), 'WRONG_PASSPHRASE', 'Wrong passphrase.');
    await rejectsWith(Vault.unlock(folder, passphrase.toUpperCase()), 'WRONG_PASSPHRASE');
    await rejectsWith(Vault.unlock(folder, ''), 'WRONG_PASSPHRASE');
    expect(await snapshotFolder(folder)).toEqual(before);
    // And the right one still works afterwards.
    const again = temps.track(await Vault.unlock(folder, passphrase));
    expect(listItems(again, 0, 10).total).toBe(1);
  });

  it('refuses a damaged, foreign or missing header with BAD_HEADER and a message saying what is wrong', async () => {
    const { folder, vault, passphrase } = await temps.vault();
    vault.lock();
    const headerFile = path.join(folder, 'header.json');
    const good = await fs.readFile(headerFile);
    const goodJson = JSON.parse(good.toString('utf8')) as Record<string, unknown>;

    const cases: Array<[string, string | Uint8Array | null, string | RegExp]> = [
      ['binary garbage', new Uint8Array([0xff, 0xfe, 0x00, 0x81, ...randomBytes(200)]), 'Vault header is not valid JSON: it is not UTF-8 text.'],
      ['text garbage', 'this is not { json', 'Vault header is not valid JSON.'],
      ['truncated', good.subarray(0, Math.floor(good.length / 2)), 'Vault header is not valid JSON.'],
      ['a JSON array', '[1, 2, 3]', 'Vault header is not a JSON object.'],
      ['another app’s JSON', JSON.stringify({ format: 'other-app', version: 1 }), 'Vault header has a foreign format name; it is not an Evidence Vault header.'],
      ['JSON without a format', JSON.stringify({ name: 'settings' }), 'Vault header has no format name; it is not an Evidence Vault header.'],
      ['a newer version', JSON.stringify({ ...goodJson, version: 2 }), /^Vault header version 2 is newer than this app supports \(up to 1\)\. Update the app/],
      ['a missing field', JSON.stringify({ ...goodJson, slots: undefined }), 'Vault header is missing the field "slots".'],
      ['a damaged salt', JSON.stringify({ ...goodJson, kdf: { ...(goodJson.kdf as object), salt: 'xyz' } }), 'Vault header field "kdf.salt" must be 16 bytes as lowercase hex.'],
      ['missing', null, 'Vault header is missing: this folder is not an Evidence Vault, or the header was deleted.'],
    ];
    for (const [label, content, message] of cases) {
      if (content === null) await fs.rm(headerFile);
      else await fs.writeFile(headerFile, content);
      const before = await snapshotFolder(folder);
      const err = await rejectsWith(Vault.unlock(folder, passphrase), 'BAD_HEADER', message);
      expect(err.message, label).not.toContain(folder);
      expect(await snapshotFolder(folder), label).toEqual(before);
    }

    await fs.writeFile(headerFile, good);
    temps.track(await Vault.unlock(folder, passphrase));
  });

  it('still unlocks after a file manager left its files in the vault folders (.DS_Store, Thumbs.db)', async () => {
    // Regression: a file in objects/ was read as a fan-out folder (ENOTDIR) and unlock failed with INTERNAL.
    const { root, folder, vault, passphrase } = await temps.vault();
    const [src] = await writeSources(path.join(root, 'src'), { 'kept.txt': 'still readable' });
    const [outcome] = await ingestPaths(vault, [src!]);
    vault.lock();
    for (const dir of ['.', 'objects', 'tmp']) {
      await fs.writeFile(path.join(folder, dir, '.DS_Store'), 'Finder was here');
      await fs.writeFile(path.join(folder, dir, 'Thumbs.db'), 'Explorer was here');
    }
    const reopened = temps.track(await Vault.unlock(folder, passphrase));
    expect((await readOriginal(reopened, outcome!.id!)).toString()).toBe('still readable');
    expect((await fs.readdir(path.join(folder, 'objects'))).filter((n) => !/^[0-9a-f]{2}$/.test(n)).sort()).toEqual(['.DS_Store', 'Thumbs.db']);
    expect(await fs.readdir(path.join(folder, 'tmp'))).toEqual([]); // tmp/ is the vault's own scratch space
  });

  it('a header copied over from another vault does not open this vault’s database', async () => {
    const mine = await temps.vault({ passphrase: 'mine' });
    const other = await temps.vault({ passphrase: 'other' });
    mine.vault.lock();
    other.vault.lock();
    await fs.copyFile(path.join(other.folder, 'header.json'), path.join(mine.folder, 'header.json'));
    const before = await snapshotFolder(mine.folder);
    await rejectsWith(Vault.unlock(mine.folder, 'mine'), 'WRONG_PASSPHRASE');
    await rejectsWith(Vault.unlock(mine.folder, 'other'), 'BAD_DATABASE', 'The vault database cannot be read: it is damaged or does not belong to this vault.');
    expect(await snapshotFolder(mine.folder)).toEqual(before);
  });

  it('says a folder that is not a vault is not one, and creates nothing in it', async () => {
    const dir = await temps.dir();
    const photos = path.join(dir, 'photos');
    await writeSources(photos, { 'a.jpg': 'x', 'b/c.txt': 'y' });
    const before = await snapshotFolder(photos);
    await rejectsWith(Vault.unlock(photos, 'whatever'), 'BAD_HEADER', /this folder is not an Evidence Vault/);
    await rejectsWith(Vault.recover(photos, generateRecoveryKey().text, 'new'), 'BAD_HEADER', /this folder is not an Evidence Vault/);
    expect(await snapshotFolder(photos)).toEqual(before);

    const nowhere = path.join(dir, 'does-not-exist');
    const err = await Vault.unlock(nowhere, 'whatever').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect(['BAD_HEADER', 'VAULT_NOT_FOUND']).toContain((err as VaultError).code);
    await expect(fs.stat(nowhere)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('changing the passphrase', () => {
  it('retires the old passphrase, admits the new one, and re-encrypts no content', async () => {
    const { root, folder, vault, passphrase } = await temps.vault();
    const sources = await writeSources(path.join(root, 'src'), { 'one.txt': 'first file', 'two.bin': randomBytes(1500 * 1024) });
    const outcomes = await ingestPaths(vault, sources);
    const contentBefore = await snapshotFolder(path.join(folder, 'objects'));
    const headerBefore = JSON.parse(await fs.readFile(path.join(folder, 'header.json'), 'utf8'));

    await vault.changePassphrase('a brand new passphrase');
    const last = custodyLog(vault).at(-1)!;
    expect(last).toMatchObject({ action: 'passphrase.changed', actor: 'Test Operator', itemId: null });
    expect(verifyChain(vault.store).ok).toBe(true);
    vault.lock();

    const headerAfter = JSON.parse(await fs.readFile(path.join(folder, 'header.json'), 'utf8'));
    expect(headerAfter.vaultId).toBe(headerBefore.vaultId);
    expect(headerAfter.kdf.salt).not.toBe(headerBefore.kdf.salt);
    expect(headerAfter.slots.recovery).toEqual(headerBefore.slots.recovery);
    // Nothing in objects/ was rewritten: same bytes, same mtimes, same names.
    expect(await snapshotFolder(path.join(folder, 'objects'))).toEqual(contentBefore);
    expect((await fs.readdir(folder)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    await rejectsWith(Vault.unlock(folder, passphrase), 'WRONG_PASSPHRASE');
    const reopened = temps.track(await Vault.unlock(folder, 'a brand new passphrase'));
    for (const [i, o] of outcomes.entries()) {
      expect(await readOriginal(reopened, o.id!)).toEqual(await fs.readFile(sources[i]!));
    }
  });
});

describe('recovery', () => {
  it('the recovery key sets a new passphrase and logs recovery.used then passphrase.changed', async () => {
    const { root, folder, vault, passphrase, recoveryKey } = await temps.vault();
    const [src] = await writeSources(path.join(root, 'src'), { 'kept.txt': 'still here after recovery' });
    const [outcome] = await ingestPaths(vault, [src!]);
    vault.lock();

    const recovered = temps.track(await Vault.recover(folder, recoveryKey, 'chosen after forgetting'));
    expect(custodyLog(recovered).slice(-2).map((e) => e.action)).toEqual(['recovery.used', 'passphrase.changed']);
    expect(await readOriginal(recovered, outcome!.id!)).toEqual(Buffer.from('still here after recovery'));
    recovered.lock();

    await rejectsWith(Vault.unlock(folder, passphrase), 'WRONG_PASSPHRASE');
    const reopened = temps.track(await Vault.unlock(folder, 'chosen after forgetting'));
    expect(verifyChain(reopened.store).ok).toBe(true);
  });

  it('a wrong or mistyped recovery key is refused by name and nothing is written', async () => {
    const { folder, vault, passphrase, recoveryKey } = await temps.vault();
    vault.lock();
    const before = await snapshotFolder(folder);

    await rejectsWith(Vault.recover(folder, generateRecoveryKey().text, 'new passphrase'), 'WRONG_RECOVERY_KEY', 'Wrong recovery key.');

    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const first = recoveryKey[0]!;
    const typo = alphabet[(alphabet.indexOf(first) + 1) % alphabet.length] + recoveryKey.slice(1);
    await rejectsWith(Vault.recover(folder, typo, 'new passphrase'), 'MALFORMED_RECOVERY_KEY', /^The recovery key is mistyped: its check digits do not match/);
    await rejectsWith(Vault.recover(folder, recoveryKey.slice(0, -5), 'new passphrase'), 'MALFORMED_RECOVERY_KEY', /^The recovery key is mistyped: it has 32 characters/);
    await rejectsWith(Vault.recover(folder, recoveryKey.replace(/[0-9A-Z]/, 'U'), 'new passphrase'), 'MALFORMED_RECOVERY_KEY', /never use/);

    expect(await snapshotFolder(folder)).toEqual(before);
    temps.track(await Vault.unlock(folder, passphrase));
  });
});

describe('lock', () => {
  it('closes the database and zeroes the keys it held', async () => {
    const { vault } = await temps.vault();
    const wrapKey = vault.fileKeyWrapKey;
    expect(wrapKey.length).toBe(32);
    expect(wrapKey.some((b) => b !== 0)).toBe(true);
    expect(vault.isOpen).toBe(true);

    vault.lock();
    expect(vault.isOpen).toBe(false);
    expect([...wrapKey].every((b) => b === 0)).toBe(true);
    expect(() => vault.store).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    expect(() => vault.fileKeyWrapKey).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    expect(() => listItems(vault, 0, 10)).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    await rejectsWith(vault.changePassphrase('anything'), 'VAULT_LOCKED');
    expect(() => vault.lock()).not.toThrow();
  });

  it('a second process cannot open a vault this one holds, and can once it is locked', async () => {
    const { folder, vault, passphrase } = await temps.vault();
    const held = await runVaultChild([folder, passphrase]);
    expect(held.lines).toEqual([expect.objectContaining({ event: 'error', code: 'VAULT_IN_USE', message: 'The vault is open in another process.' })]);
    expect(held.status).toBe(2);
    // Nor can this same process open it a second time.
    await rejectsWith(Vault.unlock(folder, passphrase), 'VAULT_IN_USE');
    // The failed attempts did not disturb the session that holds it.
    expect(listItems(vault, 0, 1).total).toBe(0);

    vault.lock();
    const free = await runVaultChild([folder, passphrase]);
    expect(free.lines.map((l) => l.event)).toEqual(['unlocked', 'done']);
    expect(free.status).toBe(0);
  });
});

describe('no plaintext on disk', () => {
  it('no name, content, metadata value or hash of the evidence appears in any byte of the vault folder', async () => {
    const tag = randomBytes(6).toString('hex');
    const markers = {
      content: `CONTENT-MARKER-${tag}`,
      artist: `ARTIST-MARKER-${tag}`,
      note: `SOURCE-NOTE-MARKER-${tag}`,
      operator: `OPERATOR-MARKER-${tag}`,
      folderName: `case-folder-${tag}`,
    };
    const { root, folder, vault } = await temps.vault({ operator: markers.operator });
    const srcDir = path.join(root, markers.folderName);
    const names = [`witness-statement-${tag}.txt`, `ledger ${tag}.csv`, `photo-${tag}.jpg`];
    await writeSources(srcDir, {
      [names[0]!]: `${markers.content}\n`.repeat(500),
      [names[1]!]: `date,amount,${markers.content}\n2024-01-01,100,x\n`,
    });
    const photo = path.join(srcDir, names[2]!);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=red:s=64x64', '-frames:v', '1', photo]);
    execFileSync('exiftool', [
      '-q',
      '-overwrite_original',
      `-Artist=${markers.artist}`,
      '-GPSLatitude=48.8583701',
      '-GPSLatitudeRef=N',
      '-GPSLongitude=2.2944813',
      '-GPSLongitudeRef=E',
      photo,
    ]);
    expect((await fs.readFile(photo)).includes(markers.artist)).toBe(true);

    const outcomes = await ingestPaths(vault, [srcDir], { sourceNote: markers.note });
    expect(outcomes.map((o) => o.status)).toEqual(['ingested', 'ingested', 'ingested']);
    // The metadata really was read and stored (inside the encrypted database).
    const photoItem = vault.store.getItem(outcomes.find((o) => o.path === photo)!.id!)!;
    expect(photoItem.metadataJson).toContain(markers.artist);
    expect(photoItem.metadataJson).toContain('48.8583701');

    const hashes = await Promise.all(outcomes.map(async (o) => sha256Hex(await fs.readFile(o.path))));
    expect(hashes).toEqual(outcomes.map((o) => o.sha256));
    const needles: Array<[string, Buffer]> = [
      ...Object.entries(markers).map(([k, v]): [string, Buffer] => [k, Buffer.from(v)]),
      ...names.map((n): [string, Buffer] => [`name ${n}`, Buffer.from(n)]),
      ['GPS value', Buffer.from('48.8583701')],
      ['GPS tag name', Buffer.from('GPSLatitude')],
      ['metadata group', Buffer.from('IFD0:Artist')],
      ['source folder path', Buffer.from(srcDir)],
      ...hashes.flatMap((h): Array<[string, Buffer]> => [
        [`sha256 hex ${h}`, Buffer.from(h)],
        [`sha256 HEX ${h}`, Buffer.from(h.toUpperCase())],
        [`sha256 bytes ${h}`, Buffer.from(h, 'hex')],
      ]),
    ];

    // The needles do find what they look for: each marker or name is in the sources (or their paths).
    const sourceBytes = Buffer.concat([...(await Promise.all(outcomes.map((o) => fs.readFile(o.path)))), Buffer.from(outcomes.map((o) => o.path).join('\n'))]);
    for (const needle of [markers.content, markers.artist, markers.folderName, ...names]) expect(sourceBytes.includes(needle)).toBe(true);

    const scan = async (when: string) => {
      const files = await listFiles(folder);
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        const bytes = await fs.readFile(file);
        for (const [label, needle] of needles) {
          expect(bytes.includes(needle), `${label} found in ${path.relative(folder, file)} (${when})`).toBe(false);
        }
      }
    };
    await scan('while open'); // includes the WAL, if any
    vault.lock();
    await scan('after lock');
  });
});
