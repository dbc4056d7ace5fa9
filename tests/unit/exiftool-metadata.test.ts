import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VaultError } from '../../src-main/core/errors/vault-error.ts';
import { closeExiftool, exiftoolVersion, readMetadata } from '../../src-main/core/metadata/exiftool.ts';

let dir: string;
let photo: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-exif-test-'));
  photo = path.join(dir, 'evidence-photo.jpg');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=red:s=64x64', '-frames:v', '1', photo]);
  // Debian's exiftool writes the tags; the vendored one under test reads them.
  execFileSync('exiftool', [
    '-q',
    '-overwrite_original',
    '-GPSLatitude=51.5',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=0.1275',
    '-GPSLongitudeRef=W',
    '-SerialNumber=SN-4711',
    '-Artist=Jane Doe',
    '-Make=Canon',
    '-Orientation#=6',
    '-XMP-iptcExt:LocationCreated={City=Paris,CountryName=France}',
    '-XMP-dc:Subject=alpha',
    '-XMP-dc:Subject=beta',
    photo,
  ]);
});

afterAll(async () => {
  await closeExiftool();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('readMetadata', () => {
  it('returns GPS, serial number and artist under their groups, readable and numeric', async () => {
    const md = await readMetadata(photo);
    expect(md['IFD0:Artist']).toBe('Jane Doe');
    expect(md['IFD0:Make']).toBe('Canon');
    expect(md['ExifIFD:SerialNumber']).toBe('SN-4711');
    expect(md['GPS:GPSLatitude']).toBe(`51 deg 30' 0.00"`);
    expect(md['GPS:GPSLatitude#']).toBe(51.5);
    expect(md['GPS:GPSLatitudeRef']).toBe('North');
    expect(md['GPS:GPSLatitudeRef#']).toBe('N');
    expect(md['GPS:GPSLongitude#']).toBeCloseTo(0.1275, 6);
    expect(md['Composite:GPSLatitude#']).toBe(51.5);
    expect(md['Composite:GPSLongitude#']).toBeCloseTo(-0.1275, 6);
    expect(md['IFD0:Orientation']).toBe('Rotate 90 CW');
    expect(md['IFD0:Orientation#']).toBe(6);
    // Only where they differ: no numeric twin for a plain string.
    expect('IFD0:Artist#' in md).toBe(false);
    expect(md['XMP-iptcExt:LocationCreated']).toEqual([{ City: 'Paris', CountryName: 'France' }]);
    expect(md['XMP-dc:Subject']).toEqual(['alpha', 'beta']);
    expect(md['File:MIMEType']).toBe('image/jpeg');
    expect(md['ExifTool:ExifToolVersion']).toEqual(expect.any(Number));
  });

  it('leaves out file-system tags and never reveals the path', async () => {
    const md = await readMetadata(photo);
    for (const key of Object.keys(md)) {
      expect(key.startsWith('System:'), key).toBe(false);
      expect(key).not.toContain(dir);
    }
    for (const gone of ['SourceFile', 'errors', 'warnings', 'System:FileName', 'System:Directory', 'System:FilePermissions']) {
      expect(md).not.toHaveProperty([gone]);
    }
    const json = JSON.stringify(md);
    expect(json).not.toContain(dir);
    expect(json).not.toContain(path.basename(dir));
    expect(json).not.toContain('evidence-photo');
  });

  it('reads files whose names have a newline, unicode and spaces', async () => {
    const odd = path.join(dir, 'Zeugenaussage\nü 😀 -a.jpg');
    await fs.copyFile(photo, odd);
    const md = await readMetadata(odd);
    expect(md['IFD0:Artist']).toBe('Jane Doe');
    const json = JSON.stringify(md);
    expect(json).not.toContain('Zeugenaussage');
    expect(json).not.toContain(dir);
    expect(json).not.toMatch(/ev-exif-[^t]/); // nor the private symlink folder
  });

  it('answers for an unsupported file with ExifTool:Error instead of failing', async () => {
    const blob = path.join(dir, 'blob.bin');
    await fs.writeFile(blob, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const md = await readMetadata(blob);
    expect(md['ExifTool:Error']).toBe('Unknown file type');
    expect(JSON.stringify(md)).not.toContain(dir);
  });

  it('rejects a missing file with a VaultError that does not contain the path', async () => {
    const missing = path.join(dir, 'secret-name.jpg');
    const err = await readMetadata(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect(err).toMatchObject({ code: 'INPUT_ERROR', message: 'No such file or folder.' });
    expect((err as VaultError).cause).toBeUndefined();
    expect(String((err as Error).stack)).not.toContain('secret-name');
  });

  it('logs nothing while reading, in success or failure', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    );
    try {
      await Promise.all([readMetadata(photo), readMetadata(path.join(dir, 'nope.jpg')).catch(() => undefined)]);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('serves concurrent reads from the shared pool and restarts after closeExiftool', async () => {
    const all = await Promise.all(Array.from({ length: 6 }, () => readMetadata(photo)));
    for (const md of all) expect(md['ExifIFD:SerialNumber']).toBe('SN-4711');
    await closeExiftool();
    await closeExiftool(); // idempotent
    expect((await readMetadata(photo))['IFD0:Artist']).toBe('Jane Doe');
  });
});

describe('reads in bursts (an import of many files)', () => {
  it('gives each file its own tags, and a missing file fails alone', async () => {
    const files: string[] = [];
    for (let i = 0; i < 40; i++) {
      const f = path.join(dir, `burst ${i} ünïcode.jpg`);
      await fs.copyFile(photo, f);
      execFileSync('exiftool', ['-q', '-overwrite_original', `-Artist=Person ${i}`, f]);
      files.push(f);
    }
    const missing = path.join(dir, 'burst missing.jpg');
    const reads = await Promise.allSettled([...files, missing, path.join(dir, 'evidence-photo.jpg')].map((f) => readMetadata(f)));
    reads.slice(0, 40).forEach((r, i) => expect(r.status === 'fulfilled' && r.value['IFD0:Artist']).toBe(`Person ${i}`));
    expect(reads[40]).toMatchObject({ status: 'rejected', reason: { code: 'INPUT_ERROR', message: 'No such file or folder.' } });
    expect(reads[41]).toMatchObject({ status: 'fulfilled', value: { 'IFD0:Artist': 'Jane Doe' } });
  });
});

describe('exiftoolVersion', () => {
  it('reports the vendored ExifTool version', async () => {
    expect(await exiftoolVersion()).toMatch(/^\d+\.\d+/);
  });
});
