/**
 * WAV (RIFF/WAVE, and RF64/BW64 for files past 4 GiB): the copy is fmt, fact and data, nothing else.
 * Everything else a recorder or editor adds is dropped: LIST (INFO, adtl labels, exif), bext (BWF:
 * originator, dates, coding history naming the recorder), iXML (project, notes, GPS), axml, _PMX (XMP),
 * id3 chunks, cue/plst/smpl/inst, PEAK (has a timestamp), JUNK/PAD and any chunk we do not know.
 * Cue points would be harmless numbers, but their labels live in LIST/adtl and a cue without labels is
 * of no use to a viewer, so they go too.
 */
import { createHash } from 'node:crypto';
import type { ByteSink, ByteSource, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure, StripUnsupported } from '../types.ts';
import { clipValue, describeBytes, HashingWriter, id3v1Entries, id3v2Entries, id3v2Header, isAllZero, SourceWindow, trailingTags } from './mp3.ts';

const MAX_CHUNK_READ = 64 << 20;
const RF64_SIZE = 0xffffffff;
const EXTENSIBLE = 0xfffe;

type Chunk = { id: string; offset: number; size: number };

const text = (b: Buffer, start: number, end: number): string => b.toString('utf8', start, Math.min(end, b.length)).replace(/\0.*$/s, '').trim();

function bextEntries(b: Buffer): RemovedEntry[] {
  const out: RemovedEntry[] = [];
  const add = (name: string, value: string): void => {
    if (value !== '') out.push({ name: `bext:${name}`, value: clipValue(value) });
  };
  add('Description', text(b, 0, 256));
  add('Originator', text(b, 256, 288));
  add('OriginatorReference', text(b, 288, 320));
  add('OriginationDate', text(b, 320, 330));
  add('OriginationTime', text(b, 330, 338));
  if (b.length >= 346) {
    const timeRef = b.readBigUInt64LE(338);
    if (timeRef !== 0n) add('TimeReference', timeRef.toString());
  }
  if (b.length >= 412) {
    const umid = b.subarray(348, 412);
    if (!isAllZero(umid)) add('UMID', umid.toString('hex'));
  }
  if (b.length > 602) add('CodingHistory', text(b, 602, b.length).replace(/\r?\n/g, ' '));
  if (out.length === 0) out.push({ name: 'bext:Chunk', value: `${b.length} bytes` });
  return out;
}

/** Leaf elements of an iXML document by name (PROJECT, NOTE, LOCATION_GPS...). */
function xmlLeafEntries(prefix: string, b: Buffer): RemovedEntry[] {
  const xml = b.toString('utf8');
  const out: RemovedEntry[] = [];
  for (const m of xml.matchAll(/<([A-Za-z_][\w.:-]*)(?:\s[^>]*)?>([^<]+)<\/\1>/g)) {
    const value = (m[2] ?? '').trim();
    if (value !== '') out.push({ name: `${prefix}:${m[1]}`, value: clipValue(value) });
    if (out.length >= 200) break;
  }
  if (out.length === 0) out.push({ name: `${prefix}:XML`, value: describeBytes(b) });
  return out;
}

function listEntries(b: Buffer): RemovedEntry[] {
  const type = b.toString('latin1', 0, 4).trim() || 'LIST';
  const out: RemovedEntry[] = [];
  let pos = 4;
  while (pos + 8 <= b.length) {
    const id = b.toString('latin1', pos, pos + 4).trim();
    const size = b.readUInt32LE(pos + 4);
    const body = b.subarray(pos + 8, Math.min(b.length, pos + 8 + size));
    // adtl labels and notes start with a cue point id.
    const value = type === 'adtl' && (id === 'labl' || id === 'note') ? body.subarray(4) : type === 'adtl' && id === 'ltxt' ? body.subarray(20) : body;
    out.push({ name: `LIST-${type}:${id}`, value: describeBytes(value) });
    pos += 8 + size + (size & 1);
  }
  if (pos < b.length && !isAllZero(b.subarray(pos))) out.push({ name: `LIST-${type}:Unreadable`, value: `${b.length - pos} bytes` });
  if (out.length === 0) out.push({ name: `LIST-${type}:Chunk`, value: `${b.length} bytes` });
  return out;
}

function chunkEntries(id: string, b: Buffer): RemovedEntry[] {
  switch (id) {
    case 'LIST':
      return listEntries(b);
    case 'bext':
      return bextEntries(b);
    case 'iXML':
      return xmlLeafEntries('iXML', b);
    case 'axml':
      return xmlLeafEntries('axml', b);
    case '_PMX':
      return xmlLeafEntries('XMP', b);
    case 'id3 ':
    case 'ID3 ':
    case 'ID3':
      return id3v2Header(b) !== undefined ? id3v2Entries(b) : [{ name: 'RIFF:id3', value: `${b.length} bytes` }];
    case 'JUNK':
    case 'junk':
    case 'PAD ':
    case 'FLLR':
    case 'filr':
      return isAllZero(b) ? [] : [{ name: `RIFF:${id.trim()}`, value: describeBytes(b) }];
    default:
      return [{ name: `RIFF:${id.trim() || 'chunk'}`, value: describeBytes(b) }];
  }
}

async function readChunk(win: SourceWindow, c: Chunk): Promise<Buffer | undefined> {
  if (c.size > MAX_CHUNK_READ) return undefined;
  return Buffer.from(await win.get(c.offset, c.size));
}

/** fmt as far as its own structure declares: 16 bytes, or 18 plus the extension size it gives. */
function cleanFmt(fmt: Buffer): { bytes: Buffer; extra: Buffer } {
  if (fmt.length < 16) throw new StripFailure('The WAV format chunk is damaged.');
  const format = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const rate = fmt.readUInt32LE(4);
  if (channels === 0 || rate === 0) throw new StripFailure('The WAV format chunk is damaged.');
  let keep = 16;
  if (fmt.length >= 18) {
    const cbSize = fmt.readUInt16LE(16);
    keep = 18 + cbSize <= fmt.length ? 18 + cbSize : fmt.length;
  }
  if (format === EXTENSIBLE && keep < 40) throw new StripFailure('The WAV format chunk is damaged.');
  return { bytes: fmt.subarray(0, keep), extra: fmt.subarray(keep) };
}

function chunkBytes(id: string, body: Buffer, sizeField = body.length): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(sizeField, 4);
  return Buffer.concat([head, body, body.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

export const wavStripper: FormatStripper = {
  name: 'wav',
  mediaTypes: ['audio/wav'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const win = new SourceWindow(src);
    const head = await win.get(0, 12);
    if (head.length < 12 || head.toString('latin1', 8, 12) !== 'WAVE') throw new StripFailure('This is not a WAV file.');
    const form = head.toString('latin1', 0, 4);
    if (form === 'RIFX') throw new StripUnsupported('Big-endian WAV (RIFX) is not supported.');
    if (form !== 'RIFF' && form !== 'RF64' && form !== 'BW64') throw new StripFailure('This is not a WAV file.');
    const rf64 = form !== 'RIFF';

    // RF64 keeps the real 64-bit sizes in a ds64 chunk that must come first.
    let riffSize = head.readUInt32LE(4);
    let ds64Data: number | undefined;
    let sampleCount = 0;
    const bigSizes = new Map<string, number>();
    if (rf64) {
      const ds = await win.get(12, 36);
      if (ds.length < 36 || ds.toString('latin1', 0, 4) !== 'ds64') throw new StripFailure('The RF64 file has no ds64 chunk.');
      const dsSize = ds.readUInt32LE(4);
      const body = await win.get(20, dsSize);
      if (dsSize < 28 || body.length < dsSize) throw new StripFailure('The RF64 ds64 chunk is damaged.');
      const big = (o: number): number => {
        const n = body.readBigUInt64LE(o);
        if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new StripFailure('The RF64 ds64 chunk is damaged.');
        return Number(n);
      };
      riffSize = big(0);
      ds64Data = big(8);
      sampleCount = big(16);
      const tableLength = body.readUInt32LE(24);
      for (let i = 0; i < tableLength && 28 + i * 12 + 12 <= dsSize; i++) bigSizes.set(body.toString('latin1', 28 + i * 12, 32 + i * 12), big(32 + i * 12));
    }

    // Some writers get the RIFF size wrong (a missing final pad byte, the file size instead of size - 8):
    // the chunks themselves decide whether the file is truncated.
    const riffEnd = 8 + riffSize;
    const chunksEnd = Math.min(riffEnd, src.size);

    const removed: RemovedEntry[] = [];
    let fmt: Buffer | undefined;
    let fact: Buffer | undefined;
    let data: Chunk | undefined;
    let pos = 12;
    while (pos + 8 <= chunksEnd) {
      const h = await win.get(pos, 8);
      const id = h.toString('latin1', 0, 4);
      let size = h.readUInt32LE(4);
      if (rf64 && size === RF64_SIZE) {
        const big = id === 'data' ? ds64Data : bigSizes.get(id);
        if (big === undefined) throw new StripFailure('The RF64 chunk sizes are damaged.');
        size = big;
      }
      const chunk: Chunk = { id, offset: pos + 8, size };
      const next = pos + 8 + size + (size & 1);
      if (pos + 8 + size > chunksEnd) {
        throw new StripFailure(id === 'data' ? 'The WAV file is truncated: its audio data ends early.' : 'The WAV file is truncated.');
      }
      if (id === 'fmt ') {
        if (fmt !== undefined) throw new StripFailure('The WAV file has two format chunks.');
        const body = await readChunk(win, chunk);
        if (body === undefined) throw new StripFailure('The WAV format chunk is damaged.');
        const clean = cleanFmt(body);
        fmt = clean.bytes;
        if (!isAllZero(clean.extra)) removed.push({ name: 'fmt:ExtraBytes', value: describeBytes(clean.extra) });
      } else if (id === 'fact' && size >= 4 && fact === undefined) {
        fact = Buffer.from(await win.get(chunk.offset, 4));
        if (size > 4) {
          const extra = await win.get(chunk.offset + 4, Math.min(size - 4, 1024));
          if (!isAllZero(extra)) removed.push({ name: 'fact:ExtraBytes', value: describeBytes(extra) });
        }
      } else if (id === 'data') {
        if (data !== undefined) throw new StripUnsupported('WAV files with more than one data chunk are not supported.');
        data = chunk;
      } else if (!(rf64 && id === 'ds64' && pos === 12)) {
        const body = await readChunk(win, chunk);
        removed.push(...(body === undefined ? [{ name: `RIFF:${id.trim()}`, value: `${size} bytes` }] : chunkEntries(id, body)));
      }
      pos = next;
    }
    if (pos < chunksEnd && !isAllZero(await win.get(pos, chunksEnd - pos))) throw new StripFailure('The WAV file is truncated.');
    if (fmt === undefined) throw new StripFailure('The WAV file has no format chunk.');
    if (data === undefined) throw new StripFailure('The WAV file has no audio data.');

    // Bytes after the RIFF form: taggers append ID3 tags there; anything else is not ours to keep either.
    if (riffEnd < src.size) {
      const after = riffEnd;
      const tail = await trailingTags(win, after, src.size);
      removed.push(...tail.removed);
      let at = after;
      while (at < tail.end) {
        const probe = await win.get(at, 10);
        const id3 = id3v2Header(probe);
        if (id3 !== undefined && at + id3.total <= tail.end) {
          const tag = await readChunk(win, { id: 'ID3', offset: at, size: id3.total });
          removed.push(...(tag === undefined ? [{ name: 'ID3v2:Tag', value: `${id3.total} bytes` }] : id3v2Entries(tag)));
          at += id3.total;
          continue;
        }
        if (probe.toString('latin1', 0, 3) === 'TAG' && at + 128 <= tail.end) {
          removed.push(...id3v1Entries(await win.get(at, 128)));
          at += 128;
          continue;
        }
        const rest = await win.get(at, Math.min(tail.end - at, 4096));
        if (!isAllZero(rest) || tail.end - at > 4096) removed.push({ name: 'RIFF:TrailingData', value: `${tail.end - at} bytes after the RIFF data` });
        break;
      }
    }

    const dataPad = data.size & 1;
    const parts = [chunkBytes('fmt ', fmt)];
    if (fact !== undefined) parts.push(chunkBytes('fact', fact));
    const body = Buffer.concat(parts);
    const total = 4 + body.length + (rf64 ? 36 : 0) + 8 + data.size + dataPad;
    const out = new HashingWriter(sink);
    const header = Buffer.alloc(12);
    header.write(rf64 ? form : 'RIFF', 0, 'latin1');
    header.writeUInt32LE(rf64 ? RF64_SIZE : total, 4);
    header.write('WAVE', 8, 'latin1');
    if (!rf64 && total > 0xffffffff) throw new StripFailure('The WAV file is damaged (sizes past 4 GiB in a RIFF file).');
    await out.write(header);
    if (rf64) {
      const ds = Buffer.alloc(28);
      ds.writeBigUInt64LE(BigInt(total), 0);
      ds.writeBigUInt64LE(BigInt(data.size), 8);
      ds.writeBigUInt64LE(BigInt(sampleCount), 16);
      await out.write(chunkBytes('ds64', ds));
    }
    await out.write(body);
    const dataHead = Buffer.alloc(8);
    dataHead.write('data', 0, 'latin1');
    dataHead.writeUInt32LE(rf64 ? RF64_SIZE : data.size, 4);
    await out.write(dataHead);

    out.hashing = true;
    const original = createHash('sha256');
    for await (const chunk of src.chunks(data.offset, data.offset + data.size)) {
      original.update(chunk);
      await out.write(chunk);
    }
    out.hashing = false;
    if (dataPad) await out.write(Buffer.alloc(1));
    await out.flush();

    const originalHash = original.digest('hex');
    const copyHash = out.hash.digest('hex');
    return {
      method: 'riff-chunks',
      removed,
      proof: { kind: 'media-data', original: originalHash, copy: copyHash, identical: originalHash === copyHash },
    };
  },
};
