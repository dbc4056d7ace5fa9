/**
 * MP4, MOV, M4A and 3GP: strips identifying metadata by rewriting boxes in place, never by remuxing.
 *
 * Sample tables (stco/co64, trun) locate media by absolute file offset, so nothing may move: a removed
 * box becomes a `free` box of the same size with a zero-filled payload, dates are zeroed where they
 * stand and handler names are overwritten with zero bytes. The copy has exactly the original's size.
 * Only the movie box and fragment headers are held in memory (the movie box up to 256 MiB); media
 * data boxes, often larger than a gibibyte, are streamed through untouched and hashed on both sides.
 *
 * Identifying data that lives in samples rather than boxes (timed-metadata tracks such as GPS
 * telemetry or Apple `mebx`, and timecode tracks that carry the time of day) is zeroed in place in
 * the media data; everything else in the media data is passed through byte for byte.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ByteSink, ByteSource, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure, StripUnsupported } from '../types.ts';

/** The largest movie or fragment header we hold in memory. */
const MAX_HEADER_BOX = 256 * 1024 * 1024;
/** How much of a removed top-level box we read to describe it; the rest is zero-filled unseen. */
const MAX_DESCRIBE = 4 * 1024 * 1024;
const ZEROS = Buffer.alloc(1 << 20);
const MAX_VALUE = 200;
/** Seconds from the QuickTime/ISO epoch (1904-01-01) to the Unix epoch. */
const EPOCH_1904 = 2082844800;

const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';
/** PIFF (Smooth Streaming) boxes that carry decryption and timing structure, not metadata. */
const PIFF_UUIDS = new Set([
  'a2394f525a9b4f14a2446c427c648df4', // sample encryption
  '8974dbce7be74c5184f97148f9882554', // track encryption
  'd08a4f1810f34a82b6c832d8aba183d3', // protection system header
  '6d1d9b0542d544e680e2141daff757b2', // tfxd
  'd4807ef2ca3946958e5426cb9e46a79f', // tfrf
]);

/** Boxes that are pure structure, per container. Anything else in a walked container is removed. */
const KEEP: Readonly<Record<string, ReadonlySet<string>>> = {
  top: new Set(['ftyp', 'styp', 'pdin', 'sidx', 'ssix', 'mfra']),
  moov: new Set(['iods', 'pssh', 'prfl', 'clip', 'ctab', 'meco', 'ipmc']),
  trak: new Set(['tref', 'trgr', 'edts', 'load', 'imap', 'matt', 'kmat', 'clip', 'txas', 'tapt']),
  mdia: new Set(['elng', 'imap']),
  minf: new Set(['vmhd', 'smhd', 'hmhd', 'nmhd', 'sthd', 'gmhd']),
  stbl: new Set(['stts', 'ctts', 'cslg', 'stss', 'stps', 'stsh', 'sdtp', 'padb', 'stdp', 'sbgp', 'sgpd', 'subs', 'saiz', 'saio']),
  mvex: new Set(['mehd', 'leva', 'trep']),
  moof: new Set(['mfhd', 'pssh']),
  traf: new Set(['tfdt', 'sbgp', 'sgpd', 'subs', 'saiz', 'saio', 'senc', 'sdtp']),
};
const FREE_TYPES = new Set(['free', 'skip', 'wide']);
/** Track handlers and sample formats whose samples are metadata (telemetry, time of day), not content. */
const METADATA_HANDLERS = new Set(['meta', 'tmcd', 'camm']);
const METADATA_FORMATS = new Set(['mebx', 'gpmd', 'camm', 'rtmd', 'tmcd', 'mett', 'metx', 'urim', 'fdsc']);
/** ftyp brands of image and raw-photo files, which other strippers handle. */
const IMAGE_BRANDS = new Set(['avif', 'avis', 'heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'crx ']);

const fail = (reason: string): never => {
  throw new StripFailure(reason);
};
const unsupported = (reason: string): never => {
  throw new StripUnsupported(reason);
};

// ---------------------------------------------------------------------------------------------
// Boxes

interface Box {
  type: string;
  /** Offset of the box in the buffer it was parsed from. */
  pos: number;
  size: number;
  /** Header length including a 64-bit size and a uuid's usertype. */
  header: number;
  /** Header length up to the end of the size fields: where a `free` payload starts. */
  sizeHeader: number;
  usertype: string | undefined;
}

const payloadStart = (b: Box): number => b.pos + b.header;
const boxEnd = (b: Box): number => b.pos + b.size;

/** Parses the box at `pos`; `end` is where its parent ends (it may lie past the buffer for top-level reads). */
function parseBox(buf: Buffer, pos: number, end: number): Box {
  if (end - pos < 8 || pos + 8 > buf.length) fail('A box header is cut off.');
  const size32 = buf.readUInt32BE(pos);
  const type = buf.toString('latin1', pos + 4, pos + 8);
  let sizeHeader = 8;
  let size: number;
  if (size32 === 1) {
    if (end - pos < 16 || pos + 16 > buf.length) fail('A 64-bit box header is cut off.');
    const big = buf.readBigUInt64BE(pos + 8);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) fail('A box claims an impossible size.');
    size = Number(big);
    sizeHeader = 16;
  } else if (size32 === 0) {
    size = end - pos; // to the end of the file (top level) or of the parent
  } else {
    size = size32;
  }
  let header = sizeHeader;
  let usertype: string | undefined;
  if (type === 'uuid') {
    header += 16;
    if (size >= header && pos + header <= buf.length) usertype = buf.toString('hex', pos + sizeHeader, pos + header);
  }
  if (size < header) fail('A box is smaller than its own header.');
  if (size > end - pos) fail('A box claims more bytes than its container holds.');
  if (type === 'uuid' && usertype === undefined) fail('A uuid box header is cut off.');
  return { type, pos, size, header, sizeHeader, usertype };
}

/** The child boxes of [start, end). A few trailing zero bytes (an old QuickTime terminator) end the list. */
function children(buf: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let pos = start;
  while (pos < end) {
    if (end - pos < 8) {
      for (let i = pos; i < end; i++) if (buf[i] !== 0) fail('Stray bytes follow the last box in a container.');
      break;
    }
    const box = parseBox(buf, pos, end);
    out.push(box);
    pos += box.size;
  }
  return out;
}

function need(box: Box, bytes: number, what: string): void {
  if (box.size - box.header < bytes) fail(`The ${what} box is too short.`);
}

/** Turns a box into `free` of the same size and zero-fills everything after its size fields. */
function blankBox(buf: Buffer, box: Box): void {
  buf.write('free', box.pos + 4, 'latin1');
  buf.fill(0, box.pos + box.sizeHeader, boxEnd(box));
}

// ---------------------------------------------------------------------------------------------
// Describing what is removed (best effort: a value that cannot be decoded is reported by size)

function clip(text: string): string {
  const clean = Array.from(text, (c) => (isControl(c.charCodeAt(0)) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > MAX_VALUE ? `${clean.slice(0, MAX_VALUE - 1)}…` : clean;
}

const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code < 0xa0);
const beforeNul = (text: string): string => (text.includes('\0') ? text.slice(0, text.indexOf('\0')) : text);

function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16be(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

function decodeUtf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  swapped.swap16();
  return swapped.toString('utf16le');
}

function isMostlyText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x80) printable++;
  return printable / bytes.length >= 0.9;
}

function describeBytes(bytes: Buffer, total = bytes.length): string {
  const text = isMostlyText(bytes) ? clip(bytes.toString('utf8')) : '';
  return text !== '' ? text : `<${total} bytes>`;
}

/** The text and attribute values of an XMP packet, as `name=value` pairs. */
function describeXmp(bytes: Buffer): string {
  const xml = bytes.toString('utf8').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const parts: string[] = [];
  for (const m of xml.matchAll(/\s([A-Za-z][\w.-]*:[\w.-]+)=(?:"([^"]*)"|'([^']*)')/g)) {
    const [, name = '', double, single] = m;
    const value = double ?? single ?? '';
    if (!/^(xmlns|rdf|x):/.test(name) && value.trim() !== '') parts.push(`${name}=${value.trim()}`);
  }
  // Text nodes, named by the nearest enclosing property (rdf:Seq/rdf:li are only containers).
  const open: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w.-]*:[\w.-]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const [, closing, tag, selfClosing, text] = m;
    if (tag !== undefined) {
      if (closing === '/') open.pop();
      else if (selfClosing !== '/') open.push(tag);
    } else if (text !== undefined && text.trim() !== '') {
      const property = [...open].reverse().find((t) => !/^(rdf|x):/.test(t)) ?? open[open.length - 1] ?? 'text';
      parts.push(`${property}=${text.trim()}`);
    }
  }
  return parts.length > 0 ? clip(parts.join('; ')) : describeBytes(bytes);
}

function isoDate(seconds1904: number): string {
  const unix = seconds1904 - EPOCH_1904;
  const date = new Date(unix * 1000);
  return Number.isFinite(date.getTime()) && unix > -EPOCH_1904 ? date.toISOString().replace('.000Z', 'Z') : String(seconds1904);
}

const fixed16 = (v: number): string => (v / 65536).toFixed(4);

/** 3GPP `loci`: name, role, longitude, latitude, altitude (16.16 fixed point), body, notes. */
function describeLoci(buf: Buffer, start: number, end: number): string {
  let at = start + 6; // version/flags, language
  const cstr = (): string => {
    const utf16 = buf[at] === 0xfe && buf[at + 1] === 0xff;
    let stop = at;
    if (utf16) {
      while (stop + 1 < end && !(buf[stop] === 0 && buf[stop + 1] === 0)) stop += 2;
    } else {
      while (stop < end && buf[stop] !== 0) stop++;
    }
    const s = decodeText(buf.subarray(at, stop));
    at = Math.min(end, stop + (utf16 ? 2 : 1));
    return s;
  };
  const name = cstr();
  at += 1; // role
  if (at + 12 > end) return describeBytes(buf.subarray(start, end));
  const lon = buf.readInt32BE(at);
  const lat = buf.readInt32BE(at + 4);
  const alt = buf.readInt32BE(at + 8);
  at += 12;
  const body = cstr();
  const notes = cstr();
  const extras = [name && `name=${name}`, body && `body=${body}`, notes && `notes=${notes}`].filter(Boolean);
  return clip([`lat=${fixed16(lat)} lon=${fixed16(lon)} alt=${fixed16(alt)}`, ...extras].join(' '));
}

const ITEM_NAMES: Readonly<Record<string, string>> = {
  '©nam': 'Title',
  '©ART': 'Artist',
  aART: 'AlbumArtist',
  '©alb': 'Album',
  '©cmt': 'Comment',
  '©day': 'ContentCreateDate',
  '©too': 'Encoder',
  '©enc': 'EncodedBy',
  '©wrt': 'Composer',
  '©aut': 'Author',
  '©dir': 'Director',
  '©prd': 'Producer',
  '©gen': 'Genre',
  '©grp': 'Grouping',
  '©lyr': 'Lyrics',
  '©des': 'Description',
  desc: 'Description',
  ldes: 'LongDescription',
  cprt: 'Copyright',
  '©cpy': 'Copyright',
  covr: 'CoverArt',
  '©xyz': 'GPSCoordinates',
  '©mak': 'Make',
  '©mod': 'Model',
  '©swr': 'SoftwareVersion',
  '©inf': 'Information',
  '©req': 'Requirements',
  '©fmt': 'Format',
  '©src': 'Source',
  '©com': 'Composer',
  '©PRD': 'Product',
  '©key': 'Keywords',
  trkn: 'TrackNumber',
  disk: 'DiskNumber',
  // 3GPP user data
  titl: 'Title',
  auth: 'Author',
  perf: 'Performer',
  dscp: 'Description',
  gnre: 'Genre',
  albm: 'Album',
  yrrc: 'Year',
  kywd: 'Keywords',
  rtng: 'Rating',
  clsf: 'Classification',
  loci: 'LocationInformation',
  name: 'Name',
};
const friendly = (fourcc: string): string => ITEM_NAMES[fourcc] ?? fourcc.replace(/[^\x20-\x7e©]/g, '?');

/** The value of an iTunes-style `data` atom (payload = type indicator, locale, value). */
function describeDataAtom(buf: Buffer, start: number, end: number): string {
  if (end - start < 8) return '';
  const type = buf.readUInt32BE(start) & 0xffffff;
  const value = buf.subarray(start + 8, end);
  switch (type) {
    case 1:
    case 4:
      return clip(value.toString('utf8'));
    case 2:
    case 5:
      return clip(decodeUtf16be(value));
    case 13:
    case 14:
    case 27:
      return `<${type === 13 ? 'JPEG' : type === 14 ? 'PNG' : 'BMP'} image, ${value.length} bytes>`;
    case 21:
    case 22: {
      if (value.length === 0 || value.length > 8) return describeBytes(value);
      let n = 0n;
      for (const b of value) n = (n << 8n) | BigInt(b);
      if (type === 21 && (value[0] ?? 0) >= 0x80) n -= 1n << BigInt(8 * value.length);
      return n.toString();
    }
    case 23:
      return value.length === 4 ? String(value.readFloatBE(0)) : describeBytes(value);
    case 24:
      return value.length === 8 ? String(value.readDoubleBE(0)) : describeBytes(value);
    default:
      if (isMostlyText(value)) return clip(value.toString('utf8'));
      return value.length <= 16 ? value.toString('hex') : `<${value.length} bytes>`;
  }
}

/** A QuickTime user-data text atom: repeated (length, language, text). */
function describeQtText(buf: Buffer, start: number, end: number): string | undefined {
  const texts: string[] = [];
  let at = start;
  while (at + 4 <= end) {
    const len = buf.readUInt16BE(at);
    if (at + 4 + len > end) return undefined;
    texts.push(buf.toString('utf8', at + 4, at + 4 + len));
    at += 4 + len;
  }
  return at === end && texts.length > 0 ? clip(texts.join('; ')) : undefined;
}

/** Where a `meta` box's children start: ISO makes it a FullBox, QuickTime does not. */
function metaChildrenStart(buf: Buffer, box: Box): number {
  const p = payloadStart(box);
  if (boxEnd(box) - p >= 8) {
    const size = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    if (size >= 8 && /^[\x20-\x7e]{4}$/.test(type)) return p;
  }
  return p + 4;
}

function describeIlst(buf: Buffer, ilst: Box, keys: string[], out: RemovedEntry[]): void {
  for (const item of children(buf, payloadStart(ilst), boxEnd(ilst))) {
    const index = buf.readUInt32BE(item.pos + 4);
    const keyName = keys.length > 0 && index >= 1 && index <= keys.length ? keys[index - 1] : undefined;
    let name = keyName !== undefined ? `Keys:${keyName}` : `ItemList:${friendly(item.type)}`;
    const values: string[] = [];
    for (const atom of children(buf, payloadStart(item), boxEnd(item))) {
      if (atom.type === 'data') values.push(describeDataAtom(buf, payloadStart(atom), boxEnd(atom)));
      else if (atom.type === 'name' && item.type === '----') name = `ItemList:${clip(buf.toString('utf8', payloadStart(atom) + 4, boxEnd(atom)))}`;
    }
    out.push({ name, value: clip(values.join('; ')) });
  }
}

function describeMeta(buf: Buffer, meta: Box, out: RemovedEntry[]): void {
  const boxes = children(buf, metaChildrenStart(buf, meta), boxEnd(meta));
  const keys: string[] = [];
  for (const box of boxes) {
    if (box.type !== 'keys') continue;
    let at = payloadStart(box) + 8; // version/flags, entry count
    while (at + 8 <= boxEnd(box)) {
      const size = buf.readUInt32BE(at);
      if (size < 8 || at + size > boxEnd(box)) break;
      keys.push(clip(buf.toString('utf8', at + 8, at + size)));
      at += size;
    }
  }
  for (const box of boxes) {
    if (box.type === 'hdlr' || box.type === 'keys' || FREE_TYPES.has(box.type)) continue;
    if (box.type === 'ilst') describeIlst(buf, box, keys, out);
    else if (box.type === 'xml ' || box.type === 'XMP_') out.push({ name: 'XMP:Packet', value: describeXmp(buf.subarray(payloadStart(box) + 4, boxEnd(box))) });
    else out.push({ name: `Meta:${friendly(box.type)}`, value: describeBytes(buf.subarray(payloadStart(box), boxEnd(box))) });
  }
}

function describeUuid(buf: Buffer, box: Box): RemovedEntry {
  const bytes = buf.subarray(payloadStart(box), boxEnd(box));
  if (box.usertype === XMP_UUID) return { name: 'XMP:Packet', value: describeXmp(bytes) };
  return { name: `UUID:${box.usertype ?? ''}`, value: describeBytes(bytes) };
}

/** One user-data atom (moov/udta, trak/udta children), or another removed box (group QuickTime). */
function describeUserDataAtom(buf: Buffer, box: Box, out: RemovedEntry[], group = 'UserData'): void {
  const start = payloadStart(box);
  const end = boxEnd(box);
  const name = `${group}:${friendly(box.type)}`;
  if (box.type === 'meta') return describeMeta(buf, box, out);
  if (box.type === 'uuid') return void out.push(describeUuid(buf, box));
  if (box.type === 'XMP_') return void out.push({ name: 'XMP:Packet', value: describeXmp(buf.subarray(start, end)) });
  if (box.type === 'loci') return void out.push({ name, value: describeLoci(buf, start, end) });
  if (FREE_TYPES.has(box.type)) return;
  if (box.type.startsWith('©')) {
    if (end - start >= 8 && buf.toString('latin1', start + 4, start + 8) === 'data') {
      const values = children(buf, start, end)
        .filter((a) => a.type === 'data')
        .map((a) => describeDataAtom(buf, payloadStart(a), boxEnd(a)));
      return void out.push({ name, value: clip(values.join('; ')) });
    }
    const text = describeQtText(buf, start, end);
    if (text !== undefined) return void out.push({ name, value: text });
  }
  if (['titl', 'auth', 'perf', 'dscp', 'cprt', 'gnre', 'albm', 'kywd', 'rtng', 'clsf'].includes(box.type) && end - start > 6) {
    return void out.push({ name, value: clip(beforeNul(decodeText(buf.subarray(start + 6, end)))) });
  }
  if (box.type === 'yrrc' && end - start >= 8) return void out.push({ name, value: String(buf.readUInt16BE(start + 6)) });
  out.push({ name, value: describeBytes(buf.subarray(start, end)) });
}

/** Reports the contents of a box about to be removed; never throws. */
function describeRemoved(buf: Buffer, box: Box, out: RemovedEntry[]): void {
  const found: RemovedEntry[] = [];
  try {
    if (box.type === 'udta') for (const atom of children(buf, payloadStart(box), boxEnd(box))) describeUserDataAtom(buf, atom, found);
    else describeUserDataAtom(buf, box, found, 'QuickTime');
  } catch {
    found.length = 0;
  }
  if (found.length === 0 && box.size > box.header && !isAllZero(buf, payloadStart(box), boxEnd(box))) {
    found.push({ name: `QuickTime:${friendly(box.type)}`, value: describeBytes(buf.subarray(payloadStart(box), Math.min(boxEnd(box), buf.length)), box.size - box.header) });
  }
  out.push(...found);
}

function isAllZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < Math.min(end, buf.length); i++) if (buf[i] !== 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The movie box

interface SampleTable {
  /** Chunk offsets: a view into the movie buffer. */
  chunkOffsets: { at: number; count: number; wide: boolean } | undefined;
  stsc: { at: number; count: number } | undefined;
  /** Constant sample size, or a per-sample table of `bits`-wide entries. */
  sizes: { constant: number; count: number; at: number; bits: number } | undefined;
}

interface Track {
  id: number;
  handler: string;
  format: string;
  table: SampleTable;
  /** Timecode entry parameters, for reporting the time of day a timecode track carries. */
  timecode: { timescale: number; frameDuration: number; frames: number } | undefined;
}

interface Movie {
  buf: Buffer;
  tracks: Map<number, Track>;
  /** trex default sample sizes by track ID, for fragments. */
  defaultSizes: Map<number, number>;
}

class Rewriter {
  readonly removed: RemovedEntry[] = [];
  readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }

  remove(box: Box): void {
    describeRemoved(this.buf, box, this.removed);
    blankBox(this.buf, box);
  }

  wipeFree(box: Box): void {
    if (!isAllZero(this.buf, box.pos + box.sizeHeader, boxEnd(box))) {
      this.removed.push({ name: 'QuickTime:FreeSpace', value: describeBytes(this.buf.subarray(payloadStart(box), boxEnd(box))) });
    }
    this.buf.fill(0, box.pos + box.sizeHeader, boxEnd(box));
  }

  /**
   * The common policy for a child of a walked container: keep known structure, blank free space,
   * remove metadata (udta, meta, XMP and other uuid boxes) and anything unknown.
   */
  handleOther(box: Box, container: string): void {
    if (FREE_TYPES.has(box.type)) this.wipeFree(box);
    else if (box.type === 'uuid' && box.usertype !== undefined && PIFF_UUIDS.has(box.usertype)) return;
    else if (KEEP[container]?.has(box.type) !== true) this.remove(box);
  }

  /** Zeroes creation and modification times of mvhd/tkhd/mdhd (version 0: 32-bit, version 1: 64-bit). */
  zeroTimes(box: Box, label: string): void {
    const p = payloadStart(box);
    need(box, 4, box.type);
    const version = this.buf[p];
    const width = version === 1 ? 8 : version === 0 ? 4 : unsupported(`A ${box.type} box has an unknown version.`);
    need(box, 4 + 2 * width, box.type);
    for (const [i, field] of ['CreateDate', 'ModifyDate'].entries()) {
      const at = p + 4 + i * width;
      const t = width === 8 ? Number(this.buf.readBigUInt64BE(at)) : this.buf.readUInt32BE(at);
      if (t !== 0) this.removed.push({ name: `QuickTime:${label}${field}`, value: isoDate(t) });
      this.buf.fill(0, at, at + width);
    }
  }

  /** Overwrites a handler name with zero bytes; returns the handler type. */
  blankHandlerName(box: Box): string {
    const p = payloadStart(box);
    need(box, 12, 'hdlr');
    const handler = this.buf.toString('latin1', p + 8, p + 12);
    const nameStart = p + 24;
    if (nameStart < boxEnd(box) && !isAllZero(this.buf, nameStart, boxEnd(box))) {
      const raw = this.buf.subarray(nameStart, boxEnd(box));
      const first = raw[0] ?? 0;
      // QuickTime writes a Pascal string (length byte first), ISO a C string.
      const pascal = first > 0 && first < raw.length && first < 0x20;
      const name = pascal ? raw.subarray(1, 1 + first) : raw.subarray(0, raw.indexOf(0) >= 0 ? raw.indexOf(0) : raw.length);
      this.removed.push({ name: 'QuickTime:HandlerDescription', value: clip(name.toString('utf8')) });
      this.buf.fill(0, nameStart, boxEnd(box));
    }
    return handler;
  }
}

function parseMovie(buf: Buffer, moov: Box): { movie: Movie; removed: RemovedEntry[] } {
  const rw = new Rewriter(buf);
  const movie: Movie = { buf, tracks: new Map(), defaultSizes: new Map() };
  for (const box of children(buf, payloadStart(moov), boxEnd(moov))) {
    switch (box.type) {
      case 'mvhd':
        rw.zeroTimes(box, '');
        break;
      case 'trak': {
        const track = parseTrack(rw, box);
        if (movie.tracks.has(track.id)) fail('Two tracks share one track ID.');
        movie.tracks.set(track.id, track);
        break;
      }
      case 'mvex':
        for (const child of children(buf, payloadStart(box), boxEnd(box))) {
          if (child.type === 'trex') {
            need(child, 24, 'trex');
            const p = payloadStart(child);
            movie.defaultSizes.set(buf.readUInt32BE(p + 4), buf.readUInt32BE(p + 16));
          } else rw.handleOther(child, 'mvex');
        }
        break;
      case 'cmov':
        unsupported('The movie header is compressed.');
        break;
      case 'rmra':
        unsupported('This is a reference movie that points to other files.');
        break;
      default:
        rw.handleOther(box, 'moov');
    }
  }
  return { movie, removed: rw.removed };
}

function parseTrack(rw: Rewriter, trak: Box): Track {
  const buf = rw.buf;
  const track: Track = { id: -1, handler: '', format: '', table: { chunkOffsets: undefined, stsc: undefined, sizes: undefined }, timecode: undefined };
  for (const box of children(buf, payloadStart(trak), boxEnd(trak))) {
    if (box.type === 'tkhd') {
      rw.zeroTimes(box, 'Track');
      const p = payloadStart(box);
      const idAt = p + (buf[p] === 1 ? 20 : 12);
      need(box, idAt + 4 - p, 'tkhd');
      track.id = buf.readUInt32BE(idAt);
    } else if (box.type === 'mdia') {
      parseMedia(rw, box, track);
    } else rw.handleOther(box, 'trak');
  }
  if (track.id < 0) fail('A track has no track header.');
  return track;
}

function parseMedia(rw: Rewriter, mdia: Box, track: Track): void {
  const buf = rw.buf;
  for (const box of children(buf, payloadStart(mdia), boxEnd(mdia))) {
    if (box.type === 'mdhd') rw.zeroTimes(box, 'Media');
    else if (box.type === 'hdlr') track.handler = rw.blankHandlerName(box);
    else if (box.type === 'minf') {
      for (const child of children(buf, payloadStart(box), boxEnd(box))) {
        if (child.type === 'hdlr') rw.blankHandlerName(child);
        else if (child.type === 'dinf') checkDataReferences(rw, child);
        else if (child.type === 'stbl') parseSampleTable(rw, child, track);
        else rw.handleOther(child, 'minf');
      }
    } else rw.handleOther(box, 'mdia');
  }
}

/** Media must be in this file: a reference to another file (URL or alias record) is refused. */
function checkDataReferences(rw: Rewriter, dinf: Box): void {
  const buf = rw.buf;
  for (const box of children(buf, payloadStart(dinf), boxEnd(dinf))) {
    if (box.type !== 'dref') {
      rw.handleOther(box, 'dinf');
      continue;
    }
    need(box, 8, 'dref');
    for (const entry of children(buf, payloadStart(box) + 8, boxEnd(box))) {
      need(entry, 4, 'data reference');
      if ((buf.readUInt32BE(payloadStart(entry)) & 1) === 0) unsupported('The movie refers to media stored in other files.');
    }
  }
}

function parseSampleTable(rw: Rewriter, stbl: Box, track: Track): void {
  const buf = rw.buf;
  const t = track.table;
  for (const box of children(buf, payloadStart(stbl), boxEnd(stbl))) {
    const p = payloadStart(box);
    const len = box.size - box.header;
    switch (box.type) {
      case 'stsd':
        parseSampleDescriptions(rw, box, track);
        break;
      case 'stco':
      case 'co64': {
        need(box, 8, box.type);
        const wide = box.type === 'co64';
        const count = buf.readUInt32BE(p + 4);
        if (count > (len - 8) / (wide ? 8 : 4)) fail('A chunk offset table is cut off.');
        if (t.chunkOffsets !== undefined) fail('A track has two chunk offset tables.');
        t.chunkOffsets = { at: p + 8, count, wide };
        break;
      }
      case 'stsc': {
        need(box, 8, 'stsc');
        const count = buf.readUInt32BE(p + 4);
        if (count > (len - 8) / 12) fail('A sample-to-chunk table is cut off.');
        t.stsc = { at: p + 8, count };
        break;
      }
      case 'stsz': {
        need(box, 12, 'stsz');
        const constant = buf.readUInt32BE(p + 4);
        const count = buf.readUInt32BE(p + 8);
        if (constant === 0 && count > (len - 12) / 4) fail('A sample size table is cut off.');
        t.sizes = { constant, count, at: p + 12, bits: 32 };
        break;
      }
      case 'stz2': {
        need(box, 12, 'stz2');
        const bits = buf[p + 7] ?? 0;
        if (bits !== 4 && bits !== 8 && bits !== 16) fail('A compact sample size table has an invalid field size.');
        const count = buf.readUInt32BE(p + 8);
        if (Math.ceil((count * bits) / 8) > len - 12) fail('A compact sample size table is cut off.');
        t.sizes = { constant: 0, count, at: p + 12, bits };
        break;
      }
      default:
        rw.handleOther(box, 'stbl');
    }
  }
}

/** Records the sample format and blanks writer identification in visual and sound sample entries. */
function parseSampleDescriptions(rw: Rewriter, stsd: Box, track: Track): void {
  const buf = rw.buf;
  need(stsd, 8, 'stsd');
  for (const entry of children(buf, payloadStart(stsd) + 8, boxEnd(stsd))) {
    if (track.format === '') track.format = entry.type;
    if (entry.header !== 8) continue;
    const e = entry.pos;
    if ((track.handler === 'vide' || track.handler === 'soun') && entry.size >= 24) {
      // QuickTime: version, revision, vendor. ISO: reserved, so zero already.
      const vendor = buf.subarray(e + 20, e + 24);
      if (!isAllZero(vendor, 0, 4)) rw.removed.push({ name: 'QuickTime:VendorID', value: clip(vendor.toString('latin1')) });
      vendor.fill(0);
    }
    if (track.handler === 'vide' && entry.size >= 82) {
      const name = buf.subarray(e + 50, e + 82);
      if (!isAllZero(name, 0, 32)) {
        const n = Math.min(name[0] ?? 0, 31);
        rw.removed.push({ name: 'QuickTime:CompressorName', value: clip(name.toString('utf8', 1, 1 + n)) });
      }
      name.fill(0);
    }
    if (entry.type === 'tmcd' && entry.size >= 34) {
      track.timecode = { timescale: buf.readUInt32BE(e + 24), frameDuration: buf.readUInt32BE(e + 28), frames: buf[e + 32] ?? 0 };
      // A QuickTime timecode entry may name the source reel (often a camera or card name).
      if (entry.size > 42) {
        try {
          for (const child of children(buf, e + 34, boxEnd(entry))) if (child.type === 'name') rw.remove(child);
        } catch {
          // Not a box list: nothing named here.
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Where the samples are

interface Range {
  start: number;
  end: number;
}

interface Layout {
  /** Payload ranges of the top-level media data boxes, in file order. */
  mdats: Range[];
  fileSize: number;
}

/** The media data box holding [start, end), or a refusal: samples must lie inside media data. */
function checkInMediaData(layout: Layout, start: number, end: number, startOnly: boolean): void {
  if (end === start) return;
  let lo = 0;
  let hi = layout.mdats.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = layout.mdats[mid];
    if (m === undefined) break;
    if (start < m.start) hi = mid - 1;
    else if (start >= m.end) lo = mid + 1;
    else if (startOnly || end <= m.end) return;
    else break;
  }
  if ((startOnly ? start : end) > layout.fileSize) fail('Sample data lies past the end of the file; it may be truncated.');
  unsupported('Some sample data is stored outside the media data boxes.');
}

/** Byte ranges of each chunk of a (non-fragmented) track, from the chunk offset, sample-to-chunk and size tables. */
function trackChunks(buf: Buffer, track: Track, visit: (start: number, end: number) => void): void {
  const { chunkOffsets, stsc, sizes } = track.table;
  if (chunkOffsets === undefined || chunkOffsets.count === 0) return;
  if (stsc === undefined || sizes === undefined) fail('A track lacks its sample tables.');
  const s = sizes as NonNullable<typeof sizes>;
  const sc = stsc as NonNullable<typeof stsc>;
  const offsetOf = (i: number): number => {
    if (!chunkOffsets.wide) return buf.readUInt32BE(chunkOffsets.at + 4 * i);
    const big = buf.readBigUInt64BE(chunkOffsets.at + 8 * i);
    return big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(big);
  };
  const sizeOf = (i: number): number => {
    if (s.bits === 32) return buf.readUInt32BE(s.at + 4 * i);
    if (s.bits === 16) return buf.readUInt16BE(s.at + 2 * i);
    if (s.bits === 8) return buf[s.at + i] ?? 0;
    const byte = buf[s.at + (i >> 1)] ?? 0;
    return i % 2 === 0 ? byte >> 4 : byte & 15;
  };
  let sample = 0;
  let previousFirst = 0;
  for (let e = 0; e < sc.count; e++) {
    const first = buf.readUInt32BE(sc.at + 12 * e);
    const perChunk = buf.readUInt32BE(sc.at + 12 * e + 4);
    if (first <= previousFirst) fail('A sample-to-chunk table is out of order.');
    previousFirst = first;
    const next = e + 1 < sc.count ? buf.readUInt32BE(sc.at + 12 * (e + 1)) : chunkOffsets.count + 1;
    const last = Math.min(next - 1, chunkOffsets.count);
    for (let c = first; c <= last; c++) {
      const n = Math.max(0, Math.min(perChunk, s.count - sample));
      let length: number;
      if (s.constant !== 0) length = n * s.constant;
      else {
        length = 0;
        for (let i = sample; i < sample + n; i++) length += sizeOf(i);
      }
      sample += n;
      const start = offsetOf(c - 1);
      visit(start, start + length);
    }
  }
}

const isMetadataTrack = (track: Track): boolean => METADATA_HANDLERS.has(track.handler) || METADATA_FORMATS.has(track.format);

/** Sorts and merges ranges. */
function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Refuses when sample data to blank shares bytes with sample data to keep. */
function checkNoOverlap(blank: Range[], keep: Range[]): void {
  const k = merge(keep);
  let j = 0;
  for (const b of blank) {
    while (j < k.length && (k[j]?.end ?? 0) <= b.start) j++;
    const kr = k[j];
    if (kr !== undefined && kr.start < b.end) unsupported('A metadata track shares its sample data with a media track.');
  }
}

interface SamplePlan {
  blank: Range[];
  removed: RemovedEntry[];
}

async function planMovieSamples(src: ByteSource, movie: Movie, layout: Layout): Promise<SamplePlan> {
  const blank: Range[] = [];
  const keep: Range[] = [];
  const removed: RemovedEntry[] = [];
  const anyMetadata = [...movie.tracks.values()].some(isMetadataTrack);
  for (const track of movie.tracks.values()) {
    const metadata = isMetadataTrack(track);
    // Old QuickTime sound counts PCM frames of size 1 in stsz: only the chunk starts are exact.
    const startOnly = !metadata && track.handler === 'soun' && track.table.sizes?.constant === 1;
    const mine: Range[] = [];
    trackChunks(movie.buf, track, (start, end) => {
      checkInMediaData(layout, start, end, startOnly);
      if (metadata) mine.push({ start, end });
      else if (anyMetadata) keep.push({ start, end });
    });
    const bytes = mine.reduce((n, r) => n + r.end - r.start, 0);
    if (bytes > 0) removed.push(await describeMetadataSamples(src, track, mine, bytes));
    blank.push(...mine);
  }
  checkNoOverlap(merge(blank), keep);
  return { blank, removed };
}

async function describeMetadataSamples(src: ByteSource, track: Track, chunks: Range[], bytes: number): Promise<RemovedEntry> {
  const first = chunks.find((r) => r.end - r.start >= 4);
  const tc = track.timecode;
  if (track.format === 'tmcd' && tc !== undefined && first !== undefined && tc.frames > 0) {
    const frame = (await src.read(first.start, 4)).readUInt32BE(0);
    const secs = Math.floor(frame / tc.frames);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return { name: 'QuickTime:TimeCode', value: `${pad(Math.floor(secs / 3600) % 24)}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}:${pad(frame % tc.frames)}` };
  }
  return { name: 'QuickTime:TimedMetadata', value: `${friendly(track.format || track.handler)} track: ${chunks.length} chunks, ${bytes} bytes zeroed` };
}

// ---------------------------------------------------------------------------------------------
// Movie fragments

/** Strips a moof in place and returns the sample data ranges of metadata tracks to blank. */
function stripFragment(buf: Buffer, moofStart: number, movie: Movie, layout: Layout, removed: RemovedEntry[]): Range[] {
  const rw = new Rewriter(buf);
  const moof = parseBox(buf, 0, buf.length);
  const blank: Range[] = [];
  const keep: Range[] = [];
  let previousEnd = moofStart;
  let firstTraf = true;
  for (const box of children(buf, payloadStart(moof), boxEnd(moof))) {
    if (box.type !== 'traf') {
      rw.handleOther(box, 'moof');
      continue;
    }
    let tfhd: { id: number; base: number; defaultSize: number | undefined } | undefined;
    let dataEnd = previousEnd;
    let firstRun = true;
    let metadata = false;
    for (const child of children(buf, payloadStart(box), boxEnd(box))) {
      const p = payloadStart(child);
      if (child.type === 'tfhd') {
        need(child, 8, 'tfhd');
        const flags = buf.readUInt32BE(p) & 0xffffff;
        const id = buf.readUInt32BE(p + 4);
        const track = movie.tracks.get(id) ?? fail('A fragment refers to a track the movie does not declare.');
        metadata = isMetadataTrack(track);
        let at = p + 8;
        let base = flags & 0x20000 || firstTraf ? moofStart : previousEnd;
        if (flags & 0x1) {
          need(child, at + 8 - p, 'tfhd');
          const big = buf.readBigUInt64BE(at);
          base = big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(big);
          at += 8;
        }
        if (flags & 0x2) at += 4;
        if (flags & 0x8) at += 4;
        let defaultSize = movie.defaultSizes.get(id);
        if (flags & 0x10) {
          need(child, at + 4 - p, 'tfhd');
          defaultSize = buf.readUInt32BE(at);
        }
        tfhd = { id, base, defaultSize };
        dataEnd = base;
      } else if (child.type === 'trun') {
        if (tfhd === undefined) fail('A track run comes before its fragment header.');
        const h = tfhd as NonNullable<typeof tfhd>;
        need(child, 8, 'trun');
        const flags = buf.readUInt32BE(p) & 0xffffff;
        const count = buf.readUInt32BE(p + 4);
        let at = p + 8;
        let start = firstRun ? h.base : dataEnd;
        if (flags & 0x1) {
          need(child, at + 4 - p, 'trun');
          start = h.base + buf.readInt32BE(at);
          at += 4;
        }
        if (flags & 0x4) at += 4;
        const fields = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length;
        if (count * fields * 4 > boxEnd(child) - at) fail('A track run is cut off.');
        let length: number;
        if (flags & 0x200) {
          const sizeField = [0x100].filter((f) => flags & f).length;
          length = 0;
          for (let i = 0; i < count; i++) length += buf.readUInt32BE(at + (i * fields + sizeField) * 4);
        } else {
          if (h.defaultSize === undefined) fail('A track run has no sample sizes.');
          length = count * (h.defaultSize ?? 0);
        }
        checkInMediaData(layout, start, start + length, false);
        if (metadata && length > 0) blank.push({ start, end: start + length });
        else keep.push({ start, end: start + length });
        dataEnd = start + length;
        firstRun = false;
      } else rw.handleOther(child, 'traf');
    }
    previousEnd = dataEnd;
    firstTraf = false;
  }
  const merged = merge(blank);
  checkNoOverlap(merged, keep);
  if (merged.length > 0) {
    const bytes = merged.reduce((n, r) => n + r.end - r.start, 0);
    removed.push({ name: 'QuickTime:TimedMetadata', value: `fragment samples: ${bytes} bytes zeroed` });
  }
  removed.push(...rw.removed);
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Output and proof

/** SHA-256 of the media data: the bytes inside media data boxes, less the ranges that were blanked. */
class MediaHash {
  private readonly hash: Hash = createHash('sha256');
  private readonly mdats: Range[];
  private readonly blank: Range[];
  constructor(mdats: Range[], blank: Range[]) {
    this.mdats = mdats;
    this.blank = blank;
  }

  feed(pos: number, bytes: Uint8Array): void {
    const end = pos + bytes.length;
    for (let i = firstEndingAfter(this.mdats, pos); i < this.mdats.length; i++) {
      const m = this.mdats[i];
      if (m === undefined || m.start >= end) break;
      let from = Math.max(pos, m.start);
      const to = Math.min(end, m.end);
      for (let j = firstEndingAfter(this.blank, from); j < this.blank.length && from < to; j++) {
        const b = this.blank[j];
        if (b === undefined || b.start >= to) break;
        if (b.start > from) this.hash.update(bytes.subarray(from - pos, b.start - pos));
        from = Math.max(from, b.end);
      }
      if (from < to) this.hash.update(bytes.subarray(from - pos, to - pos));
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Index of the first range (sorted, disjoint) whose end lies after pos. */
function firstEndingAfter(ranges: Range[], pos: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid]?.end ?? 0) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Writes the copy in order, hashing the media data as it is actually written. */
class Output {
  position = 0;
  private readonly sink: ByteSink;
  private readonly hash: MediaHash;
  constructor(sink: ByteSink, hash: MediaHash) {
    this.sink = sink;
    this.hash = hash;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    this.hash.feed(this.position, bytes);
    this.position += bytes.length;
    await this.sink.write(bytes);
  }

  digest(): string {
    return this.hash.digest();
  }

  async zeros(count: number): Promise<void> {
    for (let left = count; left > 0; left -= ZEROS.length) await this.write(ZEROS.subarray(0, Math.min(left, ZEROS.length)));
  }
}

/** Streams [start, end) of the source through `each`, failing if the source ends early. */
async function stream(src: ByteSource, start: number, end: number, each: (pos: number, chunk: Buffer) => Promise<void>): Promise<void> {
  let pos = start;
  for await (const chunk of src.chunks(start, end)) {
    if (chunk.length === 0) continue;
    await each(pos, chunk);
    pos += chunk.length;
  }
  if (pos !== end) fail('The file ended before its last box did.');
}

// ---------------------------------------------------------------------------------------------
// The stripper

interface TopBox extends Box {
  /** The first bytes of the box (header and a little more). */
  head: Buffer;
}

async function readTopLevel(src: ByteSource): Promise<{ boxes: TopBox[]; trailing: number }> {
  const boxes: TopBox[] = [];
  let at = 0;
  while (at < src.size) {
    const head = Buffer.from(await src.read(at, 32));
    if (src.size - at < 8) {
      if (!isAllZero(head, 0, head.length)) fail('The file ends with a cut-off box.');
      return { boxes, trailing: src.size - at };
    }
    const box = parseBox(head, 0, src.size - at);
    boxes.push({ ...box, pos: at, head });
    at += box.size;
  }
  return { boxes, trailing: 0 };
}

function checkBrands(first: TopBox | undefined): void {
  if (first === undefined) fail('The file is empty.');
  const f = first as TopBox;
  if (f.type !== 'ftyp') return;
  for (let o = 8; o + 4 <= Math.min(f.size, f.head.length); o += 4) {
    if (o === 12) continue; // minor version
    if (IMAGE_BRANDS.has(f.head.toString('latin1', o, o + 4))) unsupported('This is an image container, not a movie.');
  }
}

async function readWhole(src: ByteSource, box: TopBox, what: string): Promise<Buffer> {
  if (box.size > MAX_HEADER_BOX) unsupported(`The ${what} is too large to process in memory.`);
  const bytes = Buffer.from(await src.read(box.pos, box.size)); // a private copy: we edit it
  if (bytes.length !== box.size) fail('The file ended before its last box did.');
  return bytes;
}

async function strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
  const { boxes, trailing } = await readTopLevel(src);
  checkBrands(boxes[0]);
  await checkNotImage(src, boxes);
  const layout: Layout = {
    mdats: boxes.filter((b) => b.type === 'mdat').map((b) => ({ start: b.pos + b.header, end: b.pos + b.size })),
    fileSize: src.size,
  };
  const moovs = boxes.filter((b) => b.type === 'moov');
  if (moovs.length === 0) fail('The file has no movie header (moov box).');
  if (moovs.length > 1) fail('The file has more than one movie header.');
  const moovBox = moovs[0] as TopBox;
  const removed: RemovedEntry[] = [];

  const parsed = parseMovie(await readWhole(src, moovBox, 'movie header'), { ...moovBox, pos: 0 });
  const movie = parsed.movie;
  const plan = await planMovieSamples(src, movie, layout);
  const blank = merge(plan.blank);
  const originalHash = new MediaHash(layout.mdats, blank);
  const out = new Output(sink, new MediaHash(layout.mdats, blank));

  for (const box of boxes) {
    const end = box.pos + box.size;
    if (box.type === 'moov') {
      removed.push(...parsed.removed, ...plan.removed);
      await out.write(movie.buf);
    } else if (box.type === 'mdat') {
      await out.write(box.head.subarray(0, box.header));
      await stream(src, box.pos + box.header, end, async (pos, chunk) => {
        originalHash.feed(pos, chunk);
        await out.write(blankRanges(blank, pos, chunk));
      });
    } else if (box.type === 'moof') {
      const buf = await readWhole(src, box, 'movie fragment header');
      const more = stripFragment(buf, box.pos, movie, layout, removed);
      for (const r of more) {
        if (r.start < out.position) unsupported('A fragment places metadata samples before the fragment itself.');
        insertRange(blank, r);
      }
      await out.write(buf);
    } else if (FREE_TYPES.has(box.type)) {
      await out.write(box.head.subarray(0, box.sizeHeader));
      let dirty = false;
      await stream(src, box.pos + box.sizeHeader, end, async (_pos, chunk) => {
        dirty ||= !isAllZero(chunk, 0, chunk.length);
        await out.zeros(chunk.length);
      });
      if (dirty) removed.push({ name: 'QuickTime:FreeSpace', value: `<${box.size - box.sizeHeader} bytes of leftover data>` });
    } else if (KEEP.top?.has(box.type) === true) {
      await stream(src, box.pos, end, async (_pos, chunk) => out.write(chunk));
    } else {
      await removeTopLevel(src, box, out, removed);
    }
  }
  if (trailing > 0) await out.zeros(trailing);
  if (out.position !== src.size) throw new Error('isobmff: the copy does not have the original size');

  const original = originalHash.digest();
  const copy = out.digest();
  return { method: 'isobmff-in-place', removed, proof: { kind: 'media-data', original, copy, identical: original === copy } };
}

/** A top-level meta with a picture handler is an image (HEIF): removing it would destroy the picture. */
async function checkNotImage(src: ByteSource, boxes: TopBox[]): Promise<void> {
  for (const box of boxes) {
    if (box.type !== 'meta') continue;
    const head = Buffer.from(await src.read(box.pos, Math.min(box.size, 64)));
    if (head.includes('hdlr', 0, 'latin1') && head.includes('pict', 0, 'latin1')) unsupported('This is an image container, not a movie.');
  }
}

async function removeTopLevel(src: ByteSource, box: TopBox, out: Output, removed: RemovedEntry[]): Promise<void> {
  const described = Buffer.from(await src.read(box.pos, Math.min(box.size, MAX_DESCRIBE)));
  describeRemoved(described, { ...box, pos: 0, size: Math.max(box.header, described.length) }, removed);
  const header = Buffer.from(box.head.subarray(0, box.sizeHeader));
  header.write('free', 4, 'latin1');
  await out.write(header);
  await out.zeros(box.size - box.sizeHeader);
}

/** The chunk with the parts inside blank ranges zeroed (a copy only when something changes). */
function blankRanges(blank: Range[], pos: number, chunk: Buffer): Buffer {
  const end = pos + chunk.length;
  let copy: Buffer | undefined;
  for (let j = firstEndingAfter(blank, pos); j < blank.length; j++) {
    const b = blank[j];
    if (b === undefined || b.start >= end) break;
    copy ??= Buffer.from(chunk);
    copy.fill(0, Math.max(b.start, pos) - pos, Math.min(b.end, end) - pos);
  }
  return copy ?? chunk;
}

function insertRange(ranges: Range[], r: Range): void {
  const last = ranges[ranges.length - 1];
  if (last === undefined || r.start > last.end) {
    ranges.push(r); // the usual case: fragments come in file order
    return;
  }
  const merged = merge([...ranges, r]);
  ranges.length = 0;
  ranges.push(...merged);
}

export const isobmffStripper: FormatStripper = {
  name: 'isobmff',
  mediaTypes: ['video/mp4', 'video/quicktime', 'audio/mp4', 'video/3gpp', 'video/3gpp2'],
  strip,
};
