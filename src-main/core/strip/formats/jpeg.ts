/**
 * JPEG: walks the marker segments in memory and rebuilds the file from the segments that carry the
 * picture (quantisation and Huffman tables, frame and scan headers, entropy-coded data) plus the
 * colour ones (JFIF density without its thumbnail, ICC profile, Adobe colour transform). Everything
 * else — Exif, XMP, IPTC, comments, maker segments, MPF previews, data after the end of the image —
 * is left behind and reported. The Exif orientation is written back alone, so the picture is shown
 * the same way up.
 *
 * The Exif/TIFF, XMP and IPTC readers here are shared with the PNG and WebP strippers (and open to
 * anyone stripping pictures embedded in other containers): they only describe what is removed.
 */
import { createHash } from 'node:crypto';
import type { ByteSink, ByteSource, ContentProof, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure, StripUnsupported } from '../types.ts';

// ───────────────────────────── shared helpers ─────────────────────────────

/** Removed values are kept for the vault's record, not for display: long ones are cut. */
export const MAX_VALUE_CHARS = 200;

/** Photos are well under this; anything larger is not a photo we can hold in memory safely. */
export const MAX_IN_MEMORY_IMAGE = 512 * 1024 * 1024;

export function clip(text: string): string {
  // Control characters (other than tab/newline) are replaced: a value is evidence, not markup.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  return clean.length > MAX_VALUE_CHARS ? `${clean.slice(0, MAX_VALUE_CHARS)}…` : clean;
}

export const byteCount = (n: number): string => `(${n} bytes)`;

export function sha256(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

export function proofOf(kind: ContentProof['kind'], original: string, copy: string): ContentProof {
  return { kind, original, copy, identical: original === copy };
}

/** UTF-8 when the bytes are valid UTF-8, Latin-1 otherwise (old writers use the platform charset). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

const handedOver = new WeakSet<Uint8Array>();

/**
 * Marks a buffer its stripper will never touch again, so a sink may keep it instead of copying it (the
 * engine holds copies until they are checked; for a photo that copy is most of the work). Unmarked
 * chunks are copied, as a stripper may reuse them.
 */
export function handOver<T extends Uint8Array>(bytes: T): T {
  handedOver.add(bytes);
  return bytes;
}

export const isHandedOver = (bytes: Uint8Array): boolean => handedOver.has(bytes);

/** Reads the whole source: only for formats whose files are small (photos, pictures). */
export async function readAll(src: ByteSource, what: string): Promise<Buffer> {
  if (src.size > MAX_IN_MEMORY_IMAGE) throw new StripUnsupported(`This ${what} is too large to clean in memory.`);
  const buf = await src.read(0, src.size);
  if (buf.length !== src.size) throw new StripFailure(`The ${what} could not be read completely.`);
  return buf;
}

// ── Exif / TIFF ──

const IFD0_TAGS: Readonly<Record<number, string>> = {
  0x00fe: 'SubfileType', 0x0100: 'ImageWidth', 0x0101: 'ImageHeight', 0x0102: 'BitsPerSample', 0x0103: 'Compression',
  0x0106: 'PhotometricInterpretation', 0x010d: 'DocumentName', 0x010e: 'ImageDescription', 0x010f: 'Make', 0x0110: 'Model',
  0x0111: 'StripOffsets', 0x0112: 'Orientation', 0x0115: 'SamplesPerPixel', 0x0116: 'RowsPerStrip', 0x0117: 'StripByteCounts',
  0x011a: 'XResolution', 0x011b: 'YResolution', 0x011c: 'PlanarConfiguration', 0x011d: 'PageName', 0x0128: 'ResolutionUnit',
  0x0129: 'PageNumber', 0x012d: 'TransferFunction', 0x0131: 'Software', 0x0132: 'ModifyDate', 0x013b: 'Artist',
  0x013c: 'HostComputer', 0x013e: 'WhitePoint', 0x013f: 'PrimaryChromaticities', 0x0201: 'ThumbnailOffset',
  0x0202: 'ThumbnailLength', 0x0211: 'YCbCrCoefficients', 0x0212: 'YCbCrSubSampling', 0x0213: 'YCbCrPositioning',
  0x0214: 'ReferenceBlackWhite', 0x02bc: 'ApplicationNotes', 0x4746: 'Rating', 0x4749: 'RatingPercent',
  0x8298: 'Copyright', 0x83bb: 'IPTC-NAA', 0x8649: 'PhotoshopSettings', 0x8773: 'ICC_Profile', 0x9c9b: 'XPTitle',
  0x9c9c: 'XPComment', 0x9c9d: 'XPAuthor', 0x9c9e: 'XPKeywords', 0x9c9f: 'XPSubject', 0xa480: 'GDALMetadata',
  0xc4a5: 'PrintIM', 0xc612: 'DNGVersion', 0xc614: 'UniqueCameraModel', 0xc615: 'LocalizedCameraModel',
  0xc62f: 'CameraSerialNumber', 0xc634: 'DNGPrivateData', 0xc68b: 'OriginalRawFileName',
  // Exif sub-IFD
  0x829a: 'ExposureTime', 0x829d: 'FNumber', 0x8822: 'ExposureProgram', 0x8824: 'SpectralSensitivity', 0x8827: 'ISO',
  0x8830: 'SensitivityType', 0x8832: 'RecommendedExposureIndex', 0x9000: 'ExifVersion', 0x9003: 'DateTimeOriginal',
  0x9004: 'CreateDate', 0x9010: 'OffsetTime', 0x9011: 'OffsetTimeOriginal', 0x9012: 'OffsetTimeDigitized',
  0x9101: 'ComponentsConfiguration', 0x9102: 'CompressedBitsPerPixel', 0x9201: 'ShutterSpeedValue', 0x9202: 'ApertureValue',
  0x9203: 'BrightnessValue', 0x9204: 'ExposureCompensation', 0x9205: 'MaxApertureValue', 0x9206: 'SubjectDistance',
  0x9207: 'MeteringMode', 0x9208: 'LightSource', 0x9209: 'Flash', 0x920a: 'FocalLength', 0x9214: 'SubjectArea',
  0x927c: 'MakerNote', 0x9286: 'UserComment', 0x9290: 'SubSecTime', 0x9291: 'SubSecTimeOriginal',
  0x9292: 'SubSecTimeDigitized', 0xa000: 'FlashpixVersion', 0xa001: 'ColorSpace', 0xa002: 'ExifImageWidth',
  0xa003: 'ExifImageHeight', 0xa004: 'RelatedSoundFile', 0xa20e: 'FocalPlaneXResolution', 0xa20f: 'FocalPlaneYResolution',
  0xa210: 'FocalPlaneResolutionUnit', 0xa215: 'ExposureIndex', 0xa217: 'SensingMethod', 0xa300: 'FileSource',
  0xa301: 'SceneType', 0xa302: 'CFAPattern', 0xa401: 'CustomRendered', 0xa402: 'ExposureMode', 0xa403: 'WhiteBalance',
  0xa404: 'DigitalZoomRatio', 0xa405: 'FocalLengthIn35mmFormat', 0xa406: 'SceneCaptureType', 0xa407: 'GainControl',
  0xa408: 'Contrast', 0xa409: 'Saturation', 0xa40a: 'Sharpness', 0xa40c: 'SubjectDistanceRange', 0xa420: 'ImageUniqueID',
  0xa430: 'OwnerName', 0xa431: 'SerialNumber', 0xa432: 'LensInfo', 0xa433: 'LensMake', 0xa434: 'LensModel',
  0xa435: 'LensSerialNumber', 0xa460: 'CompositeImage', 0xea1c: 'Padding', 0xea1d: 'OffsetSchema',
};

const GPS_TAGS: Readonly<Record<number, string>> = {
  0x00: 'GPSVersionID', 0x01: 'GPSLatitudeRef', 0x02: 'GPSLatitude', 0x03: 'GPSLongitudeRef', 0x04: 'GPSLongitude',
  0x05: 'GPSAltitudeRef', 0x06: 'GPSAltitude', 0x07: 'GPSTimeStamp', 0x08: 'GPSSatellites', 0x09: 'GPSStatus',
  0x0a: 'GPSMeasureMode', 0x0b: 'GPSDOP', 0x0c: 'GPSSpeedRef', 0x0d: 'GPSSpeed', 0x0e: 'GPSTrackRef', 0x0f: 'GPSTrack',
  0x10: 'GPSImgDirectionRef', 0x11: 'GPSImgDirection', 0x12: 'GPSMapDatum', 0x13: 'GPSDestLatitudeRef',
  0x14: 'GPSDestLatitude', 0x15: 'GPSDestLongitudeRef', 0x16: 'GPSDestLongitude', 0x17: 'GPSDestBearingRef',
  0x18: 'GPSDestBearing', 0x19: 'GPSDestDistanceRef', 0x1a: 'GPSDestDistance', 0x1b: 'GPSProcessingMethod',
  0x1c: 'GPSAreaInformation', 0x1d: 'GPSDateStamp', 0x1e: 'GPSDifferential', 0x1f: 'GPSHPositioningError',
};

const INTEROP_TAGS: Readonly<Record<number, string>> = { 0x0001: 'InteropIndex', 0x0002: 'InteropVersion' };

/** Pointers to sub-IFDs: followed, not reported as values. */
const EXIF_POINTER = 0x8769;
const GPS_POINTER = 0x8825;
const INTEROP_POINTER = 0xa005;
const SUBIFD_POINTER = 0x014a;
const ORIENTATION = 0x0112;

const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
const MAX_IFD_ENTRIES = 2000;
const MAX_LISTED_NUMBERS = 16;

/** UCS-2 text in the block's byte order (odd lengths drop the last byte). */
function utf16(bytes: Buffer, littleEndian: boolean): string {
  const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return (littleEndian ? even : even.swap16()).toString('utf16le');
}

export type ExifSummary = {
  entries: RemovedEntry[];
  /** IFD0 Orientation (1–8) when present and valid. */
  orientation: number | undefined;
};

/** Lists every tag of a TIFF/Exif block (IFD0, Exif, GPS, Interop, IFD1 and further IFDs) with readable values. */
export function readExif(tiff: Uint8Array): ExifSummary {
  const b = Buffer.from(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const entries: RemovedEntry[] = [];
  let orientation: number | undefined;
  if (b.length < 8) return { entries: [{ name: 'Exif:Data', value: byteCount(b.length) }], orientation };
  const order = b.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return { entries: [{ name: 'Exif:Data', value: byteCount(b.length) }], orientation };
  const le = order === 'II';
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const i16 = (o: number): number => (le ? b.readInt16LE(o) : b.readInt16BE(o));
  const i32 = (o: number): number => (le ? b.readInt32LE(o) : b.readInt32BE(o));
  if (u16(2) !== 42) return { entries: [{ name: 'Exif:Data', value: byteCount(b.length) }], orientation };

  const visited = new Set<number>();
  let damaged = false;

  const valueText = (tag: number, type: number, count: number, at: number): string => {
    const size = (TYPE_SIZES[type] ?? 1) * count;
    if (type === 2) return clip(decodeText(b.subarray(at, at + size)).replace(/\0+$/, '').replace(/\0/g, ' '));
    if (type === 7 || type === 1 || type === 6) {
      const raw = b.subarray(at, at + size);
      if (tag === 0x9286 && raw.length >= 8) {
        const charset = raw.toString('latin1', 0, 8);
        const body = raw.subarray(8);
        const text = charset.startsWith('UNICODE') ? utf16(body, le) : decodeText(body);
        return clip(text.replace(/\0+$/, '').trim());
      }
      if (tag >= 0x9c9b && tag <= 0x9c9f) return clip(raw.toString('utf16le').replace(/\0+$/, ''));
      if (type === 7) {
        const printable = raw.length <= 64 && /^[\x20-\x7e\0]*$/.test(raw.toString('latin1'));
        return tag === 0x927c || !printable ? byteCount(raw.length) : clip(raw.toString('latin1').replace(/\0+$/, ''));
      }
      if (raw.length > MAX_LISTED_NUMBERS) return byteCount(raw.length);
    }
    const values: string[] = [];
    const n = Math.min(count, MAX_LISTED_NUMBERS);
    const step = TYPE_SIZES[type] ?? 1;
    for (let k = 0; k < n; k++) {
      const o = at + k * step;
      switch (type) {
        case 1: case 7: values.push(String(b[o])); break;
        case 6: values.push(String(b.readInt8(o))); break;
        case 3: values.push(String(u16(o))); break;
        case 8: values.push(String(i16(o))); break;
        case 4: case 13: values.push(String(u32(o))); break;
        case 9: values.push(String(i32(o))); break;
        case 5: { const d = u32(o + 4); values.push(d === 0 ? 'undef' : String(+(u32(o) / d).toFixed(6))); break; }
        case 10: { const d = i32(o + 4); values.push(d === 0 ? 'undef' : String(+(i32(o) / d).toFixed(6))); break; }
        case 11: values.push(String(le ? b.readFloatLE(o) : b.readFloatBE(o))); break;
        case 12: values.push(String(le ? b.readDoubleLE(o) : b.readDoubleBE(o))); break;
        default: values.push('?');
      }
    }
    return clip(values.join(' ') + (count > n ? ' …' : ''));
  };

  const walk = (offset: number, group: string, names: Readonly<Record<number, string>>, followNext: boolean): void => {
    let ifd = offset;
    let index = group === 'IFD0' ? 0 : -1;
    while (ifd !== 0) {
      if (visited.has(ifd) || ifd + 2 > b.length || ifd < 8) {
        if (!visited.has(ifd)) damaged = true;
        return;
      }
      visited.add(ifd);
      const name = index >= 0 ? `IFD${index}` : group;
      const count = u16(ifd);
      if (count > MAX_IFD_ENTRIES || ifd + 2 + count * 12 > b.length) {
        damaged = true;
        return;
      }
      let thumbOffset: number | undefined;
      let thumbLength: number | undefined;
      for (let k = 0; k < count; k++) {
        const e = ifd + 2 + k * 12;
        const tag = u16(e);
        const type = u16(e + 2);
        const n = u32(e + 4);
        const size = (TYPE_SIZES[type] ?? 0) * n;
        if (TYPE_SIZES[type] === undefined || size > b.length) {
          damaged = true;
          continue;
        }
        const at = size <= 4 ? e + 8 : u32(e + 8);
        if (at + size > b.length) {
          damaged = true;
          continue;
        }
        if (tag === EXIF_POINTER) walk(u32(at), 'ExifIFD', IFD0_TAGS, false);
        else if (tag === GPS_POINTER) walk(u32(at), 'GPS', GPS_TAGS, false);
        else if (tag === INTEROP_POINTER) walk(u32(at), 'InteropIFD', INTEROP_TAGS, false);
        else if (tag === SUBIFD_POINTER) for (let s = 0; s < Math.min(n, 8); s++) walk(u32(at + 4 * s), 'SubIFD', IFD0_TAGS, false);
        else {
          if (name === 'IFD0' && tag === ORIENTATION && type === 3) {
            const v = u16(at);
            if (v >= 1 && v <= 8) orientation = v;
          }
          if (tag === 0x0201) thumbOffset = u32(at);
          if (tag === 0x0202) thumbLength = u32(at);
          const tagName = names[tag] ?? `Tag0x${tag.toString(16).padStart(4, '0')}`;
          entries.push({ name: `${name}:${tagName}`, value: valueText(tag, type, n, at) });
        }
      }
      if (thumbOffset !== undefined && thumbLength !== undefined) {
        entries.push({ name: `${name}:ThumbnailImage`, value: byteCount(Math.max(0, Math.min(thumbLength, b.length - thumbOffset))) });
      }
      if (!followNext) return;
      const nextAt = ifd + 2 + count * 12;
      if (nextAt + 4 > b.length) return;
      ifd = u32(nextAt);
      index++;
      if (index > 8) return;
    }
  };

  walk(u32(4), 'IFD0', IFD0_TAGS, true);
  if (damaged) entries.push({ name: 'Exif:Damaged', value: 'parts of the Exif block point outside it' });
  return { entries, orientation };
}

/** A TIFF block holding nothing but IFD0 Orientation: the one Exif value that changes how a picture looks. */
export function orientationOnlyTiff(orientation: number): Buffer {
  const t = Buffer.alloc(26);
  t.write('II', 0, 'latin1');
  t.writeUInt16LE(42, 2);
  t.writeUInt32LE(8, 4);
  t.writeUInt16LE(1, 8); // one entry
  t.writeUInt16LE(ORIENTATION, 10);
  t.writeUInt16LE(3, 12); // SHORT
  t.writeUInt32LE(1, 14);
  t.writeUInt16LE(orientation, 18);
  t.writeUInt32LE(0, 22); // no next IFD
  return t;
}

// ── XMP ──

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16) || 0xfffd);
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10) || 0xfffd);
    return XML_ENTITIES[e] ?? m;
  });
}

const MAX_XMP_ENTRIES = 300;
const STRUCTURAL_XML = /^(rdf:(RDF|Description|Seq|Bag|Alt|li|value|type|parseType|resource|about|nodeID|datatype)|x:xmpmeta|xmlns(:.*)?|xml:lang|xml:space)$/;

/**
 * The properties of an XMP packet as `XMP-prefix:Name` entries: attributes of any element and the text
 * of leaf elements (list items under their property). A light reader: it describes, it does not validate.
 */
export function readXmp(xml: string): RemovedEntry[] {
  const out: RemovedEntry[] = [];
  const stack: string[] = [];
  const push = (qname: string, value: string): void => {
    if (out.length >= MAX_XMP_ENTRIES || value.trim() === '') return;
    const [prefix, local] = qname.includes(':') ? qname.split(':', 2) : ['', qname];
    out.push({ name: `XMP-${prefix || 'x'}:${local}`, value: clip(unescapeXml(value.trim())) });
  };
  const tagRe = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g;
  const attrRe = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const property = (): string | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const s = stack[i];
      if (s !== undefined && !STRUCTURAL_XML.test(s)) return s;
    }
    return undefined;
  };
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(xml)) !== null && out.length < MAX_XMP_ENTRIES) {
    const [, closing, name, attrs, selfClosing, cdata, text] = m;
    if (name !== undefined) {
      if (closing === '/') {
        const at = stack.lastIndexOf(name);
        if (at >= 0) stack.length = at;
        continue;
      }
      let a: RegExpExecArray | null;
      attrRe.lastIndex = 0;
      while (attrs !== undefined && (a = attrRe.exec(attrs)) !== null) {
        const an = a[1] ?? '';
        if (!STRUCTURAL_XML.test(an)) push(an === 'x:xmptk' ? 'x:XMPToolkit' : an, a[2] ?? a[3] ?? '');
      }
      if (selfClosing !== '/') stack.push(name);
    } else {
      const body = cdata ?? text;
      const prop = property();
      if (body !== undefined && prop !== undefined) push(prop, body);
    }
  }
  if (out.length === 0 && xml.trim() !== '') out.push({ name: 'XMP:Packet', value: clip(xml.trim()) });
  return out;
}

// ── IPTC (IIM) and Photoshop resources ──

const IPTC_NAMES: Readonly<Record<string, string>> = {
  '1:90': 'CodedCharacterSet', '2:0': 'ApplicationRecordVersion', '2:5': 'ObjectName', '2:7': 'EditStatus',
  '2:10': 'Urgency', '2:12': 'SubjectReference', '2:15': 'Category', '2:20': 'SupplementalCategories',
  '2:25': 'Keywords', '2:40': 'SpecialInstructions', '2:55': 'DateCreated', '2:60': 'TimeCreated',
  '2:62': 'DigitalCreationDate', '2:63': 'DigitalCreationTime', '2:65': 'OriginatingProgram', '2:70': 'ProgramVersion',
  '2:80': 'By-line', '2:85': 'By-lineTitle', '2:90': 'City', '2:92': 'Sub-location', '2:95': 'Province-State',
  '2:100': 'Country-PrimaryLocationCode', '2:101': 'Country-PrimaryLocationName', '2:103': 'OriginalTransmissionReference',
  '2:105': 'Headline', '2:110': 'Credit', '2:115': 'Source', '2:116': 'CopyrightNotice', '2:118': 'Contact',
  '2:120': 'Caption-Abstract', '2:122': 'Writer-Editor',
};

export function readIptc(data: Uint8Array): RemovedEntry[] {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out: RemovedEntry[] = [];
  let o = 0;
  while (o + 5 <= b.length && b[o] === 0x1c && out.length < 1000) {
    const rec = b[o + 1] ?? 0;
    const ds = b[o + 2] ?? 0;
    let len = b.readUInt16BE(o + 3);
    let start = o + 5;
    if (len & 0x8000) {
      // Extended dataset: the low bits give the size of the length field.
      const n = len & 0x7fff;
      if (n > 4 || start + n > b.length) break;
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + (b[start + k] ?? 0);
      start += n;
    }
    if (start + len > b.length) {
      out.push({ name: 'IPTC:Damaged', value: 'a dataset runs past the end of the IPTC block' });
      break;
    }
    const key = `${rec}:${ds}`;
    const value = b.subarray(start, start + len);
    out.push({ name: `IPTC:${IPTC_NAMES[key] ?? `Dataset${key}`}`, value: rec === 2 && ds === 0 ? String(value.length === 2 ? value.readUInt16BE(0) : value.length) : clip(decodeText(value)) });
    o = start + len;
  }
  return out;
}

const IRB_SIGNATURES = new Set(['8BIM', 'PHUT', 'DCSR', 'AgHg', 'MeSa']);

export function readPhotoshop(data: Uint8Array): RemovedEntry[] {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out: RemovedEntry[] = [];
  let o = 0;
  while (o + 12 <= b.length && IRB_SIGNATURES.has(b.toString('latin1', o, o + 4))) {
    const id = b.readUInt16BE(o + 4);
    const nameLen = b[o + 6] ?? 0;
    let p = o + 7 + nameLen;
    if ((nameLen + 1) % 2 === 1) p++; // the Pascal name is padded to an even length
    if (p + 4 > b.length) break;
    const size = b.readUInt32BE(p);
    const start = p + 4;
    if (start + size > b.length) {
      out.push({ name: 'Photoshop:Damaged', value: 'a resource runs past the end of the block' });
      break;
    }
    const body = b.subarray(start, start + size);
    if (id === 0x0404) out.push(...readIptc(body));
    else if (id === 0x040c || id === 0x0409) out.push({ name: 'Photoshop:ThumbnailImage', value: byteCount(size) });
    else if (id === 0x0424) out.push(...readXmp(decodeText(body)));
    else out.push({ name: `Photoshop:Resource0x${id.toString(16).padStart(4, '0')}`, value: byteCount(size) });
    o = start + size + (size % 2);
  }
  if (out.length === 0) out.push({ name: 'Photoshop:Data', value: byteCount(b.length) });
  return out;
}

// ─────────────────────────────── JPEG ───────────────────────────────

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const APP14 = 0xee;
const COM = 0xfe;

/** Frame headers (SOF0–SOF15 less DHT, JPG and DAC) and JPEG-LS (SOF55, LSE). */
const isSof = (m: number): boolean => (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;
/** Segments that describe how to decode the picture: kept byte for byte, covered by the proof. */
const isStructural = (m: number): boolean =>
  isSof(m) || m === 0xc4 || m === 0xcc || m === 0xdb || m === 0xdc || m === 0xdd || m === 0xde || m === 0xdf || m === SOS || m === 0xf8;

type Part =
  | { kind: 'segment'; marker: number; start: number; end: number }
  | { kind: 'standalone'; marker: number; start: number } // RSTn/TEM outside a scan: two bytes
  | { kind: 'scan'; start: number; end: number };

type ParsedJpeg = { parts: Part[]; eoi: number; trailerStart: number };

const ID_EXIF = 'Exif\0';
const ID_XMP = 'http://ns.adobe.com/xap/1.0/\0';
const ID_XMP_EXT = 'http://ns.adobe.com/xmp/extension/\0';
const ID_ICC = 'ICC_PROFILE\0';
const ID_JFIF = 'JFIF\0';
const ID_JFXX = 'JFXX\0';
const ID_PHOTOSHOP = 'Photoshop 3.0\0';
const ID_MPF = 'MPF\0';

/** Walks markers from SOI to EOI. Throws StripFailure on anything a decoder could not read either. */
export function parseJpeg(buf: Buffer): ParsedJpeg {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== SOI) throw new StripFailure('The file is not a JPEG image.');
  const parts: Part[] = [];
  let pos = 2;
  let sawFrame = false;
  let sawScan = false;
  for (;;) {
    if (pos >= buf.length) throw new StripFailure('The JPEG image is truncated: it ends before the end-of-image marker.');
    if (buf[pos] !== 0xff) throw new StripFailure('The JPEG image is corrupt: a segment is not where the previous one said it would be.');
    while (pos + 1 < buf.length && buf[pos + 1] === 0xff) pos++; // fill bytes
    if (pos + 1 >= buf.length) throw new StripFailure('The JPEG image is truncated: it ends before the end-of-image marker.');
    const marker = buf[pos + 1] ?? 0;
    if (marker === EOI) {
      if (!sawFrame || !sawScan) throw new StripFailure('The JPEG image is corrupt: it has no picture data.');
      return { parts, eoi: pos, trailerStart: pos + 2 };
    }
    if (marker === SOI || marker === 0x00) throw new StripFailure('The JPEG image is corrupt: it has an unexpected marker.');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push({ kind: 'standalone', marker, start: pos });
      pos += 2;
      continue;
    }
    if (marker < 0xc0) throw new StripFailure('The JPEG image is corrupt: it has a reserved marker.');
    if (marker === 0xc8 || (marker >= 0xf0 && marker <= 0xfd && marker !== 0xf7 && marker !== 0xf8)) {
      throw new StripUnsupported('The JPEG image uses extensions that cannot be cleaned safely.');
    }
    if (pos + 4 > buf.length) throw new StripFailure('The JPEG image is truncated inside a segment header.');
    const length = buf.readUInt16BE(pos + 2);
    if (length < 2) throw new StripFailure('The JPEG image is corrupt: a segment has an impossible length.');
    const end = pos + 2 + length;
    if (end > buf.length) throw new StripFailure('The JPEG image is truncated inside a segment.');
    parts.push({ kind: 'segment', marker, start: pos, end });
    if (isSof(marker)) sawFrame = true;
    if (marker !== SOS) {
      pos = end;
      continue;
    }
    if (!sawFrame) throw new StripFailure('The JPEG image is corrupt: picture data comes before the frame header.');
    sawScan = true;
    // Entropy-coded data: runs until a marker other than a stuffed 0xFF00 or a restart marker.
    let p = end;
    for (;;) {
      const ff = buf.indexOf(0xff, p);
      if (ff < 0 || ff + 1 >= buf.length) throw new StripFailure('The JPEG image is truncated inside its picture data.');
      const next = buf[ff + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        p = ff + 2;
        continue;
      }
      parts.push({ kind: 'scan', start: end, end: ff });
      pos = ff;
      break;
    }
  }
}

/**
 * Copies this module assembled and parsed, by buffer: a handed-over copy cannot change, so the scan's
 * metadata view reuses the parse instead of walking megabytes of entropy-coded data again.
 */
const parsedCopies = new WeakMap<Buffer, ParsedJpeg>();

/** The decoding segments and the entropy-coded data, in order, then EOI: the image data. */
function imageDataParts(buf: Buffer, parsed: ParsedJpeg): Buffer[] {
  const parts: Buffer[] = [];
  for (const part of parsed.parts) {
    if (part.kind === 'segment' && isStructural(part.marker)) parts.push(buf.subarray(part.start, part.end));
    else if (part.kind === 'scan') parts.push(buf.subarray(part.start, part.end));
    else if (part.kind === 'standalone') parts.push(buf.subarray(part.start, part.start + 2));
  }
  parts.push(buf.subarray(parsed.eoi, parsed.eoi + 2));
  return parts;
}

/** SHA-256 of the image data (see imageDataParts). */
export function jpegImageDataHash(buf: Buffer, parsed: ParsedJpeg = parseJpeg(buf)): string {
  return sha256(...imageDataParts(buf, parsed));
}

/** Whether two JPEGs carry the same image data, part by part, byte for byte. */
function sameImageData(a: Buffer, pa: ParsedJpeg, b: Buffer, pb: ParsedJpeg): boolean {
  const x = imageDataParts(a, pa);
  const y = imageDataParts(b, pb);
  return x.length === y.length && x.every((part, i) => y[i] !== undefined && part.equals(y[i]));
}

/**
 * The JPEG without its entropy-coded data: every marker segment (headers, tables, application segments
 * between scans too) from SOI to EOI, and whether the file ends right there. Entropy-coded data carries
 * no tags, so a metadata reader finds the same tags in this view as in the whole file, from a few
 * kilobytes instead of megabytes. Undefined when the bytes are not a readable JPEG.
 */
export function jpegMetadataView(buf: Buffer): { view: Buffer; endsAtEoi: boolean } | undefined {
  let parsed: ParsedJpeg;
  try {
    parsed = (isHandedOver(buf) ? parsedCopies.get(buf) : undefined) ?? parseJpeg(buf);
  } catch {
    return undefined;
  }
  const parts: Buffer[] = [buf.subarray(0, 2)];
  for (const part of parsed.parts) {
    if (part.kind === 'segment') parts.push(buf.subarray(part.start, part.end));
    else if (part.kind === 'standalone') parts.push(buf.subarray(part.start, part.start + 2));
  }
  parts.push(buf.subarray(parsed.eoi));
  return { view: Buffer.concat(parts), endsAtEoi: parsed.trailerStart === buf.length };
}

const startsWithId = (seg: Buffer, id: string): boolean => seg.length >= id.length && seg.toString('latin1', 0, id.length) === id;

/** A printable name for an application segment's identifier, for the report. */
function segmentIdentifier(body: Buffer): string {
  const nul = body.indexOf(0);
  const id = body.toString('latin1', 0, nul >= 0 && nul < 40 ? nul : Math.min(body.length, 16));
  return /^[\x20-\x7e]+$/.test(id) ? id : '';
}

function describeTrailer(t: Buffer): string {
  const n = t.length;
  if (t.every((x) => x === 0)) return `${n} bytes of zero padding after the end of the image`;
  if (t[0] === 0xff && t[1] === SOI) return `${n} bytes after the end of the image: another JPEG image (preview, depth map or multi-picture image)`;
  if (t.indexOf('ftyp') >= 0 && t.indexOf('ftyp') < 16) return `${n} bytes after the end of the image: an embedded video (motion photo)`;
  if (t.includes('SEFT') || t.includes('SEFH')) return `${n} bytes after the end of the image: a Samsung trailer`;
  return `${n} bytes after the end of the image`;
}

export type CleanJpeg = { bytes: Buffer; removed: RemovedEntry[]; proof: ContentProof };

type Rebuilt = {
  bytes: Buffer;
  removed: RemovedEntry[];
  /** The copy's image data, one contiguous region from the first table to EOI. */
  imageData: Buffer;
  /** Whether the copy, parsed afresh, carries the original's image data byte for byte. */
  sameImageData: boolean;
  originalParsed: ParsedJpeg;
};

/**
 * Walks the original, reports what goes, and assembles the copy: SOI, the JFIF header without its
 * thumbnail, the orientation-only Exif, the ICC and Adobe segments, then the decoding segments and
 * picture data in their original order, then EOI. Kept application segments are moved ahead of the
 * tables (where they normally are anyway), so the image data is one contiguous region of the copy.
 */
function rebuild(buf: Buffer, keepOrientation: boolean): Rebuilt {
  const parsed = parseJpeg(buf);
  const removed: RemovedEntry[] = [];
  let jfif: Buffer | undefined;
  let orientation: number | undefined;
  let sawExif = false;
  const colour: Buffer[] = [];
  const image: Buffer[] = [];

  for (const part of parsed.parts) {
    if (part.kind !== 'segment') {
      image.push(buf.subarray(part.start, part.kind === 'scan' ? part.end : part.start + 2));
      continue;
    }
    const { marker } = part;
    const whole = buf.subarray(part.start, part.end);
    if (isStructural(marker)) {
      image.push(whole);
      continue;
    }
    const body = buf.subarray(part.start + 4, part.end);
    if (marker === COM) {
      removed.push({ name: 'JPEG:Comment', value: clip(decodeText(body)) });
    } else if (marker === APP0 && startsWithId(body, ID_JFIF) && body.length >= 14) {
      const thumb = (body[12] ?? 0) * (body[13] ?? 0) * 3;
      if (jfif === undefined) {
        jfif = Buffer.from(buf.subarray(part.start, part.start + 18));
        jfif.writeUInt16BE(16, 2);
        jfif[16] = 0;
        jfif[17] = 0;
      } else {
        removed.push({ name: 'JFIF:Segment', value: 'a second JFIF header' });
      }
      if (thumb > 0) removed.push({ name: 'JFIF:ThumbnailImage', value: byteCount(thumb) });
    } else if (marker === APP0 && startsWithId(body, ID_JFXX)) {
      removed.push({ name: 'JFXX:ThumbnailImage', value: byteCount(Math.max(0, body.length - 6)) });
    } else if (marker === APP1 && startsWithId(body, ID_EXIF)) {
      const summary = readExif(body.subarray(6));
      removed.push(...summary.entries);
      if (!sawExif) orientation = summary.orientation;
      sawExif = true;
    } else if (marker === APP1 && startsWithId(body, ID_XMP)) {
      removed.push(...readXmp(decodeText(body.subarray(ID_XMP.length))));
    } else if (marker === APP1 && startsWithId(body, ID_XMP_EXT)) {
      // GUID (32) + full length (4) + offset (4), then a slice of the extended packet.
      removed.push({ name: 'XMP:ExtendedXMP', value: clip(decodeText(body.subarray(ID_XMP_EXT.length + 40))) });
    } else if (marker === APP2 && startsWithId(body, ID_ICC)) {
      colour.push(whole);
    } else if (marker === APP2 && startsWithId(body, ID_MPF)) {
      removed.push({ name: 'MPF:MultiPictureIndex', value: byteCount(body.length) });
    } else if (marker === APP13 && startsWithId(body, ID_PHOTOSHOP)) {
      removed.push(...readPhotoshop(body.subarray(ID_PHOTOSHOP.length)));
    } else if (marker === APP14 && startsWithId(body, 'Adobe')) {
      colour.push(whole);
    } else {
      const id = segmentIdentifier(body);
      removed.push({ name: `JPEG:APP${marker - APP0}`, value: id ? `${id} ${byteCount(body.length)}` : byteCount(body.length) });
    }
  }

  const trailer = buf.subarray(parsed.trailerStart);
  if (trailer.length > 0) removed.push({ name: 'JPEG:Trailer', value: describeTrailer(trailer) });

  const head: Buffer[] = [Buffer.from([0xff, SOI])];
  if (jfif !== undefined) head.push(jfif);
  if (keepOrientation && orientation !== undefined && orientation !== 1) {
    const tiff = orientationOnlyTiff(orientation);
    const app1 = Buffer.alloc(4 + 6 + tiff.length);
    app1.writeUInt16BE(0xffe1, 0);
    app1.writeUInt16BE(2 + 6 + tiff.length, 2);
    app1.write('Exif\0\0', 4, 'latin1');
    tiff.copy(app1, 10);
    head.push(app1);
  }
  head.push(...colour);
  const headLength = head.reduce((n, b) => n + b.length, 0);
  const bytes = Buffer.concat([...head, ...image, Buffer.from([0xff, EOI])]);

  // The copy is parsed afresh, not trusted as assembled, and its image data compared byte for byte
  // with the original's.
  const copyParsed = parseJpeg(bytes);
  parsedCopies.set(bytes, copyParsed);
  const same = sameImageData(buf, parsed, bytes, copyParsed);
  return { bytes, removed, imageData: bytes.subarray(headLength), sameImageData: same, originalParsed: parsed };
}

/**
 * The proof: when the copy's image data is byte for byte the original's, one SHA-256 of it is both
 * sides' digest (the same bytes); otherwise both are hashed and differ.
 */
function proofFor(buf: Buffer, r: Rebuilt, digest: string): ContentProof {
  if (r.sameImageData) return proofOf('image-data', digest, digest);
  return proofOf('image-data', jpegImageDataHash(buf, r.originalParsed), jpegImageDataHash(r.bytes));
}

export type CleanJpegOptions = {
  /**
   * Write an Exif orientation other than 1 back on its own (default). Off where the container
   * decides how the picture is drawn and ignores Exif, as PDF's DCTDecode filter does.
   */
  keepOrientation?: boolean;
};

/**
 * The cleaning itself, on a buffer: usable for pictures embedded in other containers too (cover art,
 * document images), where the caller then reports the entries under its own container name.
 */
export function cleanJpeg(buf: Buffer, options: CleanJpegOptions = {}): CleanJpeg {
  const r = rebuild(buf, options.keepOrientation ?? true);
  return { bytes: r.bytes, removed: r.removed, proof: proofFor(buf, r, sha256(r.imageData)) };
}

/**
 * A picture inside another container (an office document, a PDF), cleaned by the picture's own
 * stripper (`cleanJpeg`, `cleanPng`): its proof must hold, and a damaged or unreadable picture fails
 * the document with a reason that says it is an embedded one.
 */
export function cleanEmbeddedPicture(
  kind: 'JPEG' | 'PNG',
  clean: () => { bytes: Buffer; removed: RemovedEntry[]; proof: ContentProof },
): { bytes: Buffer; removed: RemovedEntry[] } {
  let cleaned: { bytes: Buffer; removed: RemovedEntry[]; proof: ContentProof };
  try {
    cleaned = clean();
  } catch (error) {
    if (error instanceof StripFailure) throw new StripFailure(`An embedded ${kind} picture is corrupt or truncated.`);
    if (error instanceof StripUnsupported) throw new StripUnsupported(`An embedded ${kind} picture uses features this version cannot clean safely.`);
    throw error;
  }
  if (!cleaned.proof.identical) throw new StripFailure(`An embedded ${kind} picture could not be cleaned without changing its picture data.`);
  return { bytes: cleaned.bytes, removed: cleaned.removed };
}

export const jpegStripper: FormatStripper = {
  name: 'jpeg',
  mediaTypes: ['image/jpeg'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const clean = cleanJpeg(await readAll(src, 'JPEG image'));
    await sink.write(handOver(clean.bytes));
    return { method: 'jpeg-segments', removed: clean.removed, proof: clean.proof };
  },
};
