/**
 * PNG: keeps the chunks that make up the picture and its colour (header, palette, image data,
 * transparency, gamma/chromaticities/sRGB/ICC/cICP, significant bits, density, background, APNG
 * animation) byte for byte, and drops text (tEXt, zTXt, iTXt — XMP lives in iTXt), eXIf, tIME and
 * every other ancillary chunk. An eXIf orientation other than 1 is written back on its own.
 * An unknown critical chunk means the picture cannot be shown without it: unsupported.
 */
import * as zlib from 'node:zlib';
import type { ByteSink, ByteSource, ContentProof, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure, StripUnsupported } from '../types.ts';
import { byteCount, handOver, clip, decodeText, orientationOnlyTiff, proofOf, readAll, readExif, readXmp, sha256 } from './jpeg.ts';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Chunks a renderer needs for the picture and its colours; everything else is dropped. */
const KEEP = new Set([
  'IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'bKGD',
  'acTL', 'fcTL', 'fdAT', // APNG
  'cICP', 'mDCV', 'cLLI', 'mDCv', 'cLLi', // HDR colour signalling (PNG third edition and its drafts)
]);
/** The picture's pixels: IDAT for the default image, fdAT for further APNG frames. */
const IMAGE_DATA = new Set(['IDAT', 'fdAT']);

/** A compressed text chunk is inflated only to report it; a bomb is cut off at this size. */
const MAX_INFLATED = 1 << 20;

type Chunk = { type: string; start: number; dataStart: number; dataEnd: number; end: number };

function parseChunks(buf: Buffer): { chunks: Chunk[]; trailerStart: number } {
  if (buf.length < SIGNATURE.length || !buf.subarray(0, 8).equals(SIGNATURE)) throw new StripFailure('The file is not a PNG image.');
  const chunks: Chunk[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 12 > buf.length) throw new StripFailure('The PNG image is truncated: it ends before its end chunk.');
    const length = buf.readUInt32BE(pos);
    if (length > 0x7fffffff) throw new StripFailure('The PNG image is corrupt: a chunk has an impossible length.');
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new StripFailure('The PNG image is corrupt: a chunk has an invalid name.');
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    const end = dataEnd + 4;
    if (end > buf.length) throw new StripFailure('The PNG image is truncated inside a chunk.');
    const crc = zlib.crc32(buf.subarray(pos + 4, dataEnd));
    if (crc !== buf.readUInt32BE(dataEnd)) throw new StripFailure('The PNG image is corrupt: a chunk fails its checksum.');
    if (chunks.length === 0 && type !== 'IHDR') throw new StripFailure('The PNG image is corrupt: it does not start with its header chunk.');
    chunks.push({ type, start: pos, dataStart, dataEnd, end });
    pos = end;
    if (type === 'IEND') return { chunks, trailerStart: pos };
  }
}

function inflateLimited(data: Uint8Array): string | undefined {
  try {
    return decodeText(zlib.inflateSync(data, { maxOutputLength: MAX_INFLATED }));
  } catch {
    return undefined;
  }
}

/** Text-chunk keyword and the rest: `keyword\0...`. */
function splitKeyword(data: Buffer): [string, Buffer] {
  const nul = data.indexOf(0);
  if (nul < 0) return [data.toString('latin1'), Buffer.alloc(0)];
  return [data.toString('latin1', 0, nul), data.subarray(nul + 1)];
}

function describeDropped(type: string, data: Buffer): RemovedEntry[] {
  switch (type) {
    case 'tEXt': {
      const [keyword, text] = splitKeyword(data);
      return [{ name: `PNG:${clip(keyword)}`, value: clip(text.toString('latin1')) }];
    }
    case 'zTXt': {
      const [keyword, rest] = splitKeyword(data);
      const text = inflateLimited(rest.subarray(1));
      return [{ name: `PNG:${clip(keyword)}`, value: text === undefined ? `compressed text ${byteCount(rest.length)}` : clip(text) }];
    }
    case 'iTXt': {
      const [keyword, rest] = splitKeyword(data);
      const compressed = rest[0] === 1;
      // flag, method, language\0, translated keyword\0, text
      const langEnd = rest.indexOf(0, 2);
      const transEnd = langEnd < 0 ? -1 : rest.indexOf(0, langEnd + 1);
      const body = transEnd < 0 ? Buffer.alloc(0) : rest.subarray(transEnd + 1);
      const text = compressed ? inflateLimited(body) : decodeText(body);
      if (text === undefined) return [{ name: `PNG:${clip(keyword)}`, value: `compressed text ${byteCount(body.length)}` }];
      if (keyword === 'XML:com.adobe.xmp') return readXmp(text);
      return [{ name: `PNG:${clip(keyword)}`, value: clip(text) }];
    }
    case 'eXIf':
      return readExif(data).entries;
    case 'tIME': {
      if (data.length !== 7) return [{ name: 'PNG:ModifyDate', value: byteCount(data.length) }];
      const p = (n: number, w = 2): string => String(n).padStart(w, '0');
      const value = `${p(data.readUInt16BE(0), 4)}:${p(data[2] ?? 0)}:${p(data[3] ?? 0)} ${p(data[4] ?? 0)}:${p(data[5] ?? 0)}:${p(data[6] ?? 0)}`;
      return [{ name: 'PNG:ModifyDate', value }];
    }
    default:
      return [{ name: `PNG:${type}`, value: byteCount(data.length) }];
  }
}

function chunkBytes(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function imageDataHash(buf: Buffer, chunks: readonly Chunk[]): string {
  return sha256(...chunks.filter((c) => IMAGE_DATA.has(c.type)).map((c) => buf.subarray(c.dataStart, c.dataEnd)));
}

export type CleanPng = { bytes: Buffer; removed: RemovedEntry[]; proof: ContentProof };

export function cleanPng(buf: Buffer): CleanPng {
  const { chunks, trailerStart } = parseChunks(buf);
  if (!chunks.some((c) => c.type === 'IDAT')) throw new StripFailure('The PNG image is corrupt: it has no image data.');
  const removed: RemovedEntry[] = [];
  let orientation: number | undefined;
  const kept: Chunk[] = [];
  for (const c of chunks) {
    const isCritical = (c.type.charCodeAt(0) & 0x20) === 0;
    if (KEEP.has(c.type)) {
      kept.push(c);
      continue;
    }
    if (isCritical) throw new StripUnsupported('The PNG image uses a chunk that is needed to show it but is not a standard one.');
    const data = buf.subarray(c.dataStart, c.dataEnd);
    if (c.type === 'eXIf' && orientation === undefined) orientation = readExif(data).orientation;
    removed.push(...describeDropped(c.type, data));
  }
  if (trailerStart < buf.length) removed.push({ name: 'PNG:Trailer', value: `${buf.length - trailerStart} bytes after the end chunk` });

  const parts: Buffer[] = [SIGNATURE];
  let wroteExif = false;
  for (const c of kept) {
    if (!wroteExif && IMAGE_DATA.has(c.type) && orientation !== undefined && orientation !== 1) {
      parts.push(chunkBytes('eXIf', orientationOnlyTiff(orientation)));
      wroteExif = true;
    }
    parts.push(buf.subarray(c.start, c.end));
  }
  const bytes = Buffer.concat(parts);
  const proof = proofOf('image-data', imageDataHash(buf, chunks), imageDataHash(bytes, parseChunks(bytes).chunks));
  return { bytes, removed, proof };
}

export const pngStripper: FormatStripper = {
  name: 'png',
  mediaTypes: ['image/png'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const clean = cleanPng(await readAll(src, 'PNG image'));
    await sink.write(handOver(clean.bytes));
    return { method: 'png-chunks', removed: clean.removed, proof: clean.proof };
  },
};
