import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExifTool, type ExifToolOptions } from 'exiftool-vendored';
import { ExiftoolBatcher, ExiftoolReadError } from './exiftool-batch.ts';
import { VaultError } from '../errors/vault-error.ts';

/**
 * One warm pool of exiftool processes (the vendored ExifTool, so every install reports the same
 * version), shared by the whole process and started on first use. Two processes: two cores.
 */
let pool: ExifTool | undefined;
let batcher: ExiftoolBatcher | undefined;
const PROCESSES = 2;
/** Files per command when reads queue up (an import of many small files). */
const MAX_BATCH = 32;
/** Bigger files are read one per command: scanning a long video must not hold up a batch of photos. */
const SOLO_ABOVE = 16 * 1024 * 1024;

const noop = (): void => undefined;
// exiftool-vendored and batch-cluster log task descriptions, which contain file paths. Never let them.
const SILENT = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };

function exiftool(): ExifTool {
  pool ??= new ExifTool({
    maxProcs: PROCESSES,
    logger: (() => SILENT) as ExifToolOptions['logger'],
    // MWG composites are derived values; investigators get ExifTool's own groups, unmerged.
    useMWG: false,
    // Whole-file scans of large videos on slow disks take longer than the 30 s default.
    taskTimeoutMillis: 120_000,
  });
  return pool;
}

/**
 * `-G1` family-1 group names (EXIF:IFD0, GPS, XMP-dc, QuickTime…), `-a` duplicates across groups,
 * `-struct` structures as objects, and `-l` so each tag carries both its printed and its numeric value
 * in one pass (`-n` alone would lose the readable one). No `-fast`: trailers hold evidence too.
 */
const READ_ARGS = ['-G1', '-a', '-l', '-struct', '-api', 'LargeFileSupport=1'];

/** The path as given to ExifTool: recorded separately by ingest, never as metadata. */
const LIBRARY_KEYS = new Set(['SourceFile']);

/**
 * ExifTool's `System` group describes the file system entry, not the content: name, directory,
 * permissions, size and dates of whatever copy was read. The original name and timestamps are
 * recorded separately by ingest, and these would leak paths or describe our own copy.
 */
const isFileSystemTag = (key: string): boolean => key.startsWith('System:');

type LongValue = { val: unknown; num?: unknown; desc?: unknown };

function isLongValue(v: unknown): v is LongValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'val' in v;
}

/** Replaces a path wherever ExifTool might have echoed it (warnings), so no value reveals it. */
function scrub(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const n of needles) if (s.includes(n)) s = s.split(n).join('[file]');
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, needles));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, needles);
    return out;
  }
  return value;
}

/**
 * The full metadata of a file, keyed `Group:Tag` with ExifTool's readable (print-converted) values.
 * Where the numeric value differs from the readable one it is kept too, under `Group:Tag#` (ExifTool's
 * own notation), e.g. `GPS:GPSLatitude` = `51 deg 30' 0.00"` and `GPS:GPSLatitude#` = 51.5.
 * File-system tags and the path are left out. Unsupported files resolve with `ExifTool:Error`
 * (e.g. "Unknown file type") plus whatever could be read; only an unreadable file rejects.
 */
export async function readMetadata(filePath: string, options: { size?: number } = {}): Promise<Record<string, unknown>> {
  const absolute = path.resolve(filePath);
  const { readable, cleanup } = await exiftoolSafePath(absolute);
  let raw: Record<string, unknown>;
  try {
    batcher ??= new ExiftoolBatcher(exiftool, { maxBatch: MAX_BATCH, maxInFlight: PROCESSES });
    raw = (await batcher.read(readable, READ_ARGS, (options.size ?? Infinity) > SOLO_ABOVE)).tags;
  } catch (err) {
    // Whatever ExifTool said names the path: never pass it (or it as a cause) on.
    throw new VaultError('INPUT_ERROR', err instanceof ExiftoolReadError && err.notFound ? 'No such file or folder.' : 'The metadata of the file could not be read.');
  } finally {
    await cleanup();
  }

  const needles = [...new Set([absolute, readable])];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (LIBRARY_KEYS.has(key) || isFileSystemTag(key)) continue;
    if (!isLongValue(value)) {
      out[key] = scrub(value, needles);
      continue;
    }
    out[key] = scrub(value.val, needles);
    if ('num' in value && JSON.stringify(value.num) !== JSON.stringify(value.val)) {
      out[`${key}#`] = scrub(value.num, needles);
    }
  }
  return out;
}

/**
 * exiftool-vendored talks to ExifTool one argument per line, so it refuses paths with control
 * characters (a newline in a file name is legal on Unix). Such files are read through a symlink with
 * a plain name in a private temp folder: a link holds no evidence bytes, and it is removed at once.
 */
async function exiftoolSafePath(absolute: string): Promise<{ readable: string; cleanup: () => Promise<void> }> {
  const hasControl = [...absolute].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (!hasControl) return { readable: absolute, cleanup: async () => undefined };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-exif-'));
  const ext = path.extname(absolute);
  // ExifTool uses the extension as a hint for a few formats without magic bytes.
  const link = path.join(dir, `source${/^\.[A-Za-z0-9]{1,10}$/.test(ext) ? ext : ''}`);
  try {
    await fs.symlink(absolute, link);
  } catch {
    await fs.rm(dir, { recursive: true, force: true });
    throw new VaultError('INPUT_ERROR', 'The metadata of the file could not be read.');
  }
  return { readable: link, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Version of the ExifTool that reads metadata (recorded with each import, for reproducibility). */
export async function exiftoolVersion(): Promise<string> {
  return exiftool().version();
}

/** Ends the exiftool processes. Safe to call when none were started; a later read starts a new pool. */
export async function closeExiftool(): Promise<void> {
  const current = pool;
  pool = undefined;
  batcher = undefined;
  if (current !== undefined) await current.end();
}
