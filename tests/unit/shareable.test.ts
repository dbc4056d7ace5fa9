/**
 * Shareable copies inside the vault: made at import from the stored original, encrypted beside it,
 * proven clean by an independent exiftool, audited like originals, exported only when clean, and
 * every step in the custody log.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVault, closeExiftool, closeStripTools, custodyLog, exportItemFile, getItemDetail, ingestPaths, listItems, makeShareableCopy, overrideShareable } from '../../src-main/core/index.ts';
import { objectPath } from '../../src-main/core/vault/layout.ts';
import { sha256Hex, tempVaults } from '../helpers/temp-vault.ts';
import type { TestVault } from '../helpers/temp-vault.ts';

const temp = tempVaults();
let tv: TestVault;
let dir: string;
let photo: string;
let blob: string;
let photoId: string;
let blobId: string;

beforeAll(async () => {
  tv = await temp.vault();
  dir = await temp.dir('ev-share-');
  photo = path.join(dir, 'IMG_0412.jpg');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', photo]);
  execFileSync('/usr/bin/exiftool', ['-q', '-overwrite_original', '-Artist=MARKER-ARTIST-7731', '-SerialNumber=SN-55012', '-GPSLatitude=43.3178', '-GPSLatitudeRef=N', '-GPSLongitude=45.6949', '-GPSLongitudeRef=E', '-Comment=MARKER-COMMENT-7731', photo]);
  blob = path.join(dir, 'unknown.bin');
  await writeFile(blob, Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x13, 0x37]));
  const outcomes = await ingestPaths(tv.vault, [photo, blob]);
  photoId = outcomes[0]!.id!;
  blobId = outcomes[1]!.id!;
  expect(outcomes[0]!.shareable).toMatchObject({ status: 'stripped', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(outcomes[1]!.shareable).toMatchObject({ status: 'unsupported', reason: expect.any(String) });
});
afterAll(async () => {
  await temp.cleanup();
  await closeExiftool();
  await closeStripTools();
});

describe('shareable copies in the vault', () => {
  it('records what was removed, the proof and the scan, and links original → copy in the custody log', () => {
    const detail = getItemDetail(tv.vault, photoId);
    const copy = detail.shareable!;
    expect(copy.status).toBe('stripped');
    expect(copy.proof).toMatchObject({ kind: 'image-data', identical: true });
    expect(copy.verification).toEqual({ ok: true, offending: [] });
    const removed = copy.removed.map((r) => `${r.name}=${r.value}`).join('\n');
    for (const secret of ['MARKER-ARTIST-7731', 'SN-55012', 'MARKER-COMMENT-7731']) expect(removed).toContain(secret);
    const event = detail.events.find((e) => e.action === 'shareable.created')!;
    expect(event.details).toMatchObject({ status: 'stripped', originalSha256: detail.sha256, copySha256: copy.sha256, contentIdentical: true });
    expect(copy.sha256).not.toBe(detail.sha256);
  });

  it('get writes a copy that an independent exiftool finds clean and whose bytes match the recorded hash', async () => {
    const out = path.join(dir, 'shared.jpg');
    const written = await exportItemFile(tv.vault, photoId, out, 'shareable');
    const bytes = await readFile(out);
    expect(sha256Hex(bytes)).toBe(getItemDetail(tv.vault, photoId).shareable!.sha256);
    expect(written.sha256).toBe(sha256Hex(bytes));
    const dump = execFileSync('/usr/bin/exiftool', ['-a', '-G1', '-s', out], { encoding: 'utf8' });
    expect(dump).not.toMatch(/Artist|Serial|GPS|Comment|MARKER/);
    expect(bytes.includes('MARKER-')).toBe(false);
    // The same picture: decoded pixels of original and copy are equal.
    const pixels = (f: string) => sha256Hex(execFileSync('ffmpeg', ['-loglevel', 'error', '-i', f, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']));
    expect(pixels(out)).toBe(pixels(photo));
    expect(custodyLog(tv.vault).at(-1)).toMatchObject({ action: 'item.exported', itemId: photoId });
  });

  it('the original is exported only on request, byte for byte, and logged as an original export', async () => {
    const out = path.join(dir, 'original.jpg');
    await exportItemFile(tv.vault, photoId, out, 'original');
    expect(sha256Hex(await readFile(out))).toBe(sha256Hex(await readFile(photo)));
    expect(custodyLog(tv.vault).at(-1)).toMatchObject({ action: 'item.original_exported', itemId: photoId });
    await expect(exportItemFile(tv.vault, photoId, out, 'original')).rejects.toThrow(/already exists/);
  });

  it('an item without a clean copy is never written as shareable; an override is explicit and logged', async () => {
    await expect(exportItemFile(tv.vault, blobId, path.join(dir, 'x.bin'), 'shareable')).rejects.toThrow(/no clean shareable copy/);
    expect(() => overrideShareable(tv.vault, blobId, '  ')).toThrow(/why/);
    expect(() => overrideShareable(tv.vault, photoId, 'x')).toThrow(/already stripped/);
    const detail = overrideShareable(tv.vault, blobId, 'Counsel checked: a raw sensor dump with no identifying content');
    expect(detail.override).toMatchObject({ actor: tv.vault.operator, reason: expect.stringContaining('Counsel') });
    expect(custodyLog(tv.vault).at(-1)).toMatchObject({ action: 'shareable.override', itemId: blobId });
  });

  it('lists and filters items by the status of their copy', () => {
    expect(listItems(tv.vault, 0, 10).items.map((i) => [i.id, i.shareableStatus])).toEqual([
      [photoId, 'stripped'],
      [blobId, 'unsupported'],
    ]);
    expect(listItems(tv.vault, 0, 10, { shareable: 'unsupported' })).toMatchObject({ total: 1, items: [{ id: blobId }] });
    expect(listItems(tv.vault, 0, 10, { shareable: 'failed' })).toEqual({ total: 0, items: [] });
  });

  it('strip makes a new copy on demand, recorded as a new event; the latest copy is the current one', async () => {
    const before = getItemDetail(tv.vault, photoId).shareable!;
    const again = await makeShareableCopy(tv.vault, photoId);
    expect(again.sha256).toBe(before.sha256); // deterministic cleaning
    const events = getItemDetail(tv.vault, photoId).events.filter((e) => e.action === 'shareable.created');
    expect(events).toHaveLength(2);
  });

  it('audit re-hashes shareable copies too and names the damaged one', async () => {
    expect((await auditVault(tv.vault)).ok).toBe(true);
    const copyRow = tv.vault.store.shareable.latest(photoId)!;
    const file = objectPath(tv.vault.paths, copyRow.objectId!);
    const bytes = await readFile(file);
    bytes[bytes.length - 30]! ^= 0x40;
    await writeFile(file, bytes);
    const report = await auditVault(tv.vault);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'corrupted-file', itemId: photoId })]);
  });
});
