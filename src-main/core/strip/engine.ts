/**
 * Makes a shareable copy: picks the stripper for the media type, checks its proof that the content is
 * unchanged, reads the copy back with ExifTool against the allow-list of structural tags, and only then
 * hands the copy to the caller's sink. The sink never sees a copy that is not 'stripped': a failed or
 * unsupported copy writes nothing.
 *
 * Holding the copy until it has been checked: up to MEMORY_LIMIT (64 MiB — every photo, most
 * recordings) it stays in memory and ExifTool reads it through ctx.withTempFile; above that it is
 * spooled to a private temp file (memory-backed on Linux, the per-user temp folder elsewhere) that the
 * scan reads in place and that is removed afterwards. The trade-off: a large copy costs its size in
 * tmpfs (RAM) on Linux, and briefly sits on disk on macOS/Windows; in exchange the scan sees the whole
 * file exactly as it will be shared, with no format-specific shortcuts.
 */
import { createHash } from 'node:crypto';
import { cameraRawStripper, exiftoolImageStripper } from './formats/exiftool-image.ts';
import { flacStripper } from './formats/flac.ts';
import { gifStripper } from './formats/gif.ts';
import { isobmffStripper } from './formats/isobmff.ts';
import { isHandedOver, jpegStripper } from './formats/jpeg.ts';
import { mp3Stripper } from './formats/mp3.ts';
import { officeStripper } from './formats/office.ts';
import { oggStripper } from './formats/ogg.ts';
import { pdfStripper } from './formats/pdf.ts';
import { pngStripper } from './formats/png.ts';
import { wavStripper } from './formats/wav.ts';
import { webpStripper } from './formats/webp.ts';
import { closeTempFolder, createTempSpool, tempFileContext, type TempSpool } from './temp-files.ts';
import { textStripper } from './text.ts';
import type { ByteSink, ByteSource, ContentProof, FormatStripper, RemovedEntry, StripContext, StripOutcome } from './types.ts';
import { StripFailure, StripUnsupported } from './types.ts';
import { closeScanner, extensionFor, familyOf, scanCopy, scanFile, scannerVersion, type Verification } from './verify-scan.ts';

/** Bumped whenever what a stripper removes or keeps changes: recorded with every copy. */
export const ENGINE_VERSION = 'evidence-vault-strip/2';

/** Copies up to this size are held in memory until checked; larger ones are spooled to a private temp file. */
export const MEMORY_LIMIT = 64 * 1024 * 1024;

/** One line per stripper. Each claims its media types; the first to claim one wins. */
const STRIPPERS: readonly FormatStripper[] = [
  jpegStripper,
  pngStripper,
  webpStripper,
  gifStripper,
  exiftoolImageStripper,
  cameraRawStripper,
  textStripper,
  mp3Stripper,
  wavStripper,
  flacStripper,
  oggStripper,
  isobmffStripper,
  pdfStripper,
  officeStripper,
];

const BY_TYPE: ReadonlyMap<string, FormatStripper> = (() => {
  const map = new Map<string, FormatStripper>();
  for (const s of STRIPPERS) for (const t of s.mediaTypes) if (!map.has(t)) map.set(t, s);
  return map;
})();

/** Every media type with a stripper, and which one (for diagnostics and tests). */
export function registeredStrippers(): ReadonlyArray<{ mediaType: string; stripper: string }> {
  return [...BY_TYPE].map(([mediaType, s]) => ({ mediaType, stripper: s.name }));
}

/** Media types claimed by more than one stripper: a registration mistake (tests assert there are none). */
export function duplicateRegistrations(): string[] {
  const seen = new Map<string, number>();
  for (const s of STRIPPERS) for (const t of s.mediaTypes) seen.set(t, (seen.get(t) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([t]) => t);
}

export type ShareableCopyStatus = 'stripped' | 'unsupported' | 'failed';

export type ShareableCopyResult = {
  status: ShareableCopyStatus;
  /** How the copy was made ('jpeg-segments', 'exiftool', 'none-needed'…), null when no stripper ran. */
  method: string | null;
  /** What was removed, with values: these stay inside the vault. */
  removed: RemovedEntry[];
  proof: ContentProof | null;
  /** Why the copy is not 'stripped': user-facing, never a file name or a metadata value. */
  reason?: string;
  /** The ExifTool scan of the copy; `offending` holds tag names only. */
  verification: Verification;
  toolVersions: { exiftool: string; engine: string };
};

export type StripOptions = {
  /** Overrides MEMORY_LIMIT (tests use a small one to exercise the spool). */
  memoryLimit?: number;
};

let exiftoolVersionCache: Promise<string> | undefined;

function exiftoolVersion(): Promise<string> {
  exiftoolVersionCache ??= scannerVersion().catch(() => {
    exiftoolVersionCache = undefined;
    return 'unavailable';
  });
  return exiftoolVersionCache;
}

/** Holds the copy as the stripper writes it: in memory, then spooled once it outgrows the limit. */
class HoldingSink implements ByteSink {
  private readonly parts: Buffer[] = [];
  private held = 0;
  spool: TempSpool | undefined;
  private readonly limit: number;
  private readonly extension: string;

  constructor(limit: number, extension: string) {
    this.limit = limit;
    this.extension = extension;
  }

  get size(): number {
    return this.spool?.size ?? this.held;
  }

  async write(chunk: Uint8Array): Promise<void> {
    // Kept as is only when the stripper handed it over for good (handOver); otherwise copied, as the
    // stripper may reuse its buffer once the write resolves.
    const bytes = isHandedOver(chunk) && Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (this.spool === undefined && this.held + bytes.length > this.limit) {
      this.spool = await createTempSpool(this.extension);
      for (const p of this.parts.splice(0)) await this.spool.write(p);
    }
    if (this.spool !== undefined) await this.spool.write(bytes);
    else {
      this.parts.push(bytes);
      this.held += bytes.length;
    }
  }

  inMemory(): Buffer | undefined {
    if (this.spool !== undefined) return undefined;
    return this.parts.length === 1 && this.parts[0] !== undefined ? this.parts[0] : Buffer.concat(this.parts);
  }

  async *chunks(): AsyncIterable<Buffer> {
    if (this.spool !== undefined) yield* this.spool.chunks();
    else yield* this.parts;
  }

  async dispose(): Promise<void> {
    this.parts.length = 0;
    await this.spool?.dispose();
  }
}

async function sha256OfChunks(chunks: AsyncIterable<Buffer>): Promise<string> {
  const h = createHash('sha256');
  for await (const c of chunks) h.update(c);
  return h.digest('hex');
}

const NOT_SCANNED: Verification = { ok: false, offending: [] };

/**
 * Makes the shareable copy of `src` (of the sniffed `mediaType`) into `sink`. Never throws for a bad
 * or unsupported file: the result says 'unsupported' or 'failed' with a reason, and the sink got nothing.
 */
export async function stripForSharing(
  src: ByteSource,
  mediaType: string,
  sink: ByteSink,
  ctx: StripContext = tempFileContext,
  options: StripOptions = {},
): Promise<ShareableCopyResult> {
  const toolVersions = { exiftool: await exiftoolVersion(), engine: ENGINE_VERSION };
  const stripper = BY_TYPE.get(mediaType);
  if (stripper === undefined) return unsupportedType(toolVersions);
  return stripWith(stripper, src, mediaType, sink, ctx, options, toolVersions);
}

function unsupportedType(toolVersions: ShareableCopyResult['toolVersions']): ShareableCopyResult {
  return {
    status: 'unsupported',
    method: null,
    removed: [],
    proof: null,
    reason: 'Shareable copies of this kind of file cannot be made yet.',
    verification: NOT_SCANNED,
    toolVersions,
  };
}

/** stripForSharing with a given stripper: the engine's checks around any stripper (tests use fakes). */
export async function stripWith(
  stripper: FormatStripper,
  src: ByteSource,
  mediaType: string,
  sink: ByteSink,
  ctx: StripContext = tempFileContext,
  options: StripOptions = {},
  versions?: ShareableCopyResult['toolVersions'],
): Promise<ShareableCopyResult> {
  const toolVersions = versions ?? { exiftool: await exiftoolVersion(), engine: ENGINE_VERSION };
  const result = (status: ShareableCopyStatus, reason: string | undefined, outcome?: StripOutcome, verification: Verification = NOT_SCANNED): ShareableCopyResult => ({
    status,
    method: outcome?.method ?? null,
    removed: outcome?.removed ?? [],
    proof: outcome?.proof ?? null,
    ...(reason === undefined ? {} : { reason }),
    verification,
    toolVersions,
  });
  const family = familyOf(mediaType);
  if (family === undefined) return unsupportedType(toolVersions);

  const holding = new HoldingSink(options.memoryLimit ?? MEMORY_LIMIT, extensionFor(mediaType));
  try {
    let outcome: StripOutcome;
    try {
      outcome = await stripper.strip(src, holding, ctx);
    } catch (err) {
      if (err instanceof StripUnsupported) return result('unsupported', err.message);
      if (err instanceof StripFailure) return result('failed', err.message);
      // Anything else is a bug or an I/O error; its message may hold a path, so it is not passed on.
      return result('failed', 'The shareable copy could not be made because of an unexpected error.');
    }

    const proof = outcome.proof;
    if (proof === null) return result('failed', 'The cleaning did not prove that the content is unchanged.', outcome);
    if (!proof.identical || proof.original !== proof.copy) return result('failed', 'Cleaning would have changed the content itself, so no copy was made.', outcome);
    if (proof.kind === 'bytes') {
      // "Byte for byte": measured here on both sides, not taken on trust.
      const [original, copy] = await Promise.all([sha256OfChunks(src.chunks()), sha256OfChunks(holding.chunks())]);
      if (original !== copy || copy !== proof.copy) return result('failed', 'The copy is not identical to the original.', outcome);
    }

    let verification: Verification;
    const inMemory = holding.inMemory();
    try {
      verification =
        inMemory !== undefined ? await scanCopy(inMemory, mediaType, ctx) : await scanFile(holding.spool?.path ?? '', mediaType, holding.size);
    } catch {
      return result('failed', 'The copy could not be checked for leftover metadata.', outcome);
    }
    if (!verification.ok) {
      return result('failed', 'The check of the copy still found metadata that is not part of the picture, sound or document structure.', outcome, verification);
    }

    for await (const chunk of holding.chunks()) await sink.write(chunk);
    return result('stripped', undefined, outcome, verification);
  } finally {
    await holding.dispose();
  }
}

/** Ends the ExifTool processes and removes the private temp folder. A later copy starts them again. */
export async function closeStripTools(): Promise<void> {
  await closeScanner();
  await closeTempFolder();
}
