/** Evidence files built inside the tests: a real JPEG with GPS and author tags, text files. */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Vault } from '../../src-main/core/index.ts';

const run = promisify(execFile);

export interface PhotoTags {
  latitude: number;
  longitude: number;
  artist: string;
}

/** A 64×64 red JPEG from ffmpeg, tagged by exiftool (GPS position with its hemisphere refs, Artist). */
export async function makeJpeg(file: string, tags: PhotoTags, color = 'red'): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=${color}:s=64x64`, '-frames:v', '1', file]);
  await run('exiftool', [
    '-q',
    '-overwrite_original',
    `-GPSLatitude=${Math.abs(tags.latitude)}`,
    `-GPSLatitudeRef=${tags.latitude >= 0 ? 'N' : 'S'}`,
    `-GPSLongitude=${Math.abs(tags.longitude)}`,
    `-GPSLongitudeRef=${tags.longitude >= 0 ? 'E' : 'W'}`,
    `-Artist=${tags.artist}`,
    file,
  ]);
  return file;
}

export async function makeText(file: string, text: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** The hash as the standard tool computes it, independently of the app. */
export async function sha256sum(file: string): Promise<string> {
  const { stdout } = await run('sha256sum', ['--', file]);
  return stdout.split(/\s+/)[0]!;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The n-th synthetic item id, in the vault's id format. */
export function bulkItemId(n: number): string {
  let s = '';
  for (let i = 0, rest = n; i < 10; i++, rest = Math.floor(rest / 32)) s = CROCKFORD[rest % 32] + s;
  return `ITM-${s}`;
}

/**
 * Item rows written straight into the vault's database, one second apart, without content files:
 * for screens under test with many items. Names are `scan-<number>.pdf`, numbered from `first` and
 * padded to `digits`. Returns the ids in order.
 */
export function insertBulkItems(vault: Vault, count: number, names: { first: number; digits: number }): string[] {
  const store = vault.store;
  const base = Date.parse('2025-01-01T00:00:00Z');
  const ids: string[] = [];
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const object = randomBytes(16);
      const name = `scan-${String(names.first + i).padStart(names.digits, '0')}.pdf`;
      store.insertObject({ id: object, wrappedKey: randomBytes(40), size: 1000 + i, createdAt: new Date(base).toISOString() });
      store.insertItem({
        id: bulkItemId(i),
        originalObject: object,
        originalName: name,
        originalPath: `/evidence/scans/${name}`,
        wasSymlink: false,
        symlinkTarget: null,
        size: 1000 + i,
        mediaType: 'application/pdf',
        sha256: randomBytes(32).toString('hex'),
        fileMtime: null,
        fileCtime: null,
        fileBirthtime: null,
        ingestedAt: new Date(base + i * 1000).toISOString(),
        operator: 'bulk',
        sourceNote: null,
        metadataJson: '{}',
      });
      ids.push(bulkItemId(i));
    }
  });
  return ids;
}
