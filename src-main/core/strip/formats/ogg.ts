/**
 * Ogg Vorbis and Ogg Opus: the comment header (Vorbis packet type 3, Opus "OpusTags") is replaced by an
 * empty one with a neutral vendor string; the original vendor names the encoder build. The header
 * packets after the identification page are paginated afresh, so if their page count changes every
 * later page of the stream is renumbered and its CRC recomputed; the audio page payloads are never
 * touched. Chained files (one stream after another) are handled link by link; multiplexed streams
 * (several at once, e.g. with Skeleton or video) and other codecs in Ogg are refused.
 */
import { createHash } from 'node:crypto';
import type { ByteSink, ByteSource, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure, StripUnsupported } from '../types.ts';
import { readVorbisComment } from './flac.ts';
import { describeBytes, HashingWriter, SourceWindow, trailingTags } from './mp3.ts';

export const NEUTRAL_VENDOR = 'Evidence Vault';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = (r & 0x80000000) !== 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** Ogg's CRC-32: polynomial 0x04C11DB7, initial value 0, no reflection, no final xor. */
export function oggCrc(b: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < b.length; i++) crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ (b[i] ?? 0)) & 0xff] ?? 0)) >>> 0;
  return crc;
}

const FLAG_CONTINUED = 1;
const FLAG_BOS = 2;
const FLAG_EOS = 4;

type Page = { flags: number; serial: number; seq: number; lacing: Uint8Array; raw: Buffer; body: Buffer };

async function readPage(win: SourceWindow, offset: number, end: number): Promise<Page> {
  const h = await win.get(offset, 27);
  if (h.length < 4 || h.toString('latin1', 0, 4) !== 'OggS') throw new StripFailure('The Ogg stream is damaged: a page is missing or out of place.');
  if (h.length < 27 || offset + 27 > end) throw new StripFailure('The Ogg stream is truncated.');
  if (h[4] !== 0) throw new StripFailure('The Ogg stream is damaged: unknown page version.');
  const segments = h[26] ?? 0;
  const lacing = Buffer.from(await win.get(offset + 27, segments));
  if (lacing.length < segments) throw new StripFailure('The Ogg stream is truncated.');
  let bodyLen = 0;
  for (const l of lacing) bodyLen += l;
  const total = 27 + segments + bodyLen;
  if (offset + total > end) throw new StripFailure('The Ogg stream is truncated.');
  const raw = Buffer.from(await win.get(offset, total));
  const stored = raw.readUInt32LE(22);
  raw.writeUInt32LE(0, 22);
  const crc = oggCrc(raw);
  raw.writeUInt32LE(stored, 22);
  if (crc !== stored) throw new StripFailure('The Ogg stream is damaged: a page checksum does not match.');
  return { flags: raw[5] ?? 0, serial: raw.readUInt32LE(14), seq: raw.readUInt32LE(18), lacing, raw, body: raw.subarray(27 + segments) };
}

function buildPage(flags: number, granule: bigint, serial: number, seq: number, lacing: readonly number[], body: Buffer): Buffer {
  const head = Buffer.alloc(27 + lacing.length);
  head.write('OggS', 0, 'latin1');
  head[5] = flags;
  head.writeBigUInt64LE(BigInt.asUintN(64, granule), 6);
  head.writeUInt32LE(serial, 14);
  head.writeUInt32LE(seq >>> 0, 18);
  head[26] = lacing.length;
  head.set(lacing, 27);
  const page = Buffer.concat([head, body]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** Header packets on fresh pages (at most 255 segments each), the last one ending on a page boundary. */
function paginate(packets: readonly Buffer[], serial: number, firstSeq: number, eosOnLast: boolean): Buffer[] {
  type Segment = { bytes: Buffer; ends: boolean };
  const segments: Segment[] = [];
  for (const packet of packets) {
    let at = 0;
    while (packet.length - at >= 255) {
      segments.push({ bytes: packet.subarray(at, at + 255), ends: false });
      at += 255;
    }
    segments.push({ bytes: packet.subarray(at), ends: true });
  }
  const pages: Buffer[] = [];
  let continued = false;
  for (let i = 0; i < segments.length; i += 255) {
    const group = segments.slice(i, i + 255);
    const last = i + 255 >= segments.length;
    const anyEnds = group.some((s) => s.ends);
    const flags = (continued ? FLAG_CONTINUED : 0) | (last && eosOnLast ? FLAG_EOS : 0);
    // Header packets have granule position 0; a page on which no packet ends has -1.
    pages.push(buildPage(flags, anyEnds ? 0n : -1n, serial, firstSeq + pages.length, group.map((s) => s.bytes.length), Buffer.concat(group.map((s) => s.bytes))));
    continued = !(group[group.length - 1]?.ends ?? true);
  }
  return pages;
}

type Codec = 'vorbis' | 'opus';

function identify(packet: Buffer): Codec {
  if (packet.length >= 7 && packet[0] === 1 && packet.toString('latin1', 1, 7) === 'vorbis') return 'vorbis';
  if (packet.toString('latin1', 0, 8) === 'OpusHead') return 'opus';
  if (packet.toString('latin1', 0, 8) === 'Speex   ') throw new StripUnsupported('Ogg Speex is not supported.');
  if (packet.length >= 5 && packet[0] === 0x7f && packet.toString('latin1', 1, 5) === 'FLAC') throw new StripUnsupported('FLAC in Ogg is not supported.');
  if (packet.toString('latin1', 0, 8) === 'fishead\0') throw new StripUnsupported('Ogg files with a Skeleton stream are not supported.');
  throw new StripUnsupported('This Ogg stream holds a codec that is not supported.');
}

function commentEntries(codec: Codec, packet: Buffer): RemovedEntry[] {
  if (codec === 'vorbis') {
    if (packet.length < 7 || packet[0] !== 3 || packet.toString('latin1', 1, 7) !== 'vorbis') throw new StripFailure('The Vorbis comment header is missing or damaged.');
    return readVorbisComment(packet, 7, 'Vorbis').entries;
  }
  if (packet.toString('latin1', 0, 8) !== 'OpusTags') throw new StripFailure('The Opus comment header is missing or damaged.');
  const comment = readVorbisComment(packet, 8, 'Opus');
  const rest = packet.subarray(comment.end);
  // Bytes after the comments are binary metadata when the first one has its low bit set.
  if (rest.length > 0 && ((rest[0] ?? 0) & 1) === 1) return [...comment.entries, { name: 'Opus:BinaryData', value: describeBytes(rest) }];
  return comment.entries;
}

function emptyComment(codec: Codec): Buffer {
  const vendor = Buffer.from(NEUTRAL_VENDOR, 'utf8');
  const lengths = Buffer.alloc(4);
  lengths.writeUInt32LE(vendor.length, 0);
  const none = Buffer.alloc(4);
  if (codec === 'opus') return Buffer.concat([Buffer.from('OpusTags', 'latin1'), lengths, vendor, none]);
  return Buffer.concat([Buffer.from([3]), Buffer.from('vorbis', 'latin1'), lengths, vendor, none, Buffer.from([1])]);
}

/** Length of the identification header as its own fields define it; bytes past that are not structure. */
function identLength(codec: Codec, packet: Buffer): number {
  if (codec === 'vorbis') return 30;
  // OpusHead: 19 bytes, plus the channel mapping table (2 + channel count) for mapping families other than 0.
  return packet[18] === 0 ? 19 : 21 + (packet[9] ?? 0);
}

/** True when the page holds exactly one packet, complete, starting on the page. */
function singlePacket(page: Page): boolean {
  if ((page.flags & FLAG_CONTINUED) !== 0 || page.lacing.length === 0) return false;
  for (let i = 0; i < page.lacing.length - 1; i++) if (page.lacing[i] !== 255) return false;
  return (page.lacing[page.lacing.length - 1] ?? 255) < 255;
}

export const oggStripper: FormatStripper = {
  name: 'ogg',
  mediaTypes: ['audio/ogg', 'audio/opus'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const win = new SourceWindow(src);
    const tail = await trailingTags(win, 0, src.size);
    const end = tail.end;
    const removed: RemovedEntry[] = [];
    const out = new HashingWriter(sink);
    const original = createHash('sha256');
    const copy = createHash('sha256');
    const methods = new Set<Codec>();

    let offset = 0;
    let first: Page | undefined = await readPage(win, 0, end);
    while (first !== undefined) {
      // One link of a (possibly chained) file: identification page, header pages, audio pages.
      const ident = first;
      offset += ident.raw.length;
      if ((ident.flags & FLAG_BOS) === 0 || !singlePacket(ident)) throw new StripFailure('The Ogg stream does not start with an identification page.');
      const codec = identify(ident.body);
      methods.add(codec);
      const serial = ident.serial;
      const structural = identLength(codec, ident.body);
      if (ident.body.length < structural) throw new StripFailure('The Ogg identification header is damaged.');
      if (ident.body.length > structural) {
        const extra = ident.body.subarray(structural);
        removed.push({ name: codec === 'vorbis' ? 'Vorbis:HeaderExtra' : 'Opus:HeaderExtra', value: describeBytes(extra) });
        const body = ident.body.subarray(0, structural);
        const lacing = [...Array<number>(Math.floor(body.length / 255)).fill(255), body.length % 255];
        await out.write(buildPage(ident.flags, ident.raw.readBigUInt64LE(6), serial, ident.seq, lacing, body));
      } else {
        await out.write(ident.raw);
      }

      const need = codec === 'vorbis' ? 2 : 1;
      const packets: Buffer[] = [];
      let partial: Buffer[] = [];
      let headerPages = 0;
      let eos = (ident.flags & FLAG_EOS) !== 0;
      while (packets.length < need) {
        if (eos || offset >= end) throw new StripFailure('The Ogg stream is truncated inside its headers.');
        const page = await readPage(win, offset, end);
        if (page.serial !== serial) throw new StripUnsupported('Ogg files with several streams at once are not supported.');
        if ((page.flags & FLAG_BOS) !== 0) throw new StripFailure('The Ogg stream is damaged.');
        if (((page.flags & FLAG_CONTINUED) !== 0) !== (partial.length > 0)) throw new StripFailure('The Ogg stream is damaged: a header packet is broken.');
        offset += page.raw.length;
        headerPages++;
        eos = (page.flags & FLAG_EOS) !== 0;
        let at = 0;
        for (let i = 0; i < page.lacing.length; i++) {
          const len = page.lacing[i] ?? 0;
          if (packets.length === need) throw new StripUnsupported('Audio data shares a page with the Ogg headers.');
          partial.push(page.body.subarray(at, at + len));
          at += len;
          if (len < 255) {
            packets.push(Buffer.concat(partial));
            partial = [];
          }
        }
      }

      const [comment, setup] = packets as [Buffer, Buffer | undefined];
      removed.push(...commentEntries(codec, comment));
      if (codec === 'vorbis' && (setup === undefined || setup[0] !== 5 || setup.toString('latin1', 1, 7) !== 'vorbis')) {
        throw new StripFailure('The Vorbis setup header is missing or damaged.');
      }
      const rebuilt = paginate(setup === undefined ? [emptyComment(codec)] : [emptyComment(codec), setup], serial, ident.seq + 1, eos);
      for (const page of rebuilt) await out.write(page);
      const shift = rebuilt.length - headerPages;

      first = undefined;
      while (offset < end) {
        const page = await readPage(win, offset, end);
        if (page.serial !== serial || (page.flags & FLAG_BOS) !== 0) {
          if ((page.flags & FLAG_BOS) !== 0 && eos && page.serial !== serial) {
            first = page; // the next link of a chained file
            break;
          }
          throw new StripUnsupported('Ogg files with several streams at once are not supported.');
        }
        if (eos) throw new StripFailure('The Ogg stream is damaged: pages after its end.');
        offset += page.raw.length;
        eos = (page.flags & FLAG_EOS) !== 0;
        original.update(page.body);
        const written = shift === 0 ? page.raw : buildPage(page.flags, page.raw.readBigUInt64LE(6), serial, page.seq + shift, [...page.lacing], page.body);
        copy.update(written.subarray(27 + page.lacing.length));
        await out.write(written);
      }
    }
    await out.flush();
    removed.push(...tail.removed);

    const originalHash = original.digest('hex');
    const copyHash = copy.digest('hex');
    return {
      method: `ogg-${[...methods].join('+')}-comment`,
      removed,
      proof: { kind: 'media-data', original: originalHash, copy: copyHash, identical: originalHash === copyHash },
    };
  },
};
