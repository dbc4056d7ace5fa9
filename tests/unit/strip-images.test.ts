/**
 * Image strippers: JPEG, PNG, WebP, GIF by hand; TIFF and AVIF (the HEIF code path) through ExifTool;
 * plain text. Fixtures are made here with ffmpeg and Debian's exiftool, carrying identifying values and
 * unique markers; the copies are checked by independent tools: Debian's exiftool and mat2 (no
 * identifying value left), a byte search (no marker left), ffmpeg (same decoded pixels, decodes
 * without errors) and the vendored exiftool's ImageDataHash (same image data).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraRawStripper, exiftoolImageStripper } from '../../src-main/core/strip/formats/exiftool-image.ts';
import { gifStripper } from '../../src-main/core/strip/formats/gif.ts';
import { cleanJpeg, jpegStripper, readExif } from '../../src-main/core/strip/formats/jpeg.ts';
import { pngStripper } from '../../src-main/core/strip/formats/png.ts';
import { webpStripper } from '../../src-main/core/strip/formats/webp.ts';
import { textStripper } from '../../src-main/core/strip/text.ts';
import { bufferSource, collectingSink, StripFailure, StripUnsupported, type FormatStripper, type StripOutcome } from '../../src-main/core/strip/types.ts';
import {
  debianExiftoolRead,
  debianExiftoolWrite,
  decodedPixelsHash,
  decodeErrors,
  ffmpeg,
  folderContext,
  imageDataHashes,
  insertAfterSoi,
  insertBeforeSos,
  insertPngChunks,
  jpegSegment,
  makeTempDir,
  mat2Show,
  minimalIccProfile,
  mutations,
  pngChunk,
  pngChunks,
} from '../helpers/strip-fixtures-images.ts';

let dir: string;
const ctx = () => folderContext(dir);

/** Every identifying value the fixtures carry, as any checker might print it. */
const IDENTIFYING = [
  'EVTEST',
  'Canon',
  'EOS 5D',
  '032021001234',
  '0000c1a2b3',
  '43.317', // GPS latitude, decimal (exiftool -n)
  '45.694',
  '2018:07:20',
  '2018-07-20',
  'Grozny',
];

type Fixture = { file: string; bytes: Buffer; markers: string[] };
const fx: Record<string, Fixture> = {};
const copies: Record<string, { file: string; bytes: Buffer; outcome: StripOutcome }> = {};

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

async function strip(stripper: FormatStripper, bytes: Buffer): Promise<{ bytes: Buffer; outcome: StripOutcome }> {
  const sink = collectingSink();
  const outcome = await stripper.strip(bufferSource(bytes), sink, ctx());
  return { bytes: sink.bytes(), outcome };
}

const GPS_AND_CAMERA = [
  '-Make=Canon',
  '-Model=Canon EOS 5D Mark IV',
  '-SerialNumber=032021001234',
  '-LensSerialNumber=0000c1a2b3',
  '-DateTimeOriginal=2018:07:20 14:32:05',
  '-ModifyDate=2018:07:20 14:32:05',
  '-GPSLatitude=43.3178',
  '-GPSLatitudeRef=N',
  '-GPSLongitude=45.6949',
  '-GPSLongitudeRef=E',
  '-GPSAltitude=150',
];

beforeAll(async () => {
  dir = makeTempDir('ev-strip-images-');
  const raw = (name: string, args: string[]): string => {
    const file = path.join(dir, name);
    ffmpeg([...args, file]);
    return file;
  };

  // JPEG: full Exif (with a thumbnail that is its own picture), XMP, IPTC, a comment, an ICC profile,
  // then hand-made extras: JFIF thumbnail, extended XMP, an APP3 maker segment, Adobe APP14, MPF, and
  // a trailer (an appended preview and a Samsung-style block).
  const thumb = raw('thumb.jpg', ['-f', 'lavfi', '-i', 'color=red:s=64x48', '-frames:v', '1']);
  debianExiftoolWrite(thumb, ['-Comment=EVTEST-JPG-THUMB-COMMENT']);
  fs.writeFileSync(path.join(dir, 'profile.icc'), minimalIccProfile());
  const jpg = raw('base.jpg', ['-f', 'lavfi', '-i', 'testsrc=s=320x240', '-frames:v', '1', '-q:v', '3']);
  debianExiftoolWrite(jpg, [
    ...GPS_AND_CAMERA,
    '-Artist=EVTEST-JPG-ARTIST',
    '-Copyright=EVTEST-JPG-COPYRIGHT',
    '-ImageDescription=EVTEST-JPG-DESCRIPTION',
    '-OwnerName=EVTEST-JPG-OWNER',
    '-UserComment=EVTEST-JPG-USERCOMMENT',
    '-Orientation#=6',
    '-XMP-dc:Creator=EVTEST-JPG-XMP-CREATOR',
    '-IPTC:By-line=EVTEST-JPG-IPTC-BYLINE',
    '-IPTC:City=Grozny',
    '-Comment=EVTEST-JPG-COMMENT',
    `-ThumbnailImage<=${thumb}`,
    `-ICC_Profile<=${path.join(dir, 'profile.icc')}`,
  ]);
  let jpeg: Buffer = fs.readFileSync(jpg);
  const jfifWithThumb = Buffer.concat([Buffer.from('JFIF\0\x01\x02\x00\x00\x48\x00\x48\x04\x01', 'latin1'), Buffer.from('EVTESTJFIFTH', 'latin1')]);
  const extXmp = Buffer.concat([Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1'), Buffer.from('0123456789ABCDEF0123456789ABCDEF', 'latin1'), Buffer.from([0, 0, 0, 40, 0, 0, 0, 0]), Buffer.from('<x:xmpmeta>EVTEST-JPG-EXTXMP</x:xmpmeta>')]);
  jpeg = insertAfterSoi(jpeg, [jpegSegment(0xe0, jfifWithThumb), jpegSegment(0xe1, extXmp), jpegSegment(0xe3, Buffer.from('Meta\0EVTEST-JPG-APP3'))]);
  jpeg = insertBeforeSos(jpeg, [
    jpegSegment(0xee, Buffer.from('Adobe\0\x64\x00\x00\x00\x00\x01', 'latin1')),
    jpegSegment(0xe2, Buffer.from('MPF\0MM\0*\0\0\0\x08EVTEST-JPG-MPF', 'latin1')),
  ]);
  jpeg = Buffer.concat([jpeg, fs.readFileSync(thumb), Buffer.from('EVTEST-JPG-TRAILER SEFT', 'latin1')]);
  fx.jpeg = { file: write('dirty.jpg', jpeg), bytes: jpeg, markers: ['EVTEST-JPG', 'EVTESTJFIFTH'] };

  // PNG: text in tEXt, zTXt and iTXt (XMP), eXIf with orientation, tIME, an unknown ancillary chunk,
  // and bytes after IEND.
  const pngFile = raw('base.png', ['-f', 'lavfi', '-i', 'testsrc=s=160x120', '-frames:v', '1']);
  debianExiftoolWrite(pngFile, [...GPS_AND_CAMERA, '-EXIF:Artist=EVTEST-PNG-EXIF-ARTIST', '-EXIF:Orientation#=8']);
  const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>EVTEST-PNG-XMP-CREATOR</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';
  let png: Buffer = insertPngChunks(fs.readFileSync(pngFile), [
    pngChunk('tEXt', Buffer.from('Author\0EVTEST-PNG-AUTHOR', 'latin1')),
    pngChunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), zlib.deflateSync(Buffer.from('EVTEST-PNG-ZTXT-COMMENT Grozny'))])),
    pngChunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\x01\x00\0\0', 'latin1'), zlib.deflateSync(Buffer.from(xmp))])),
    pngChunk('tIME', Buffer.from([0x07, 0xe2, 7, 20, 14, 32, 5])),
    pngChunk('evTs', Buffer.from('EVTEST-PNG-PRIVATE-CHUNK')),
  ]);
  png = Buffer.concat([png, Buffer.from('EVTEST-PNG-TRAILER')]);
  fx.png = { file: write('dirty.png', png), bytes: png, markers: ['EVTEST-PNG'] };

  // APNG: animation chunks must survive, frames byte for byte.
  const apng = fs.readFileSync(raw('anim.png', ['-f', 'lavfi', '-i', 'testsrc=s=64x48:r=5', '-frames:v', '3', '-f', 'apng', '-plays', '0']));
  const apngDirty = insertPngChunks(apng, [pngChunk('tEXt', Buffer.from('Comment\0EVTEST-APNG-COMMENT', 'latin1'))]);
  fx.apng = { file: write('dirty-anim.png', apngDirty), bytes: apngDirty, markers: ['EVTEST-APNG'] };

  // WebP: exiftool turns a simple file into an extended one with EXIF (orientation) and XMP chunks.
  const webpFile = raw('base.webp', ['-f', 'lavfi', '-i', 'testsrc=s=160x120', '-frames:v', '1', '-c:v', 'libwebp']);
  debianExiftoolWrite(webpFile, [...GPS_AND_CAMERA, '-Artist=EVTEST-WEBP-ARTIST', '-Orientation#=3', '-XMP-dc:Creator=EVTEST-WEBP-XMP']);
  fx.webp = { file: webpFile, bytes: fs.readFileSync(webpFile), markers: ['EVTEST-WEBP'] };
  const awebpFile = raw('anim.webp', ['-f', 'lavfi', '-i', 'testsrc=s=64x48:r=5', '-frames:v', '3', '-c:v', 'libwebp_anim', '-loop', '0']);
  debianExiftoolWrite(awebpFile, ['-XMP-dc:Creator=EVTEST-AWEBP-XMP']);
  fx.awebp = { file: awebpFile, bytes: fs.readFileSync(awebpFile), markers: ['EVTEST-AWEBP'] };

  // GIF: two frames, looping; a comment and XMP from exiftool, plus a plain-text extension, an unknown
  // application extension and a trailer by hand.
  const gifFile = raw('base.gif', ['-f', 'lavfi', '-i', 'testsrc=s=64x48:r=5', '-frames:v', '2', '-loop', '0']);
  debianExiftoolWrite(gifFile, ['-Comment=EVTEST-GIF-COMMENT', '-XMP-dc:Creator=EVTEST-GIF-XMP', '-XMP-xmp:CreateDate=2018:07:20 14:32:05']);
  let gif: Buffer = fs.readFileSync(gifFile);
  const plainText = Buffer.concat([Buffer.from([0x21, 0x01, 12, 0, 0, 0, 0, 64, 0, 48, 0, 8, 8, 1, 0]), Buffer.from([16]), Buffer.from('EVTEST-GIF-PLAIN'), Buffer.from([0])]);
  const appExt = Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from('EVTESTAPPXX', 'latin1'), Buffer.from([4]), Buffer.from('data'), Buffer.from([0])]);
  const trailerAt = gif.lastIndexOf(0x3b);
  gif = Buffer.concat([gif.subarray(0, trailerAt), plainText, appExt, gif.subarray(trailerAt), Buffer.from('EVTEST-GIF-TRAILER')]);
  fx.gif = { file: write('dirty.gif', gif), bytes: gif, markers: ['EVTEST-GIF', 'EVTESTAPPXX'] };

  // TIFF and AVIF: through ExifTool.
  const tiffFile = raw('base.tif', ['-f', 'lavfi', '-i', 'testsrc=s=160x120', '-frames:v', '1', '-compression_algo', 'lzw']);
  debianExiftoolWrite(tiffFile, [...GPS_AND_CAMERA, '-Artist=EVTEST-TIFF-ARTIST', '-HostComputer=EVTEST-TIFF-HOST', '-DocumentName=EVTEST-TIFF-DOCNAME', '-Orientation#=6', '-XMP-dc:Creator=EVTEST-TIFF-XMP']);
  fx.tiff = { file: tiffFile, bytes: fs.readFileSync(tiffFile), markers: ['EVTEST-TIFF'] };
  const avifFile = raw('base.avif', ['-f', 'lavfi', '-i', 'testsrc=s=160x120', '-frames:v', '1', '-c:v', 'libaom-av1', '-still-picture', '1']);
  debianExiftoolWrite(avifFile, [...GPS_AND_CAMERA, '-Artist=EVTEST-AVIF-ARTIST', '-XMP-dc:Creator=EVTEST-AVIF-XMP']);
  fx.avif = { file: avifFile, bytes: fs.readFileSync(avifFile), markers: ['EVTEST-AVIF'] };

  const strippers: Record<string, FormatStripper> = {
    jpeg: jpegStripper,
    png: pngStripper,
    apng: pngStripper,
    webp: webpStripper,
    awebp: webpStripper,
    gif: gifStripper,
    tiff: exiftoolImageStripper,
    avif: exiftoolImageStripper,
  };
  await Promise.all(
    Object.entries(strippers).map(async ([name, stripper]) => {
      const f = fx[name];
      if (f === undefined) throw new Error(name);
      const { bytes, outcome } = await strip(stripper, f.bytes);
      copies[name] = { file: write(`copy-${path.basename(f.file)}`, bytes), bytes, outcome };
    }),
  );
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const NAMES = ['jpeg', 'png', 'apng', 'webp', 'awebp', 'gif', 'tiff', 'avif'];
const copy = (name: string) => {
  const c = copies[name];
  if (c === undefined) throw new Error(`no copy for ${name}`);
  return c;
};
const fixture = (name: string) => {
  const f = fx[name];
  if (f === undefined) throw new Error(`no fixture for ${name}`);
  return f;
};

describe('the fixtures are dirty to begin with', () => {
  it('Debian exiftool sees the identifying values in every original', () => {
    const read = debianExiftoolRead(NAMES.map((n) => fixture(n).file));
    read.forEach((o, i) => {
      const text = JSON.stringify(o);
      expect(text, NAMES[i]).toMatch(/EVTEST/);
    });
    expect(JSON.stringify(read[0])).toContain('43.3178');
  });
});

describe('shareable copies: no identifying value left', () => {
  it('Debian exiftool (-a -G1 -n -u) finds none of them, and no warning or error', () => {
    const read = debianExiftoolRead(NAMES.map((n) => copy(n).file));
    read.forEach((o, i) => {
      const { SourceFile: _s, ...tags } = o;
      const text = JSON.stringify(tags);
      for (const needle of IDENTIFYING) expect(text, `${NAMES[i]}: ${needle}`).not.toContain(needle);
      const groups = Object.keys(tags).map((k) => k.split(':')[0]);
      for (const g of groups) expect(g, NAMES[i]).not.toMatch(/^(GPS|IPTC|XMP|MakerNotes|IFD1|Photoshop|MPF|Trailer)/);
      // ExifTool's rewrite keeps the colour space, with the version fields Exif requires next to it.
      const exifIfd = Object.keys(tags).filter((k) => k.startsWith('ExifIFD:'));
      for (const k of exifIfd) expect(['ExifIFD:ColorSpace', 'ExifIFD:ExifVersion', 'ExifIFD:ComponentsConfiguration'], NAMES[i]).toContain(k);
      expect(tags['ExifTool:Warning'], NAMES[i]).toBeUndefined();
      expect(tags['ExifTool:Error'], NAMES[i]).toBeUndefined();
    });
  });

  it('mat2 --show finds none of them where mat2 reads the format', () => {
    for (const name of ['jpeg', 'png', 'gif', 'tiff']) {
      const shown = mat2Show(copy(name).file);
      for (const needle of IDENTIFYING) expect(shown, `${name}: ${needle}`).not.toContain(needle);
    }
    // mat2 does see them in the originals: the check is not blind.
    expect(mat2Show(fixture('jpeg').file)).toContain('EVTEST');
  });

  it('the marker strings are gone from the raw bytes (and from inflated PNG text)', () => {
    for (const name of NAMES) {
      const c = copy(name);
      for (const m of fixture(name).markers) expect(c.bytes.includes(m), `${name}: ${m}`).toBe(false);
      expect(c.bytes.includes('EVTEST'), name).toBe(false);
    }
    for (const name of ['png', 'apng']) {
      for (const chunk of pngChunks(copy(name).bytes)) {
        expect(['tEXt', 'zTXt', 'iTXt', 'tIME', 'evTs']).not.toContain(chunk.type);
      }
      const idat = Buffer.concat(pngChunks(copy(name).bytes).filter((c) => c.type === 'IDAT').map((c) => c.data));
      expect(zlib.inflateSync(idat).includes('EVTEST')).toBe(false);
    }
  });

  it('every removed item is reported with its value (values are for the vault only)', () => {
    const removed = (name: string) => copy(name).outcome.removed;
    const has = (name: string, entryName: string, value?: string) =>
      expect(removed(name).some((e) => e.name === entryName && (value === undefined || e.value.includes(value))), `${name} ${entryName}`).toBe(true);
    has('jpeg', 'IFD0:Artist', 'EVTEST-JPG-ARTIST');
    has('jpeg', 'ExifIFD:SerialNumber', '032021001234');
    has('jpeg', 'GPS:GPSLatitude', '43 19');
    has('jpeg', 'IFD1:ThumbnailImage');
    has('jpeg', 'XMP-dc:creator', 'EVTEST-JPG-XMP-CREATOR');
    has('jpeg', 'IPTC:By-line', 'EVTEST-JPG-IPTC-BYLINE');
    has('jpeg', 'JPEG:Comment', 'EVTEST-JPG-COMMENT');
    has('jpeg', 'JFIF:ThumbnailImage');
    has('jpeg', 'XMP:ExtendedXMP', 'EVTEST-JPG-EXTXMP');
    has('jpeg', 'JPEG:APP3', 'Meta');
    has('jpeg', 'MPF:MultiPictureIndex');
    has('jpeg', 'JPEG:Trailer', 'another JPEG image');
    has('png', 'PNG:Author', 'EVTEST-PNG-AUTHOR');
    has('png', 'PNG:Comment', 'EVTEST-PNG-ZTXT-COMMENT');
    has('png', 'XMP-dc:creator', 'EVTEST-PNG-XMP-CREATOR');
    has('png', 'IFD0:Artist', 'EVTEST-PNG-EXIF-ARTIST');
    has('png', 'PNG:ModifyDate', '2018:07:20 14:32:05');
    has('png', 'PNG:evTs');
    has('png', 'PNG:Trailer');
    has('webp', 'IFD0:Artist', 'EVTEST-WEBP-ARTIST');
    has('webp', 'XMP-dc:creator', 'EVTEST-WEBP-XMP');
    has('gif', 'GIF:Comment', 'EVTEST-GIF-COMMENT');
    has('gif', 'GIF:Text', 'EVTEST-GIF-PLAIN');
    has('gif', 'XMP-dc:creator', 'EVTEST-GIF-XMP');
    has('gif', 'GIF:Application EVTESTAPPXX');
    has('gif', 'GIF:Trailer');
    has('tiff', 'IFD0:Artist', 'EVTEST-TIFF-ARTIST');
    has('tiff', 'IFD0:HostComputer', 'EVTEST-TIFF-HOST');
    has('tiff', 'GPS:GPSLatitude');
    has('avif', 'IFD0:Artist', 'EVTEST-AVIF-ARTIST');
    for (const name of NAMES) for (const e of removed(name)) expect(e.value.length, `${name} ${e.name}`).toBeLessThanOrEqual(201);
  });
});

describe('shareable copies: the picture is unchanged', () => {
  it('each stripper proves it, and the proof says so', () => {
    for (const name of NAMES) {
      const { proof } = copy(name).outcome;
      expect(proof?.kind, name).toBe('image-data');
      expect(proof?.identical, name).toBe(true);
      expect(proof?.original, name).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("the vendored exiftool's ImageDataHash (SHA-256) is the same for original and copy", () => {
    const names = ['jpeg', 'png', 'tiff', 'avif'];
    const before = imageDataHashes(names.map((n) => fixture(n).file));
    const after = imageDataHashes(names.map((n) => copy(n).file));
    names.forEach((n, i) => {
      expect(before[i], n).toMatch(/^[0-9a-f]{64}$/);
      expect(after[i], n).toBe(before[i]);
    });
    // For TIFF/AVIF the stripper's proof is this very hash.
    expect(copy('tiff').outcome.proof?.copy).toBe(after[2]);
  });

  it('ffmpeg decodes the same pixels (every frame) from original and copy, without errors', () => {
    for (const name of ['jpeg', 'png', 'apng', 'webp', 'gif', 'tiff', 'avif']) {
      expect(decodedPixelsHash(copy(name).file), name).toBe(decodedPixelsHash(fixture(name).file));
      expect(decodeErrors(copy(name).file), name).toBe('');
    }
  });

  it('keeps what changes how the picture looks: orientation alone, ICC profile, JFIF density, Adobe transform, APNG and loop control', () => {
    const [j, p, w, t, g] = debianExiftoolRead(['jpeg', 'png', 'webp', 'tiff', 'gif'].map((n) => copy(n).file));
    expect(j?.['IFD0:Orientation']).toBe(6);
    expect(Object.keys(j ?? {}).filter((k) => k.startsWith('IFD0:'))).toEqual(['IFD0:Orientation']);
    expect(j?.['ICC-header:ProfileClass'] ?? j?.['ICC_Profile:ProfileClass']).toBe('mntr');
    expect(j?.['JFIF:JFIFVersion']).toBeDefined();
    expect(j?.['Adobe:DCTEncodeVersion']).toBe(100);
    expect(p?.['IFD0:Orientation']).toBe(8);
    expect(w?.['IFD0:Orientation']).toBe(3);
    expect(t?.['IFD0:Orientation']).toBe(6);
    expect(g?.['GIF:AnimationIterations']).toBe(0);
    expect(pngChunks(copy('apng').bytes).map((c) => c.type)).toEqual(expect.arrayContaining(['acTL', 'fcTL', 'fdAT']));
    const icc = minimalIccProfile();
    expect(copy('jpeg').bytes.includes(icc)).toBe(true);
  });

  it('writes no Exif at all when the orientation is normal', () => {
    const plain = cleanJpeg(stripOrientation(fixture('jpeg').bytes));
    expect(plain.bytes.includes('Exif\0\0')).toBe(false);
    expect(plain.proof.identical).toBe(true);
  });

  it('reads orientation and serials from little- and big-endian Exif alike', () => {
    const exif = readExif(Buffer.from('MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x05\0\0\0\0\0\0', 'latin1'));
    expect(exif.orientation).toBe(5);
    expect(exif.entries).toEqual([{ name: 'IFD0:Orientation', value: '5' }]);
  });
});

/** The JPEG fixture with its Exif orientation set to 1 (normal), by patching the Exif IFD0 entry. */
function stripOrientation(jpeg: Buffer): Buffer {
  const b = Buffer.from(jpeg);
  const exif = b.indexOf('Exif\0\0');
  const tiff = exif + 6;
  const le = b.toString('latin1', tiff, tiff + 2) === 'II';
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const ifd = tiff + (le ? b.readUInt32LE(tiff + 4) : b.readUInt32BE(tiff + 4));
  for (let k = 0; k < u16(ifd); k++) {
    const e = ifd + 2 + k * 12;
    if (u16(e) === 0x0112) {
      if (le) b.writeUInt16LE(1, e + 8);
      else b.writeUInt16BE(1, e + 8);
    }
  }
  return b;
}

describe('broken files fail with a reason, never pass through', () => {
  const cases: Array<[string, FormatStripper]> = [
    ['jpeg', jpegStripper],
    ['png', pngStripper],
    ['webp', webpStripper],
    ['gif', gifStripper],
  ];

  it.each(cases)('%s: truncated and corrupt files throw StripFailure with a user-facing reason', async (name, stripper) => {
    const original = fixture(name).bytes;
    const truncated = original.subarray(0, Math.floor(original.length * 0.6));
    const corrupt = Buffer.from(original);
    // Break the structure right after the signature: a segment length, a chunk name or a block type.
    const at = { jpeg: 4, png: 12, webp: 12, gif: 13 + 3 * 256 }[name] ?? 12;
    corrupt.fill(0xee, at, at + 6);
    for (const bad of [truncated, corrupt, Buffer.alloc(0), original.subarray(0, 8)]) {
      const err = await strip(stripper, bad).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(StripFailure);
      expect((err as Error).message.length).toBeGreaterThan(10);
      expect((err as Error).message).not.toContain(dir);
    }
  });

  it('PNG: a chunk with a bad CRC fails; an unknown critical chunk is unsupported', async () => {
    const png = Buffer.from(fixture('png').bytes);
    png[8 + 8 + 4] = (png[8 + 8 + 4] ?? 0) ^ 0xff; // IHDR width byte, CRC now wrong
    await expect(strip(pngStripper, png)).rejects.toBeInstanceOf(StripFailure);
    const critical = insertPngChunks(fixture('png').bytes, [pngChunk('EVTs', Buffer.from('x'))]);
    await expect(strip(pngStripper, critical)).rejects.toBeInstanceOf(StripUnsupported);
  });

  it('TIFF and AVIF through ExifTool: truncated and corrupt files fail; camera raws are refused', async () => {
    for (const name of ['tiff', 'avif']) {
      const original = fixture(name).bytes;
      await expect(strip(exiftoolImageStripper, original.subarray(0, 40)), name).rejects.toBeInstanceOf(StripFailure);
      const junk = Buffer.concat([original.subarray(0, 12), Buffer.alloc(200, 0xa5)]);
      await expect(strip(exiftoolImageStripper, junk), name).rejects.toThrow();
    }
    await expect(strip(cameraRawStripper, fixture('tiff').bytes)).rejects.toBeInstanceOf(StripUnsupported);
  }, 30_000);

  it.each(cases)('%s: fuzzing (300 seeded mutations) only ever strips or throws StripFailure/StripUnsupported, quickly', async (name, stripper) => {
    const original = fixture(name).bytes;
    const started = Date.now();
    let stripped = 0;
    let failed = 0;
    let i = 0;
    for (const bad of mutations(original, 0x5eed + name.length, 300)) {
      const t = Date.now();
      try {
        const out = await strip(stripper, bad);
        stripped++;
        expect(out.outcome.proof?.identical, `${name} #${i}`).toBe(true);
      } catch (err) {
        if (!(err instanceof StripFailure) && !(err instanceof StripUnsupported)) throw new Error(`${name} mutation #${i}: ${String(err)}`, { cause: err });
        expect((err as Error).message.length).toBeGreaterThan(10);
        failed++;
      }
      expect(Date.now() - t, `${name} #${i}`).toBeLessThan(1000);
      i++;
    }
    expect(stripped + failed).toBe(300);
    expect(failed).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(8000);
  });
});

describe('text has no metadata container', () => {
  it('is passed through byte for byte with a bytes proof', async () => {
    for (const text of ['Incident log\nline two\n', 'date,place\n2020-01-01,"x, y"\n', 'Überfall — ночь\r\n']) {
      const out = await strip(textStripper, Buffer.from(text));
      expect(out.bytes.toString()).toBe(text);
      expect(out.outcome).toMatchObject({ method: 'none-needed', removed: [], proof: { kind: 'bytes', identical: true } });
    }
  });

  it('refuses a file that only starts like text', async () => {
    const sneaky = Buffer.concat([Buffer.from('notes\n'.repeat(20000)), Buffer.from([0, 1, 2, 3]), Buffer.from('EVTEST')]);
    await expect(strip(textStripper, sneaky)).rejects.toBeInstanceOf(StripUnsupported);
  });
});
