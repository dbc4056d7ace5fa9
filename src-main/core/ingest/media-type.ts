/**
 * Media types sniffed from a file's first bytes, never from its name: evidence is often renamed, and a
 * wrong extension must not decide how a file is treated. Hand-written rather than the `file-type`
 * package: the set we need is small, and the office-document and Ogg distinctions are ours to decide.
 */
import { FREE_FORMAT, mpegFrameLength } from '../media/mpeg-audio-frame.ts';

/** How many leading bytes callers should pass; 4 KiB is enough for most types, office documents need more. */
export const SNIFF_BYTES = 64 * 1024;

export const OCTET_STREAM = 'application/octet-stream';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[offset + i] !== bytes[i]) return false;
  return true;
}

const MAX_LATIN1 = 1024;

/** Bytes as one char each; callers only ever ask for short runs (fourccs, entry names, a mimetype). */
function latin1(head: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...head.subarray(start, Math.min(end, head.length, start + MAX_LATIN1)));
}

const u32be = (h: Uint8Array, o: number): number => (((h[o] ?? 0) << 24) >>> 0) + ((h[o + 1] ?? 0) << 16) + ((h[o + 2] ?? 0) << 8) + (h[o + 3] ?? 0);
const u16le = (h: Uint8Array, o: number): number => (h[o] ?? 0) + ((h[o + 1] ?? 0) << 8);
const u32le = (h: Uint8Array, o: number): number => u16le(h, o) + u16le(h, o + 2) * 0x10000;

/** Fixed signatures: [offset, bytes, type]. Checked in order, first match wins. */
const MAGIC: ReadonlyArray<readonly [number, readonly number[], string]> = [
  [0, [0xff, 0xd8, 0xff], 'image/jpeg'],
  [0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
  [0, ascii('GIF87a'), 'image/gif'],
  [0, ascii('GIF89a'), 'image/gif'],
  [0, [0x49, 0x49, 0x2a, 0x00], 'image/tiff'], // II*\0, little-endian
  [0, [0x4d, 0x4d, 0x00, 0x2a], 'image/tiff'], // MM\0*, big-endian
  [0, [0x49, 0x49, 0x2b, 0x00], 'image/tiff'], // BigTIFF
  [0, [0x4d, 0x4d, 0x00, 0x2b], 'image/tiff'],
  [0, ascii('fLaC'), 'audio/flac'],
];

/** Sub-types of RIFF, by the form type at offset 8. */
const RIFF_FORMS: Readonly<Record<string, string>> = {
  WEBP: 'image/webp',
  WAVE: 'audio/wav',
  'AVI ': 'video/x-msvideo',
};

/** ISO-BMFF brands (ftyp major and compatible). Image brands win over video ones when both appear. */
const IMAGE_BRANDS: ReadonlyArray<readonly [readonly string[], string]> = [
  [['avif', 'avis'], 'image/avif'],
  [['heic', 'heix', 'heim', 'heis'], 'image/heic'],
  [['hevc', 'hevx'], 'image/heic-sequence'],
  [['mif1'], 'image/heif'],
  [['msf1'], 'image/heif-sequence'],
];
const MAJOR_BRANDS: Readonly<Record<string, string>> = {
  'qt  ': 'video/quicktime',
  'M4A ': 'audio/mp4',
  'M4B ': 'audio/mp4',
  'M4P ': 'audio/mp4',
  'F4A ': 'audio/mp4',
  'M4V ': 'video/mp4',
  'M4VH': 'video/mp4',
  'M4VP': 'video/mp4',
  'crx ': 'image/x-canon-cr3',
};
/** Generic MP4 brands: audio-only files use them too, so the track handlers decide. */
const GENERIC_MP4 = /^(isom|iso[2-9a-z]|mp41|mp42|mp71|avc1|dash|mmp4|MSNV|NDAS|F4V |f4v |XAVC|nvr1)$/;

function sniffIsoBmff(head: Uint8Array): string | undefined {
  if (!startsWith(head, ascii('ftyp'), 4)) return undefined;
  const boxSize = u32be(head, 0);
  const end = Math.min(boxSize >= 16 ? boxSize : 16, head.length);
  const major = latin1(head, 8, 12);
  const brands = [major];
  for (let o = 16; o + 4 <= end; o += 4) brands.push(latin1(head, o, o + 4));
  for (const [names, type] of IMAGE_BRANDS) if (brands.some((b) => names.includes(b))) return type;
  const byMajor = MAJOR_BRANDS[major];
  if (byMajor !== undefined) return byMajor;
  if (major.startsWith('3g2')) return 'video/3gpp2';
  if (/^3g[pgse]/.test(major)) return 'video/3gpp';
  if (GENERIC_MP4.test(major) || brands.some((b) => GENERIC_MP4.test(b))) {
    return soundOnlyMovie(head) ? 'audio/mp4' : 'video/mp4';
  }
  if (brands.includes('qt  ')) return 'video/quicktime';
  return 'video/mp4';
}

/**
 * True when a complete `moov` box is within the head and its track handlers are all sound: an .m4a
 * written with a generic brand. Unknown (moov at the end of the file) counts as video.
 */
function soundOnlyMovie(head: Uint8Array): boolean {
  let o = 0;
  while (o + 8 <= head.length) {
    const size = u32be(head, o);
    const type = latin1(head, o + 4, o + 8);
    if (type === 'moov') {
      if (size < 8 || o + size > head.length) return false;
      const handlers: string[] = [];
      const moov = head.subarray(o, o + size);
      for (let i = 8; i + 20 <= moov.length; i++) {
        // hdlr box: fourcc, version/flags (4), pre_defined (4), handler type (4)
        if (moov[i] === 0x68 && latin1(moov, i, i + 4) === 'hdlr') handlers.push(latin1(moov, i + 12, i + 16));
      }
      const tracks = handlers.filter((h) => h === 'soun' || h === 'vide');
      return tracks.length > 0 && tracks.every((h) => h === 'soun');
    }
    if (size < 8) return false; // size 0 (to end of file) or 1 (64-bit size): nothing more to walk here
    o += size;
  }
  return false;
}

/** Old QuickTime files have no ftyp and start straight with a top-level atom. */
function sniffBareQuickTime(head: Uint8Array): string | undefined {
  if (head.length < 16) return undefined;
  const type = latin1(head, 4, 8);
  if (!['moov', 'mdat', 'wide', 'pnot'].includes(type)) return undefined;
  const size = u32be(head, 0);
  if (size < 8 && size !== 0 && size !== 1) return undefined;
  if (type === 'wide' && size !== 8) return undefined;
  return 'video/quicktime';
}

function sniffOgg(head: Uint8Array): string | undefined {
  if (!startsWith(head, ascii('OggS'))) return undefined;
  const segments = head[26];
  if (segments === undefined) return 'application/ogg';
  const packet = 27 + segments;
  if (startsWith(head, ascii('OpusHead'), packet)) return 'audio/opus';
  if (startsWith(head, [0x01, ...ascii('vorbis')], packet)) return 'audio/ogg';
  if (startsWith(head, ascii('Speex   '), packet)) return 'audio/ogg';
  if (startsWith(head, [0x7f, ...ascii('FLAC')], packet)) return 'audio/ogg';
  if (startsWith(head, [0x80, ...ascii('theora')], packet)) return 'video/ogg';
  return 'application/ogg';
}

const PDF_SEARCH = 1024;

function sniffPdf(head: Uint8Array): string | undefined {
  // The PDF spec tolerates junk before the header; readers look in the first KiB.
  const pdf = ascii('%PDF-');
  for (let o = 0; o + pdf.length <= Math.min(head.length, PDF_SEARCH); o++) if (startsWith(head, pdf, o)) return 'application/pdf';
  return undefined;
}

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const OOXML: ReadonlyArray<readonly [string, string]> = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

function sniffZip(head: Uint8Array): string | undefined {
  const isEmptyZip = startsWith(head, [0x50, 0x4b, 0x05, 0x06]);
  if (!startsWith(head, ZIP_LOCAL) && !isEmptyZip) return undefined;
  if (isEmptyZip) return 'application/zip';

  // OpenDocument and EPUB: an uncompressed `mimetype` first entry holding the type.
  const nameLen = u16le(head, 26);
  const extraLen = u16le(head, 28);
  const firstName = latin1(head, 30, 30 + nameLen);
  if (firstName === 'mimetype' && u16le(head, 8) === 0) {
    const start = 30 + nameLen + extraLen;
    const declared = latin1(head, start, start + Math.min(u32le(head, 18), 100)).trim();
    if (/^application\/(vnd\.oasis\.opendocument\.[a-z.-]+|epub\+zip)$/.test(declared)) return declared;
  }

  // OOXML: entry names in the local headers within the head. Scanning for signatures rather than
  // hopping entry to entry copes with streamed entries whose sizes are only in a trailing descriptor.
  const names = new Set<string>();
  for (let o = 0; o + 30 <= head.length; o++) {
    if (!startsWith(head, ZIP_LOCAL, o)) continue;
    const n = u16le(head, o + 26);
    if (n > 0 && o + 30 + n <= head.length) names.add(latin1(head, o + 30, o + 30 + n));
  }
  if (names.has('[Content_Types].xml')) {
    for (const [prefix, type] of OOXML) for (const name of names) if (name.startsWith(prefix)) return type;
  }
  return 'application/zip';
}

function sniffMpegAudioFrames(head: Uint8Array, o: number): string | undefined {
  const first = mpegFrameLength(head, o);
  // A free-format frame's length is unknown without a scan: not enough to tell the type by.
  if (first === undefined || first === FREE_FORMAT) return undefined;
  // A lone sync word is weak evidence: require the next frame too when it is within the head.
  const second = o + first + 4 <= head.length ? mpegFrameLength(head, o + first) : 0;
  if (second === undefined || second === FREE_FORMAT) return undefined;
  return 'audio/mpeg';
}

function sniffAdts(head: Uint8Array): string | undefined {
  // ADTS AAC: 12-bit sync, layer bits 00.
  const b1 = head[1];
  if (head[0] !== 0xff || b1 === undefined || (b1 & 0xf6) !== 0xf0) return undefined;
  const len = (((head[3] ?? 0) & 0x03) << 11) | ((head[4] ?? 0) << 3) | ((head[5] ?? 0) >> 5);
  if (len < 7) return undefined;
  if (len + 2 <= head.length && (head[len] !== 0xff || ((head[len + 1] ?? 0) & 0xf6) !== 0xf0)) return undefined;
  return 'audio/aac';
}

function sniffId3(head: Uint8Array): string | undefined {
  if (!startsWith(head, ascii('ID3')) || head.length < 10) return undefined;
  // Syncsafe size: 7 bits per byte.
  const size = (((head[6] ?? 0) & 0x7f) << 21) | (((head[7] ?? 0) & 0x7f) << 14) | (((head[8] ?? 0) & 0x7f) << 7) | ((head[9] ?? 0) & 0x7f);
  const footer = ((head[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  const after = 10 + size + footer;
  // ID3 tags also front FLAC and AAC streams: look past the tag when the head reaches beyond it.
  if (after + 4 > head.length) return 'audio/mpeg';
  const rest = head.subarray(after);
  if (startsWith(rest, ascii('fLaC'))) return 'audio/flac';
  return sniffAdts(rest) ?? 'audio/mpeg';
}

// Fresh per call: a streaming decode keeps state.
const utf8 = () => new TextDecoder('utf-8', { fatal: true });

/** UTF-8 (a sequence cut off by the end of the head is fine), no NUL, no C0 controls besides whitespace and ESC. */
function isText(head: Uint8Array): boolean {
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) return false;
  }
  try {
    utf8().decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Container and stream sniffers that need more than a fixed signature, in order. */
const SNIFFERS: ReadonlyArray<(head: Uint8Array) => string | undefined> = [
  (h) => (startsWith(h, ascii('RIFF')) ? RIFF_FORMS[latin1(h, 8, 12)] : undefined),
  sniffIsoBmff,
  sniffOgg,
  sniffPdf,
  sniffZip,
  sniffId3,
  (h) => sniffMpegAudioFrames(h, 0),
  sniffAdts,
  sniffBareQuickTime,
];

/**
 * The media type of a file from its first bytes (pass up to SNIFF_BYTES). The name hint is used only to
 * refine text/plain to text/csv; it never makes binary bytes into text or one binary type into another.
 * An empty head is application/octet-stream: there is nothing to tell.
 */
export function sniffMediaType(head: Uint8Array, nameHint?: string): string {
  if (head.length === 0) return OCTET_STREAM;
  for (const [offset, bytes, type] of MAGIC) if (startsWith(head, bytes, offset)) return type;
  for (const sniff of SNIFFERS) {
    const type = sniff(head);
    if (type !== undefined) return type;
  }
  if (isText(head)) return nameHint !== undefined && /\.csv$/i.test(nameHint) ? 'text/csv' : 'text/plain';
  return OCTET_STREAM;
}
