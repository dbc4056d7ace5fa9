/**
 * FLAC: the copy is "fLaC", STREAMINFO, SEEKTABLE and the audio frames byte for byte. Everything else
 * in the metadata block chain goes: VORBIS_COMMENT, PICTURE (whose JPEG carries its own EXIF),
 * APPLICATION (foreign RIFF/AIFF chunks live there), CUESHEET (catalogue number, ISRCs), PADDING and
 * any block type we do not know. An ID3v2 tag in front of "fLaC" and tags appended after the frames
 * (ID3v1, APE) go as well.
 *
 * The Vorbis comment and picture readers are exported: Ogg Vorbis and Opus use the same comment
 * format, and their METADATA_BLOCK_PICTURE comment is a base64 FLAC picture block.
 */
import { createHash } from 'node:crypto';
import type { ByteSink, ByteSource, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure } from '../types.ts';
import { clipValue, describeBytes, HashingWriter, isAllZero, leadingTags, pictureNote, pictureTypeName, SourceWindow, trailingTags } from './mp3.ts';

// ---------------------------------------------------------------------------------------------
// Vorbis comments and pictures (shared with Ogg)
// ---------------------------------------------------------------------------------------------

/** A FLAC PICTURE block body as one line: mime, type, description, size, and whether it carries EXIF. */
export function pictureSummary(b: Uint8Array): string {
  const v = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (v.length < 32) return `${v.length} bytes`;
  const type = v.readUInt32BE(0);
  const mimeLen = v.readUInt32BE(4);
  if (8 + mimeLen + 4 > v.length) return `${v.length} bytes`;
  const mime = v.toString('latin1', 8, 8 + mimeLen);
  const descLen = v.readUInt32BE(8 + mimeLen);
  const descStart = 12 + mimeLen;
  if (descStart + descLen + 20 > v.length) return `${mime}, ${v.length} bytes`;
  const desc = v.toString('utf8', descStart, descStart + descLen);
  const at = descStart + descLen;
  const width = v.readUInt32BE(at);
  const height = v.readUInt32BE(at + 4);
  const dataLen = v.readUInt32BE(at + 16);
  const data = v.subarray(at + 20, at + 20 + dataLen);
  return `${mime}, ${pictureTypeName(type)}, "${desc}", ${width}x${height}, ${data.length} bytes${pictureNote(data)}`;
}

export type VorbisComment = { vendor: string; entries: RemovedEntry[]; end: number };

/**
 * A Vorbis comment structure starting at `start` (vendor, then KEY=value fields), as removed entries
 * named `${prefix}:KEY`. Throws StripFailure when a length runs past the packet.
 */
export function readVorbisComment(b: Uint8Array, start: number, prefix: string): VorbisComment {
  const v = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const damaged = (): never => {
    throw new StripFailure('The comment header is damaged.');
  };
  if (start + 4 > v.length) damaged();
  const vendorLen = v.readUInt32LE(start);
  let pos = start + 4;
  if (pos + vendorLen + 4 > v.length) damaged();
  const vendor = v.toString('utf8', pos, pos + vendorLen);
  pos += vendorLen;
  const count = v.readUInt32LE(pos);
  pos += 4;
  const entries: RemovedEntry[] = [{ name: `${prefix}:Vendor`, value: clipValue(vendor) }];
  for (let i = 0; i < count; i++) {
    if (pos + 4 > v.length) damaged();
    const len = v.readUInt32LE(pos);
    pos += 4;
    if (pos + len > v.length) damaged();
    const text = v.toString('utf8', pos, pos + len);
    pos += len;
    const eq = text.indexOf('=');
    const key = (eq < 0 ? text : text.slice(0, eq)).toUpperCase();
    let value = eq < 0 ? '' : text.slice(eq + 1);
    if (key === 'METADATA_BLOCK_PICTURE') value = pictureSummary(Buffer.from(value, 'base64'));
    else if (key === 'COVERART') value = describeBytes(Buffer.from(value, 'base64'));
    entries.push({ name: `${prefix}:${key || 'Unnamed'}`, value: clipValue(value) });
  }
  return { vendor, entries, end: pos };
}

// ---------------------------------------------------------------------------------------------
// FLAC
// ---------------------------------------------------------------------------------------------

const STREAMINFO = 0;
const PADDING = 1;
const APPLICATION = 2;
const SEEKTABLE = 3;
const VORBIS_COMMENT = 4;
const CUESHEET = 5;
const PICTURE = 6;
const INVALID = 127;

function cuesheetSummary(b: Buffer): string {
  if (b.length < 396) return `${b.length} bytes`;
  const catalog = b.toString('latin1', 0, 128).replace(/\0+$/, '');
  const tracks = b[395] ?? 0;
  const isrcs: string[] = [];
  let pos = 396;
  for (let t = 0; t < tracks && pos + 36 <= b.length; t++) {
    const isrc = b.toString('latin1', pos + 9, pos + 21).replace(/\0+$/, '');
    if (isrc !== '') isrcs.push(isrc);
    pos += 36 + (b[pos + 35] ?? 0) * 12;
  }
  return [catalog !== '' ? `catalog ${catalog}` : '', `${tracks} tracks`, isrcs.length > 0 ? `ISRC ${isrcs.join(' ')}` : ''].filter((s) => s !== '').join(', ');
}

function blockEntries(type: number, body: Buffer): RemovedEntry[] {
  switch (type) {
    case VORBIS_COMMENT:
      return readVorbisComment(body, 0, 'Vorbis').entries;
    case PICTURE:
      return [{ name: 'FLAC:Picture', value: clipValue(pictureSummary(body)) }];
    case APPLICATION: {
      const id = body.toString('latin1', 0, 4);
      return [{ name: 'FLAC:Application', value: clipValue(`${id}: ${describeBytes(body.subarray(4))}`) }];
    }
    case CUESHEET:
      return [{ name: 'FLAC:CueSheet', value: clipValue(cuesheetSummary(body)) }];
    case PADDING:
      return isAllZero(body) ? [] : [{ name: 'FLAC:Padding', value: `${body.length} bytes, not zero` }];
    default:
      return [{ name: `FLAC:Block${type}`, value: describeBytes(body) }];
  }
}

export const flacStripper: FormatStripper = {
  name: 'flac',
  mediaTypes: ['audio/flac'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const win = new SourceWindow(src);
    const lead = await leadingTags(win, 0, src.size);
    const removed: RemovedEntry[] = [...lead.removed];
    let pos = lead.start;
    if ((await win.get(pos, 4)).toString('latin1') !== 'fLaC') throw new StripFailure('This is not a FLAC stream.');
    pos += 4;

    const kept: Buffer[] = [];
    let seekTables = 0;
    for (let index = 0; ; index++) {
      const header = await win.get(pos, 4);
      if (header.length < 4) throw new StripFailure('The file is truncated inside its metadata.');
      const last = (header[0] ?? 0) & 0x80;
      const type = (header[0] ?? 0) & 0x7f;
      const length = header.readUIntBE(1, 3);
      if (pos + 4 + length > src.size) throw new StripFailure('The file is truncated inside its metadata.');
      if (type === INVALID) throw new StripFailure('The FLAC metadata is damaged.');
      if (index === 0 && (type !== STREAMINFO || length !== 34)) throw new StripFailure('The FLAC stream does not start with its STREAMINFO block.');
      if (index > 0 && type === STREAMINFO) throw new StripFailure('The FLAC metadata is damaged (a second STREAMINFO).');
      const block = Buffer.from(await win.get(pos, 4 + length));
      if (type === STREAMINFO || (type === SEEKTABLE && length % 18 === 0 && seekTables++ === 0)) {
        kept.push(block);
      } else {
        removed.push(...blockEntries(type, block.subarray(4)));
      }
      pos += 4 + length;
      if (last !== 0) break;
    }

    const tail = await trailingTags(win, pos, src.size);
    const end = tail.end;
    const sync = await win.get(pos, 2);
    if (sync.length < 2 || sync[0] !== 0xff || ((sync[1] ?? 0) & 0xfe) !== 0xf8) {
      throw new StripFailure(pos >= end ? 'The FLAC stream has no audio frames.' : 'The FLAC audio does not start with a frame.');
    }
    removed.push(...tail.removed);

    for (const [i, block] of kept.entries()) {
      const flag = i === kept.length - 1 ? 0x80 : 0;
      block[0] = ((block[0] ?? 0) & 0x7f) | flag;
    }
    const out = new HashingWriter(sink);
    await out.write(Buffer.from('fLaC', 'latin1'));
    for (const block of kept) await out.write(block);
    out.hashing = true;
    const original = createHash('sha256');
    for await (const chunk of src.chunks(pos, end)) {
      original.update(chunk);
      await out.write(chunk);
    }
    await out.flush();
    const originalHash = original.digest('hex');
    const copyHash = out.hash.digest('hex');
    return {
      method: 'flac-blocks',
      removed,
      proof: { kind: 'media-data', original: originalHash, copy: copyHash, identical: originalHash === copyHash },
    };
  },
};
