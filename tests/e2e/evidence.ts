/** Evidence files built inside the tests: a real JPEG with GPS and author tags, text files. */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

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
