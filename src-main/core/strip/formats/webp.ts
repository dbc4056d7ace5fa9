/**
 * WebP (RIFF): keeps the picture chunks (VP8, VP8L, ALPH, ANIM, ANMF), the extended header VP8X and
 * the ICC profile; drops EXIF, XMP and any unknown chunk, clears their VP8X flags and rewrites the
 * RIFF size. WebP has no orientation of its own: an EXIF orientation other than 1 is written back as
 * an EXIF chunk holding nothing else.
 */
import type { ByteSink, ByteSource, ContentProof, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure } from '../types.ts';
import { byteCount, handOver, decodeText, orientationOnlyTiff, proofOf, readAll, readExif, readXmp, sha256 } from './jpeg.ts';

const KEEP = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
/** What the proof covers: the compressed picture, alpha and animation frames. */
const IMAGE_DATA = new Set(['ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);

const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;

type Chunk = { fourcc: string; start: number; dataStart: number; dataEnd: number; end: number };

function parseRiff(buf: Buffer): { chunks: Chunk[]; riffEnd: number } {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WEBP') {
    throw new StripFailure('The file is not a WebP image.');
  }
  const riffEnd = buf.readUInt32LE(4) + 8;
  if (riffEnd > buf.length) throw new StripFailure('The WebP image is truncated: it is shorter than its header says.');
  if (riffEnd < 12 + 8) throw new StripFailure('The WebP image is corrupt: it holds no chunks.');
  const chunks: Chunk[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) throw new StripFailure('The WebP image is corrupt: a chunk header is cut off.');
    const fourcc = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const dataStart = pos + 8;
    const dataEnd = dataStart + size;
    const end = dataEnd + (size % 2);
    if (dataEnd > riffEnd) throw new StripFailure('The WebP image is truncated inside a chunk.');
    chunks.push({ fourcc, start: pos, dataStart, dataEnd, end: Math.min(end, riffEnd) });
    pos = end;
  }
  const first = chunks[0]?.fourcc;
  if (first !== 'VP8 ' && first !== 'VP8L' && first !== 'VP8X') throw new StripFailure('The WebP image is corrupt: it does not start with an image chunk.');
  if (!chunks.some((c) => c.fourcc === 'VP8 ' || c.fourcc === 'VP8L' || c.fourcc === 'ANMF')) {
    throw new StripFailure('The WebP image is corrupt: it has no image data.');
  }
  return { chunks, riffEnd };
}

function imageDataHash(buf: Buffer, chunks: readonly Chunk[]): string {
  return sha256(...chunks.filter((c) => IMAGE_DATA.has(c.fourcc)).map((c) => buf.subarray(c.start, c.end)));
}

function chunkBytes(fourcc: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(8 + data.length + (data.length % 2));
  out.write(fourcc, 0, 'latin1');
  out.writeUInt32LE(data.length, 4);
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 8);
  return out;
}

/** EXIF chunk payload: a TIFF block, though some writers put JPEG's `Exif\0\0` in front of it. */
const exifTiff = (data: Buffer): Buffer => (data.toString('latin1', 0, 6) === 'Exif\0\0' ? data.subarray(6) : data);

export type CleanWebp = { bytes: Buffer; removed: RemovedEntry[]; proof: ContentProof };

export function cleanWebp(buf: Buffer): CleanWebp {
  const { chunks, riffEnd } = parseRiff(buf);
  const removed: RemovedEntry[] = [];
  let orientation: number | undefined;
  const kept: Buffer[] = [];
  let vp8x: Buffer | undefined;
  for (const c of chunks) {
    const data = buf.subarray(c.dataStart, c.dataEnd);
    if (c.fourcc === 'VP8X') {
      if (data.length < 10) throw new StripFailure('The WebP image is corrupt: its extended header is too short.');
      vp8x = Buffer.from(buf.subarray(c.start, c.end));
      kept.push(vp8x);
    } else if (KEEP.has(c.fourcc)) {
      kept.push(buf.subarray(c.start, c.end));
    } else if (c.fourcc === 'EXIF') {
      const summary = readExif(exifTiff(data));
      removed.push(...summary.entries);
      orientation ??= summary.orientation;
    } else if (c.fourcc === 'XMP ') {
      removed.push(...readXmp(decodeText(data)));
    } else {
      removed.push({ name: `RIFF:${c.fourcc.trim() || 'chunk'}`, value: byteCount(data.length) });
    }
  }
  if (riffEnd < buf.length) removed.push({ name: 'WebP:Trailer', value: `${buf.length - riffEnd} bytes after the image` });

  // Orientation survives only where a reader looks for it: an extended file's EXIF chunk.
  const writeOrientation = vp8x !== undefined && orientation !== undefined && orientation !== 1;
  if (vp8x !== undefined) {
    const flags = vp8x[8] ?? 0;
    vp8x[8] = (flags & ~(FLAG_EXIF | FLAG_XMP)) | (writeOrientation ? FLAG_EXIF : 0);
  }
  if (writeOrientation && orientation !== undefined) kept.push(chunkBytes('EXIF', orientationOnlyTiff(orientation)));

  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  const bytes = Buffer.concat([header, body]);
  const proof = proofOf('image-data', imageDataHash(buf, chunks), imageDataHash(bytes, parseRiff(bytes).chunks));
  return { bytes, removed, proof };
}

export const webpStripper: FormatStripper = {
  name: 'webp',
  mediaTypes: ['image/webp'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const clean = cleanWebp(await readAll(src, 'WebP image'));
    await sink.write(handOver(clean.bytes));
    return { method: 'webp-chunks', removed: clean.removed, proof: clean.proof };
  },
};
