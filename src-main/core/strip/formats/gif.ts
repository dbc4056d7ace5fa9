/**
 * GIF: keeps the screen descriptor, colour tables, frames (image descriptors and LZW data), graphic
 * control extensions (frame timing, transparency) and the application extensions that change how it is
 * shown — looping (NETSCAPE2.0, ANIMEXTS1.0) and an ICC profile (ICCRGBG1012). Comment extensions, XMP
 * ("XMP DataXMP"), every other application or unknown extension and anything after the trailer are
 * dropped. So are plain-text extensions: the spec draws them over the picture, but no browser or common
 * viewer does, so in practice they are text hidden in the file.
 */
import type { ByteSink, ByteSource, ContentProof, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure } from '../types.ts';
import { byteCount, handOver, clip, decodeText, proofOf, readAll, readXmp, sha256 } from './jpeg.ts';

const IMAGE = 0x2c;
const EXTENSION = 0x21;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;
const COMMENT = 0xfe;
const PLAIN_TEXT = 0x01;
const APPLICATION = 0xff;

const KEPT_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012']);
const XMP_APPLICATION = 'XMP DataXMP';

type Block = { start: number; end: number; kind: 'image' | 'extension'; label: number; dataStart: number };

type ParsedGif = { header: number; screenEnd: number; blocks: Block[]; trailer: number };

/** Position after the sub-block chain that starts at `pos` (after its 0 terminator). */
function skipSubBlocks(buf: Buffer, pos: number): number {
  let p = pos;
  for (;;) {
    const size = buf[p];
    if (size === undefined) throw new StripFailure('The GIF image is truncated inside a data block.');
    p += 1 + size;
    if (size === 0) return p;
    if (p > buf.length) throw new StripFailure('The GIF image is truncated inside a data block.');
  }
}

function subBlockData(buf: Buffer, pos: number): Buffer {
  const parts: Buffer[] = [];
  let p = pos;
  for (let size = buf[p] ?? 0; size !== 0 && p + 1 + size <= buf.length; size = buf[p] ?? 0) {
    parts.push(buf.subarray(p + 1, p + 1 + size));
    p += 1 + size;
  }
  return Buffer.concat(parts);
}

function parseGif(buf: Buffer): ParsedGif {
  const version = buf.toString('latin1', 0, 6);
  if (version !== 'GIF87a' && version !== 'GIF89a') throw new StripFailure('The file is not a GIF image.');
  if (buf.length < 13) throw new StripFailure('The GIF image is truncated inside its header.');
  const packed = buf[10] ?? 0;
  let pos = 13 + (packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0);
  if (pos > buf.length) throw new StripFailure('The GIF image is truncated inside its colour table.');
  const screenEnd = pos;
  const blocks: Block[] = [];
  for (;;) {
    const introducer = buf[pos];
    if (introducer === undefined) throw new StripFailure('The GIF image is truncated: it ends before its trailer.');
    const start = pos;
    if (introducer === TRAILER) {
      if (!blocks.some((b) => b.kind === 'image')) throw new StripFailure('The GIF image is corrupt: it has no frames.');
      return { header: 6, screenEnd, blocks, trailer: pos };
    }
    if (introducer === IMAGE) {
      if (pos + 11 > buf.length) throw new StripFailure('The GIF image is truncated inside a frame header.');
      const flags = buf[pos + 9] ?? 0;
      let p = pos + 10 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
      const codeSize = buf[p];
      if (codeSize === undefined) throw new StripFailure('The GIF image is truncated inside a frame.');
      if (codeSize > 12) throw new StripFailure('The GIF image is corrupt: a frame has an impossible code size.');
      p = skipSubBlocks(buf, p + 1);
      blocks.push({ start, end: p, kind: 'image', label: IMAGE, dataStart: start });
      pos = p;
    } else if (introducer === EXTENSION) {
      const label = buf[pos + 1];
      if (label === undefined) throw new StripFailure('The GIF image is truncated inside an extension.');
      const end = skipSubBlocks(buf, pos + 2);
      blocks.push({ start, end, kind: 'extension', label, dataStart: pos + 2 });
      pos = end;
    } else {
      throw new StripFailure('The GIF image is corrupt: a block has an unknown type.');
    }
  }
}

/** Screen descriptor, global colour table, frames and their timing/transparency. */
function imageDataHash(buf: Buffer, parsed: ParsedGif): string {
  const parts: Buffer[] = [buf.subarray(parsed.header, parsed.screenEnd)];
  for (const b of parsed.blocks) {
    if (b.kind === 'image' || b.label === GRAPHIC_CONTROL) parts.push(buf.subarray(b.start, b.end));
  }
  return sha256(...parts);
}

function applicationId(buf: Buffer, b: Block): string {
  // First sub-block: 8-byte identifier and 3-byte authentication code.
  return buf[b.dataStart] === 11 ? buf.toString('latin1', b.dataStart + 1, b.dataStart + 12) : '';
}

function xmpText(buf: Buffer, b: Block): string {
  // XMP is stored raw after the identifier; a 258-byte "magic trailer" makes it parse as sub-blocks.
  const raw = buf.subarray(b.dataStart + 12, b.end);
  const magic = raw.indexOf(Buffer.from([0x01, 0xff, 0xfe]));
  return decodeText(magic >= 0 ? raw.subarray(0, magic) : raw);
}

/** Whether the bytes are a readable GIF that ends right at its trailer byte (nothing hidden after it). */
export function gifEndsAtTrailer(buf: Buffer): boolean {
  try {
    return parseGif(buf).trailer === buf.length - 1;
  } catch {
    return false;
  }
}

export type CleanGif = { bytes: Buffer; removed: RemovedEntry[]; proof: ContentProof };

export function cleanGif(buf: Buffer): CleanGif {
  const parsed = parseGif(buf);
  const removed: RemovedEntry[] = [];
  const kept: Buffer[] = [buf.subarray(0, parsed.screenEnd)];
  for (const b of parsed.blocks) {
    const bytes = buf.subarray(b.start, b.end);
    if (b.kind === 'image' || b.label === GRAPHIC_CONTROL) {
      kept.push(bytes);
    } else if (b.label === PLAIN_TEXT) {
      // Grid position and colours (12 bytes), then the text.
      removed.push({ name: 'GIF:Text', value: clip(decodeText(subBlockData(buf, b.dataStart).subarray(12))) });
    } else if (b.label === COMMENT) {
      removed.push({ name: 'GIF:Comment', value: clip(decodeText(subBlockData(buf, b.dataStart))) });
    } else if (b.label === APPLICATION) {
      const id = applicationId(buf, b);
      if (KEPT_APPLICATIONS.has(id)) kept.push(bytes);
      else if (id === XMP_APPLICATION) removed.push(...readXmp(xmpText(buf, b)));
      else removed.push({ name: `GIF:Application ${clip(id.replace(/[^\x20-\x7e]/g, '?')) || '(unnamed)'}`, value: byteCount(bytes.length) });
    } else {
      removed.push({ name: `GIF:Extension0x${b.label.toString(16).padStart(2, '0')}`, value: byteCount(bytes.length) });
    }
  }
  kept.push(Buffer.from([TRAILER]));
  const after = buf.length - (parsed.trailer + 1);
  if (after > 0) removed.push({ name: 'GIF:Trailer', value: `${after} bytes after the end of the image` });
  const bytes = Buffer.concat(kept);
  const proof = proofOf('image-data', imageDataHash(buf, parsed), imageDataHash(bytes, parseGif(bytes)));
  return { bytes, removed, proof };
}

export const gifStripper: FormatStripper = {
  name: 'gif',
  mediaTypes: ['image/gif'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const clean = cleanGif(await readAll(src, 'GIF image'));
    await sink.write(handOver(clean.bytes));
    return { method: 'gif-blocks', removed: clean.removed, proof: clean.proof };
  },
};
