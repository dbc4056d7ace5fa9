/**
 * MP3: the shareable copy is the MPEG audio frames and nothing else. Tags live around (and, in damaged
 * or concatenated files, between) the frames: ID3v2 (2.2/2.3/2.4, also appended at the end with a
 * footer), ID3v1/1.1, Enhanced TAG, APE and Lyrics3. Exiftool cannot write MP3, so this is by hand.
 *
 * The frames are walked one by one rather than cutting the tags off the ends, so that a tag or stray
 * bytes in the middle of the stream are found too. The first frame may be a Xing/Info/LAME header: it
 * is a frame like the others (players need it for seeking and gapless playback) and is kept, although
 * its LAME tag names the encoder version.
 *
 * The ID3, APE and Lyrics3 readers are exported: the same tags turn up in front of FLAC and behind
 * WAV and Ogg files.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import type { ByteSink, ByteSource, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure, StripUnsupported } from '../types.ts';
import { FREE_FORMAT, mpegFrameLength, streamKey } from '../../media/mpeg-audio-frame.ts';
import type { StreamKey } from '../../media/mpeg-audio-frame.ts';

// ---------------------------------------------------------------------------------------------
// Small shared helpers
// ---------------------------------------------------------------------------------------------

const MAX_VALUE = 200;

/** A removed value as text: control characters made visible-safe, long values cut. */
export function clipValue(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ').trim();
  return clean.length > MAX_VALUE ? `${clean.slice(0, MAX_VALUE)}…` : clean;
}

/** Bytes that are mostly printable are shown as text; anything else by its size. */
export function describeBytes(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--; // C strings and padded fields
  if (end === 0) return bytes.length === 0 ? '(empty)' : `${bytes.length} zero bytes`;
  const sample = bytes.subarray(0, Math.min(end, 4096));
  let printable = 0;
  for (const b of sample) if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d || b >= 0xc2) printable++;
  if (printable / sample.length >= 0.85) {
    const text = clipValue(Buffer.from(bytes.subarray(0, Math.min(end, 1024))).toString('utf8').replace(/\0+/g, ' '));
    if (text.length > 0) return text;
  }
  return `${bytes.length} bytes`;
}

export function isAllZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

/** JPEG/TIFF pictures inside tags carry their own EXIF (GPS, camera serials): say so in the report. */
export function pictureNote(data: Uint8Array): string {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const exif = b.indexOf('Exif\0\0', 0, 'latin1') >= 0;
  const xmp = b.indexOf('http://ns.adobe.com/xap/1.0/', 0, 'latin1') >= 0;
  const notes = [exif ? 'EXIF' : '', xmp ? 'XMP' : ''].filter((n) => n !== '');
  return notes.length > 0 ? `, carrying ${notes.join(' and ')}` : '';
}

/**
 * Random access over a ByteSource through one moving window, so walking thousands of small frames or
 * pages does not mean thousands of reads.
 */
export class SourceWindow {
  readonly src: ByteSource;
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;

  constructor(src: ByteSource) {
    this.src = src;
  }

  /** [offset, offset+length), shorter at the end of the source. */
  async get(offset: number, length: number): Promise<Buffer> {
    const end = Math.min(offset + length, this.src.size);
    if (offset >= this.base && end <= this.base + this.buf.length) {
      return this.buf.subarray(offset - this.base, end - this.base);
    }
    const want = Math.max(length, 1 << 20);
    this.buf = await this.src.read(offset, Math.min(want, Math.max(0, this.src.size - offset)));
    this.base = offset;
    return this.buf.subarray(0, Math.min(length, this.buf.length));
  }
}

/** Writes in batches and hashes exactly what it writes (the copy's side of the proof). */
export class HashingWriter {
  private readonly sink: ByteSink;
  private parts: Buffer[] = [];
  private pending = 0;
  readonly hash = createHash('sha256');
  hashing = false;

  constructor(sink: ByteSink) {
    this.sink = sink;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    if (this.hashing) this.hash.update(bytes);
    this.parts.push(Buffer.from(bytes));
    this.pending += bytes.length;
    if (this.pending >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const chunk = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    await this.sink.write(chunk);
  }
}

const latin1 = (b: Uint8Array, start = 0, end = b.length): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, Math.min(end, b.length));

function startsWithAscii(b: Uint8Array, text: string, at = 0): boolean {
  if (at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// ID3v2
// ---------------------------------------------------------------------------------------------

const syncsafe = (b: Uint8Array, o: number): number => (((b[o] ?? 0) & 0x7f) << 21) | (((b[o + 1] ?? 0) & 0x7f) << 14) | (((b[o + 2] ?? 0) & 0x7f) << 7) | ((b[o + 3] ?? 0) & 0x7f);
const u32be = (b: Uint8Array, o: number): number => (b[o] ?? 0) * 0x1000000 + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));

export type Id3v2Header = { major: number; flags: number; size: number; total: number };

/** The header at the start of `b` (10 bytes), or undefined when it is not an ID3v2 header. */
export function id3v2Header(b: Uint8Array): Id3v2Header | undefined {
  if (b.length < 10 || !startsWithAscii(b, 'ID3')) return undefined;
  const major = b[3] ?? 0xff;
  if (major === 0xff || (b[4] ?? 0xff) === 0xff) return undefined;
  for (let i = 6; i < 10; i++) if (((b[i] ?? 0) & 0x80) !== 0) return undefined;
  const flags = b[5] ?? 0;
  const size = syncsafe(b, 6);
  const footer = major >= 4 && (flags & 0x10) !== 0 ? 10 : 0;
  return { major, flags, size, total: 10 + size + footer };
}

/** Reverses ID3 unsynchronisation: every 0xFF 0x00 was 0xFF. */
function unsynchronise(b: Uint8Array): Buffer {
  const out = Buffer.alloc(b.length);
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    out[n++] = b[i] ?? 0;
    if (b[i] === 0xff && b[i + 1] === 0x00) i++;
  }
  return out.subarray(0, n);
}

function decodeText(encoding: number, b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  switch (encoding) {
    case 0:
      return buf.toString('latin1');
    case 3:
      return buf.toString('utf8');
    case 1:
    case 2: {
      let bigEndian = encoding === 2;
      let body = buf;
      if (body[0] === 0xfe && body[1] === 0xff) {
        bigEndian = true;
        body = body.subarray(2);
      } else if (body[0] === 0xff && body[1] === 0xfe) {
        bigEndian = false;
        body = body.subarray(2);
      }
      const even = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
      if (bigEndian) even.swap16();
      return even.toString('utf16le').replace(/^\ufeff/, '');
    }
    default:
      throw new Error('unknown text encoding');
  }
}

/** A terminated string from `start`, and where the next field begins. */
function terminated(encoding: number, b: Uint8Array, start: number): [string, number] {
  const wide = encoding === 1 || encoding === 2;
  let end = start;
  if (wide) {
    while (end + 1 < b.length && !(b[end] === 0 && b[end + 1] === 0)) end += 2;
    return [decodeText(encoding, b.subarray(start, Math.min(end, b.length))), Math.min(end + 2, b.length)];
  }
  while (end < b.length && b[end] !== 0) end++;
  return [decodeText(encoding, b.subarray(start, end)), Math.min(end + 1, b.length)];
}

const PICTURE_TYPES = [
  'other', 'file icon', 'other file icon', 'front cover', 'back cover', 'leaflet page', 'media', 'lead artist',
  'artist', 'conductor', 'band', 'composer', 'lyricist', 'recording location', 'during recording',
  'during performance', 'screen capture', 'bright coloured fish', 'illustration', 'band logotype', 'publisher logotype',
];
export const pictureTypeName = (t: number): string => PICTURE_TYPES[t] ?? `type ${t}`;

const joinValues = (s: string): string => s.replace(/\0+$/, '').split('\0').join(' / ');

/** A readable summary of one frame's content, by its id (ID3v2.2 ids are three letters). */
function describeFrame(id: string, data: Uint8Array): string {
  const enc = data[0] ?? 0;
  const body = data.subarray(1);
  if (id === 'TXXX' || id === 'TXX') {
    const [desc, next] = terminated(enc, body, 0);
    return `${desc}=${joinValues(decodeText(enc, body.subarray(next)))}`;
  }
  if (id.startsWith('T')) return joinValues(decodeText(enc, body));
  if (id === 'WXXX' || id === 'WXX') {
    const [desc, next] = terminated(enc, body, 0);
    return `${desc}=${latin1(body, next).replace(/\0+$/, '')}`;
  }
  if (id.startsWith('W')) return latin1(data).replace(/\0+$/, '');
  if (id === 'COMM' || id === 'COM' || id === 'USLT' || id === 'ULT') {
    const [desc, next] = terminated(enc, body, 3);
    const text = decodeText(enc, body.subarray(next)).replace(/\0+$/, '');
    return desc !== '' ? `${desc}: ${text}` : text;
  }
  if (id === 'APIC') {
    const [mime, afterMime] = terminated(0, body, 0);
    const type = body[afterMime] ?? 0;
    const [desc, afterDesc] = terminated(enc, body, afterMime + 1);
    const picture = body.subarray(afterDesc);
    return `${mime}, ${pictureTypeName(type)}, "${desc}", ${picture.length} bytes${pictureNote(picture)}`;
  }
  if (id === 'PIC') {
    const format = latin1(body, 0, 3);
    const type = body[3] ?? 0;
    const [desc, afterDesc] = terminated(enc, body, 4);
    const picture = body.subarray(afterDesc);
    return `${format}, ${pictureTypeName(type)}, "${desc}", ${picture.length} bytes${pictureNote(picture)}`;
  }
  if (id === 'GEOB' || id === 'GEO') {
    const [mime, a] = terminated(0, body, 0);
    const [file, b] = terminated(enc, body, a);
    const [desc, c] = terminated(enc, body, b);
    return `${mime}, "${file}", "${desc}", ${body.length - c} bytes`;
  }
  if (id === 'PRIV' || id === 'UFID' || id === 'UFI') {
    const [owner, next] = terminated(0, data, 0);
    return `${owner}: ${describeBytes(data.subarray(next))}`;
  }
  return describeBytes(data);
}

/**
 * Every frame of an ID3v2 tag (the whole tag, header included) as removed entries. Frames that cannot be
 * read are listed by id; the tag is dropped whole either way, so reading is only for the report.
 */
export function id3v2Entries(tag: Uint8Array, prefix = 'ID3v2'): RemovedEntry[] {
  const header = id3v2Header(tag);
  const out: RemovedEntry[] = [];
  if (header === undefined) return [{ name: `${prefix}:Tag`, value: `${tag.length} bytes` }];
  const { major, flags } = header;
  if (major < 2 || major > 4 || (major === 2 && (flags & 0x40) !== 0)) {
    return [{ name: `${prefix}:Tag`, value: `version 2.${major}, ${header.size} bytes (not read)` }];
  }
  let body: Uint8Array = tag.subarray(10, Math.min(tag.length, 10 + header.size));
  if (major < 4 && (flags & 0x80) !== 0) body = unsynchronise(body);
  let pos = 0;
  if ((flags & 0x40) !== 0) pos = major === 3 ? 4 + u32be(body, 0) : syncsafe(body, 0);
  const headerLen = major === 2 ? 6 : 10;
  const idLen = major === 2 ? 3 : 4;
  while (pos + headerLen <= body.length) {
    if (body[pos] === 0) break; // padding
    const id = latin1(body, pos, pos + idLen);
    if (!/^[A-Z0-9]+$/.test(id)) {
      out.push({ name: `${prefix}:Unreadable`, value: `${body.length - pos} bytes` });
      break;
    }
    let size: number;
    if (major === 2) size = ((body[pos + 3] ?? 0) << 16) | ((body[pos + 4] ?? 0) << 8) | (body[pos + 5] ?? 0);
    else if (major === 3) size = u32be(body, pos + 4);
    else {
      // iTunes once wrote 2.4 frame sizes as plain integers; prefer the reading that lands on a frame.
      size = syncsafe(body, pos + 4);
      const plain = u32be(body, pos + 4);
      const anyHighBit = [4, 5, 6, 7].some((i) => ((body[pos + i] ?? 0) & 0x80) !== 0);
      if (anyHighBit || (plain !== size && !frameLooksValid(body, pos + 10 + size) && frameLooksValid(body, pos + 10 + plain))) size = plain;
    }
    const formatFlags = major === 2 ? 0 : (body[pos + 9] ?? 0);
    const start = pos + headerLen;
    if (start + size > body.length) {
      out.push({ name: `${prefix}:${id}`, value: `(frame runs past the tag, ${body.length - start} bytes)` });
      break;
    }
    out.push({ name: `${prefix}:${id}`, value: clipValue(frameValue(id, body.subarray(start, start + size), major, formatFlags)) });
    pos = start + size;
  }
  if (out.length === 0) out.push({ name: `${prefix}:Tag`, value: `empty, ${header.size} bytes` });
  return out;
}

function frameLooksValid(body: Uint8Array, pos: number): boolean {
  if (pos === body.length || body[pos] === 0) return true;
  return pos + 4 <= body.length && /^[A-Z0-9]{4}$/.test(latin1(body, pos, pos + 4));
}

function frameValue(id: string, raw: Uint8Array, major: number, flags: number): string {
  try {
    let data = raw;
    let compressed = false;
    if (major === 3) {
      if ((flags & 0x80) !== 0) {
        compressed = true;
        data = data.subarray(4);
      }
      if ((flags & 0x40) !== 0) return `(encrypted, ${raw.length} bytes)`;
      if ((flags & 0x20) !== 0) data = data.subarray(1);
    } else if (major === 4) {
      if ((flags & 0x40) !== 0) data = data.subarray(1);
      if ((flags & 0x04) !== 0) return `(encrypted, ${raw.length} bytes)`;
      if ((flags & 0x01) !== 0) data = data.subarray(4);
      if ((flags & 0x02) !== 0) data = unsynchronise(data);
      compressed = (flags & 0x08) !== 0;
    }
    if (compressed) data = inflateSync(data, { maxOutputLength: 16 << 20 });
    return describeFrame(id, data);
  } catch {
    return `(unreadable, ${raw.length} bytes)`;
  }
}

// ---------------------------------------------------------------------------------------------
// ID3v1, Enhanced TAG, APE, Lyrics3
// ---------------------------------------------------------------------------------------------

const field = (b: Uint8Array, start: number, end: number): string => latin1(b, start, end).replace(/\0.*$/s, '').trim();

export function id3v1Entries(tag: Uint8Array): RemovedEntry[] {
  const out: RemovedEntry[] = [];
  const add = (name: string, value: string): void => {
    if (value !== '') out.push({ name: `ID3v1:${name}`, value: clipValue(value) });
  };
  add('Title', field(tag, 3, 33));
  add('Artist', field(tag, 33, 63));
  add('Album', field(tag, 63, 93));
  add('Year', field(tag, 93, 97));
  const v11 = tag[125] === 0 && tag[126] !== 0;
  add('Comment', field(tag, 97, v11 ? 125 : 127));
  if (v11) add('Track', String(tag[126]));
  if (tag[127] !== 0xff) add('Genre', String(tag[127]));
  if (out.length === 0) out.push({ name: 'ID3v1:Tag', value: 'empty' });
  return out;
}

export function enhancedTagEntries(tag: Uint8Array): RemovedEntry[] {
  const out: RemovedEntry[] = [];
  const add = (name: string, value: string): void => {
    if (value !== '') out.push({ name: `ID3v1-Enhanced:${name}`, value: clipValue(value) });
  };
  add('Title', field(tag, 4, 64));
  add('Artist', field(tag, 64, 124));
  add('Album', field(tag, 124, 184));
  add('Genre', field(tag, 185, 215));
  add('StartTime', field(tag, 215, 221));
  add('EndTime', field(tag, 221, 227));
  if (out.length === 0) out.push({ name: 'ID3v1-Enhanced:Tag', value: 'empty' });
  return out;
}

export type ApeFooter = { version: number; size: number; count: number; hasHeader: boolean; total: number };

/** An APE tag header or footer (32 bytes starting "APETAGEX"). `total` is the whole tag with header and footer. */
export function apeHeader(b: Uint8Array): ApeFooter | undefined {
  if (b.length < 32 || !startsWithAscii(b, 'APETAGEX')) return undefined;
  const v = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const size = v.readUInt32LE(12);
  const count = v.readUInt32LE(16);
  const flags = v.readUInt32LE(20);
  if (size < 32) return undefined;
  const hasHeader = (flags & 0x80000000) !== 0;
  return { version: v.readUInt32LE(8), size, count, hasHeader, total: size + (hasHeader ? 32 : 0) };
}

/** The items of an APE tag, given the bytes between header and footer. */
export function apeEntries(items: Uint8Array, count: number): RemovedEntry[] {
  const v = Buffer.from(items.buffer, items.byteOffset, items.byteLength);
  const out: RemovedEntry[] = [];
  let pos = 0;
  for (let i = 0; i < count && pos + 9 <= v.length; i++) {
    const len = v.readUInt32LE(pos);
    const flags = v.readUInt32LE(pos + 4);
    let keyEnd = pos + 8;
    while (keyEnd < v.length && v[keyEnd] !== 0) keyEnd++;
    const key = latin1(v, pos + 8, keyEnd);
    const start = keyEnd + 1;
    if (start + len > v.length) {
      out.push({ name: `APE:${key || 'Item'}`, value: '(item runs past the tag)' });
      return out;
    }
    const value = v.subarray(start, start + len);
    const type = (flags >> 1) & 3;
    const text = type === 1 ? `${value.length} bytes${pictureNote(value)}` : value.toString('utf8').split('\0').join(' / ');
    out.push({ name: `APE:${key}`, value: clipValue(text) });
    pos = start + len;
  }
  if (out.length === 0) out.push({ name: 'APE:Tag', value: `${items.length} bytes` });
  return out;
}

export function lyrics3Entries(tag: Uint8Array, v2: boolean): RemovedEntry[] {
  if (!v2) return [{ name: 'Lyrics3:Lyrics', value: clipValue(latin1(tag, 11, tag.length - 9)) }];
  const out: RemovedEntry[] = [];
  let pos = 11;
  const end = tag.length - 15;
  while (pos + 8 <= end) {
    const id = latin1(tag, pos, pos + 3);
    const len = Number(latin1(tag, pos + 3, pos + 8));
    if (!/^[A-Z0-9]{3}$/.test(id) || !Number.isInteger(len) || pos + 8 + len > end) {
      out.push({ name: 'Lyrics3:Unreadable', value: `${end - pos} bytes` });
      break;
    }
    out.push({ name: `Lyrics3:${id}`, value: clipValue(latin1(tag, pos + 8, pos + 8 + len)) });
    pos += 8 + len;
  }
  if (out.length === 0) out.push({ name: 'Lyrics3:Tag', value: 'empty' });
  return out;
}

const MAX_TAG_READ = 64 << 20;

async function readTag(win: SourceWindow, offset: number, length: number): Promise<Buffer | undefined> {
  if (length > MAX_TAG_READ) return undefined;
  return Buffer.from(await win.get(offset, length));
}

/**
 * Tags at the end of [start, end): ID3v1 and Enhanced TAG, APE (with or without header), Lyrics3 v1/v2,
 * and an appended ID3v2.4 tag with footer, in any order. Returns where the content before them ends.
 */
export async function trailingTags(win: SourceWindow, start: number, end: number): Promise<{ end: number; removed: RemovedEntry[] }> {
  const removed: RemovedEntry[] = [];
  for (;;) {
    const avail = end - start;
    if (avail >= 128 && startsWithAscii(await win.get(end - 128, 3), 'TAG')) {
      const tag = Buffer.from(await win.get(end - 128, 128));
      removed.push(...id3v1Entries(tag));
      end -= 128;
      if (end - start >= 227 && startsWithAscii(await win.get(end - 227, 4), 'TAG+')) {
        removed.push(...enhancedTagEntries(Buffer.from(await win.get(end - 227, 227))));
        end -= 227;
      }
      continue;
    }
    if (avail >= 32) {
      const footer = apeHeader(await win.get(end - 32, 32));
      if (footer !== undefined) {
        if (footer.total > avail) throw new StripFailure('An APE tag at the end of the file is damaged.');
        const items = await readTag(win, end - footer.size, footer.size - 32);
        removed.push(...(items === undefined ? [{ name: 'APE:Tag', value: `${footer.size} bytes` }] : apeEntries(items, footer.count)));
        end -= footer.total;
        continue;
      }
    }
    if (avail >= 15 + 11 && startsWithAscii(await win.get(end - 9, 9), 'LYRICS200')) {
      const len = Number(latin1(await win.get(end - 15, 6)));
      const total = len + 15;
      if (!Number.isInteger(len) || total > avail || !startsWithAscii(await win.get(end - total, 11), 'LYRICSBEGIN')) {
        throw new StripFailure('A Lyrics3 tag at the end of the file is damaged.');
      }
      removed.push(...lyrics3Entries(await win.get(end - total, total), true));
      end -= total;
      continue;
    }
    if (avail >= 20 && startsWithAscii(await win.get(end - 9, 9), 'LYRICSEND')) {
      const look = Math.min(avail, 5100 + 20);
      const tail = Buffer.from(await win.get(end - look, look));
      const begin = tail.lastIndexOf('LYRICSBEGIN', undefined, 'latin1');
      if (begin < 0) throw new StripFailure('A Lyrics3 tag at the end of the file is damaged.');
      removed.push(...lyrics3Entries(tail.subarray(begin), false));
      end -= look - begin;
      continue;
    }
    if (avail >= 20 && startsWithAscii(await win.get(end - 10, 3), '3DI')) {
      const footer = await win.get(end - 10, 10);
      const total = 20 + syncsafe(footer, 6);
      const tagStart = end - total;
      if (total > avail || id3v2Header(await win.get(tagStart, 10)) === undefined) {
        throw new StripFailure('An ID3v2 tag at the end of the file is damaged.');
      }
      const tag = await readTag(win, tagStart, total);
      removed.push(...(tag === undefined ? [{ name: 'ID3v2:Tag', value: `${total} bytes` }] : id3v2Entries(tag)));
      end = tagStart;
      continue;
    }
    return { end, removed };
  }
}

/** ID3v2 tags (one or several) and an APE tag with header at `start`. Returns where the content begins. */
export async function leadingTags(win: SourceWindow, start: number, end: number): Promise<{ start: number; removed: RemovedEntry[] }> {
  const removed: RemovedEntry[] = [];
  for (;;) {
    const head = await win.get(start, 32);
    if (startsWithAscii(head, 'ID3')) {
      const header = id3v2Header(head);
      if (header === undefined) throw new StripFailure('The ID3v2 tag at the start of the file is damaged.');
      if (start + header.total > end) throw new StripFailure('The file is truncated: its ID3v2 tag runs past the end.');
      const tag = await readTag(win, start, header.total);
      removed.push(...(tag === undefined ? [{ name: 'ID3v2:Tag', value: `${header.total} bytes` }] : id3v2Entries(tag)));
      start += header.total;
      continue;
    }
    const ape = apeHeader(head);
    if (ape !== undefined && ape.hasHeader) {
      if (start + ape.total > end) throw new StripFailure('The file is truncated: its APE tag runs past the end.');
      const items = await readTag(win, start + 32, ape.size - 32);
      removed.push(...(items === undefined ? [{ name: 'APE:Tag', value: `${ape.size} bytes` }] : apeEntries(items, ape.count)));
      start += ape.total;
      continue;
    }
    return { start, removed };
  }
}

// ---------------------------------------------------------------------------------------------
// MPEG audio frames
// ---------------------------------------------------------------------------------------------

const SCAN = 64 * 1024;

/** True when a whole ID3v2 or APE tag starts at `pos` and fits before `end`. */
async function tagAt(win: SourceWindow, pos: number, end: number): Promise<boolean> {
  const probe = await win.get(pos, 32);
  const id3 = id3v2Header(probe);
  if (id3 !== undefined) return pos + id3.total <= end;
  const ape = apeHeader(probe);
  return ape !== undefined && ape.hasHeader && pos + ape.total <= end;
}

/**
 * The next offset in [from, end) where a frame starts that is followed by another frame of the same
 * stream (or by the end): a lone sync word inside junk is not enough. With `stopAtTags`, also where an
 * ID3v2 or APE tag starts, so that a tag inside the junk is reported for what it is.
 */
async function nextFrame(win: SourceWindow, from: number, end: number, key: StreamKey | undefined, stopAtTags = false): Promise<number | undefined> {
  let sawFreeFormat = false;
  for (let at = from; at + 4 <= end; at += SCAN) {
    const block = await win.get(at, Math.min(SCAN + 3, end - at));
    for (let i = 0; i + 4 <= block.length; i++) {
      if (stopAtTags && (block[i] === 0x49 || block[i] === 0x41) && (await tagAt(win, at + i, end))) return at + i;
      if (block[i] !== 0xff) continue;
      const len = mpegFrameLength(block, i, key);
      if (len === undefined) continue;
      if (len === FREE_FORMAT) {
        sawFreeFormat = true;
        continue;
      }
      const pos = at + i;
      const k = streamKey(block, i);
      if (pos + len === end) return pos;
      if (pos + len + 4 > end) {
        if (key !== undefined && end - pos < len) return pos; // a last frame cut short
        continue;
      }
      const next = await win.get(pos + len, 4);
      const nextLen = mpegFrameLength(next, 0, k);
      if (nextLen !== undefined && nextLen !== FREE_FORMAT) return pos;
    }
  }
  if (sawFreeFormat && key === undefined) throw new StripUnsupported('Free-format MP3 streams are not supported.');
  return undefined;
}

export const mp3Stripper: FormatStripper = {
  name: 'mp3',
  mediaTypes: ['audio/mpeg'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const win = new SourceWindow(src);
    const lead = await leadingTags(win, 0, src.size);
    const tail = await trailingTags(win, lead.start, src.size);
    const removed: RemovedEntry[] = [...lead.removed];
    const end = tail.end;

    const first = await nextFrame(win, lead.start, end, undefined);
    if (first === undefined) throw new StripFailure('No MPEG audio frames were found.');
    const key = streamKey(await win.get(first, 4), 0);

    const out = new HashingWriter(sink);
    out.hashing = true;
    const original = createHash('sha256');
    let dropped = 0;
    let droppedNonZero = false;
    const drop = async (from: number, to: number): Promise<void> => {
      dropped += to - from;
      for (let at = from; at < to && !droppedNonZero; at += SCAN) {
        if (!isAllZero(await win.get(at, Math.min(SCAN, to - at)))) droppedNonZero = true;
      }
    };
    // Before the first confirmed frame nothing counts as a frame: only tags (reported) and junk (dropped).
    let pos = lead.start;
    let frames = 0;
    while (pos < end) {
      const head = await win.get(pos, 4);
      const len = head.length === 4 && pos >= first ? mpegFrameLength(head, 0, key) : undefined;
      if (len !== undefined && len !== FREE_FORMAT) {
        const frame = await win.get(pos, Math.min(len, end - pos));
        original.update(frame);
        await out.write(frame);
        frames++;
        pos += frame.length;
        continue;
      }
      // Not a frame: a tag in the middle of the stream, or bytes that are neither.
      const probe = await win.get(pos, 32);
      const id3 = id3v2Header(probe);
      if (id3 !== undefined && pos + id3.total <= end) {
        const tag = await readTag(win, pos, id3.total);
        removed.push(...(tag === undefined ? [{ name: 'ID3v2:Tag', value: `${id3.total} bytes` }] : id3v2Entries(tag)));
        pos += id3.total;
        continue;
      }
      const ape = apeHeader(probe);
      if (ape !== undefined && ape.hasHeader && pos + ape.total <= end) {
        const items = await readTag(win, pos + 32, ape.size - 32);
        removed.push(...(items === undefined ? [{ name: 'APE:Tag', value: `${ape.size} bytes` }] : apeEntries(items, ape.count)));
        pos += ape.total;
        continue;
      }
      if (startsWithAscii(probe, 'TAG') && pos + 128 <= end) {
        removed.push(...id3v1Entries(await win.get(pos, 128)));
        pos += 128;
        continue;
      }
      const next = (await nextFrame(win, pos + 1, end, key, true)) ?? end;
      await drop(pos, next);
      pos = next;
    }
    await out.flush();
    removed.push(...tail.removed);
    if (droppedNonZero) removed.push({ name: 'MP3:UnrecognisedData', value: `${dropped} bytes outside the audio frames` });
    if (frames === 0) throw new StripFailure('No MPEG audio frames were found.');

    const originalHash = original.digest('hex');
    const copyHash = out.hash.digest('hex');
    return {
      method: 'mp3-frames',
      removed,
      proof: { kind: 'media-data', original: originalHash, copy: copyHash, identical: originalHash === copyHash },
    };
  },
};
