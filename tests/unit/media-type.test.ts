import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffMediaType } from '../../src-main/core/ingest/media-type.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const ODT = 'application/vnd.oasis.opendocument.text';

const bytes = (...parts: Array<string | number[] | Uint8Array>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const u32be = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  return bytes(u32be(size), 'ftyp', major, [0, 0, 0, 0], ...compatible);
}

/** A ZIP local file header plus data, stored (method 0) unless told otherwise; no central directory needed. */
function zipEntry(name: string, data: string | Uint8Array, opts: { method?: number; flags?: number } = {}): Uint8Array {
  const body = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(opts.flags ?? 0, 6);
  h.writeUInt16LE(opts.method ?? 0, 8);
  h.writeUInt32LE(body.length, 18);
  h.writeUInt32LE(body.length, 22);
  h.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([h, Buffer.from(name), body]);
}

describe('sniffMediaType from hand-built headers', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF\0'), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 'image/png'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['WAV', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
    ['TIFF little-endian', bytes('II', [0x2a, 0, 8, 0, 0, 0]), 'image/tiff'],
    ['TIFF big-endian', bytes('MM', [0, 0x2a, 0, 0, 0, 8]), 'image/tiff'],
    ['HEIC (iPhone)', ftyp('heic', 'mif1', 'heic'), 'image/heic'],
    ['HEIC under a mif1 major brand', ftyp('mif1', 'mif1', 'heic'), 'image/heic'],
    ['HEIF', ftyp('mif1', 'mif1'), 'image/heif'],
    ['HEIC sequence', ftyp('msf1', 'msf1', 'hevc'), 'image/heic-sequence'],
    ['AVIF', ftyp('avif', 'avif', 'mif1', 'miaf'), 'image/avif'],
    ['MP4', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video/mp4'],
    ['MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video/mp4'],
    ['M4A', ftyp('M4A ', 'M4A ', 'mp42', 'isom'), 'audio/mp4'],
    ['MOV', ftyp('qt  ', 'qt  '), 'video/quicktime'],
    ['MOV without ftyp', bytes(u32be(8), 'wide', u32be(1000), 'mdat'), 'video/quicktime'],
    ['3GP', ftyp('3gp4', '3gp4', 'isom'), 'video/3gpp'],
    ['3G2', ftyp('3g2a', '3g2a'), 'video/3gpp2'],
    ['MP3 with ID3v2', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio/mpeg'],
    ['FLAC', bytes('fLaC', [0, 0, 0, 0x22]), 'audio/flac'],
    ['FLAC behind an ID3 tag', bytes('ID3', [3, 0, 0, 0, 0, 0, 4], [0, 0, 0, 0], 'fLaC', [0, 0, 0, 0x22]), 'audio/flac'],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf'],
    ['PDF after leading junk', bytes('\r\n\r\n%PDF-1.4\n'), 'application/pdf'],
  ];
  for (const [label, head, expected] of cases) {
    it(`${label} → ${expected}`, () => expect(sniffMediaType(head)).toBe(expected));
  }

  it('tells bare MPEG frames from a random frame-sync lookalike', () => {
    // MPEG-1 Layer III, 128 kbps, 44.1 kHz, no padding: 417-byte frames.
    const frame = bytes([0xff, 0xfb, 0x90, 0x00], new Uint8Array(413));
    expect(sniffMediaType(bytes(frame, frame, frame))).toBe('audio/mpeg');
    const fake = bytes([0xff, 0xfb, 0x90, 0x00], new Uint8Array(413), [0x12, 0x34, 0x56, 0x78]);
    expect(sniffMediaType(fake)).toBe('application/octet-stream');
  });

  it('reads Opus vs Vorbis from the first Ogg page', () => {
    const page = (packet: Uint8Array): Uint8Array =>
      bytes('OggS', [0, 2], new Uint8Array(20), [1, packet.length], packet);
    expect(sniffMediaType(page(bytes('OpusHead', [1, 2, 0x38, 1])))).toBe('audio/opus');
    expect(sniffMediaType(page(bytes([1], 'vorbis', [0, 0, 0, 0])))).toBe('audio/ogg');
    expect(sniffMediaType(page(bytes([0x80], 'theora')))).toBe('video/ogg');
    expect(sniffMediaType(page(bytes('unknown')))).toBe('application/ogg');
  });

  it('tells office documents from plain ZIP by their entries', () => {
    const ct = zipEntry('[Content_Types].xml', '<Types/>');
    const rels = zipEntry('_rels/.rels', '<Relationships/>');
    expect(sniffMediaType(bytes(ct, rels, zipEntry('word/document.xml', '<w:document/>')))).toBe(DOCX);
    expect(sniffMediaType(bytes(ct, rels, zipEntry('xl/workbook.xml', '<workbook/>')))).toBe(XLSX);
    expect(sniffMediaType(bytes(ct, rels, zipEntry('ppt/presentation.xml', '<p/>')))).toBe(PPTX);
    // Streamed entries (flag bit 3) carry their sizes after the data: still found by signature.
    const streamed = bytes(
      zipEntry('[Content_Types].xml', '<Types/>', { flags: 8, method: 8 }),
      zipEntry('word/document.xml', '<w:document/>', { flags: 8, method: 8 }),
    );
    expect(sniffMediaType(streamed)).toBe(DOCX);
    // word/ without [Content_Types].xml is just a ZIP that happens to have a folder named word.
    expect(sniffMediaType(bytes(zipEntry('word/notes.txt', 'hi')))).toBe('application/zip');
    expect(sniffMediaType(bytes(zipEntry('photos/a.jpg', 'x'), zipEntry('photos/b.jpg', 'y')))).toBe('application/zip');
    expect(sniffMediaType(bytes([0x50, 0x4b, 0x05, 0x06], new Uint8Array(18)))).toBe('application/zip');
  });

  it('reads OpenDocument types from the stored mimetype entry', () => {
    const mime = (t: string): Uint8Array => bytes(zipEntry('mimetype', t), zipEntry('content.xml', '<office:document-content/>'));
    expect(sniffMediaType(mime(ODT))).toBe(ODT);
    expect(sniffMediaType(mime('application/vnd.oasis.opendocument.spreadsheet'))).toBe('application/vnd.oasis.opendocument.spreadsheet');
    expect(sniffMediaType(mime('application/vnd.oasis.opendocument.presentation'))).toBe('application/vnd.oasis.opendocument.presentation');
    // A mimetype entry that declares something else is not trusted.
    expect(sniffMediaType(mime('text/html'))).toBe('application/zip');
  });

  it('uses bytes, not the name: text/plain, refined to text/csv only for text', () => {
    const csv = bytes('name,date\n"Doe, Jane",2024-01-02\n');
    expect(sniffMediaType(csv)).toBe('text/plain');
    expect(sniffMediaType(csv, 'export.CSV')).toBe('text/csv');
    expect(sniffMediaType(csv, 'photo.jpg')).toBe('text/plain');
    expect(sniffMediaType(bytes([0x89], 'PNG\r\n\x1a\n'), 'export.csv')).toBe('image/png');
    expect(sniffMediaType(bytes('a,b\0c'), 'export.csv')).toBe('application/octet-stream');
    expect(sniffMediaType(Buffer.from('Grüße, 日本語, emoji 😀\r\n\ttabbed\n'))).toBe('text/plain');
    expect(sniffMediaType(Buffer.from('\ufeffwith a BOM\n'))).toBe('text/plain');
  });

  it('tolerates a UTF-8 sequence cut by the end of the head, not invalid UTF-8', () => {
    const cut = Buffer.from('abc 😀').subarray(0, 6); // the emoji's 4 bytes cut after 2
    expect(sniffMediaType(cut)).toBe('text/plain');
    expect(sniffMediaType(bytes('abc', [0xc3, 0x28], 'def'))).toBe('application/octet-stream');
    expect(sniffMediaType(bytes('abc', [0x01, 0x02], 'def'))).toBe('application/octet-stream');
  });

  it('answers application/octet-stream for empty and unknown bytes', () => {
    expect(sniffMediaType(new Uint8Array(0))).toBe('application/octet-stream');
    expect(sniffMediaType(new Uint8Array(0), 'data.csv')).toBe('application/octet-stream');
    let x = 12345;
    const noise = Uint8Array.from({ length: 4096 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24) & 0xff);
    noise[0] = 0x00;
    expect(sniffMediaType(noise)).toBe('application/octet-stream');
  });
});

describe('sniffMediaType on real files made by ffmpeg', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-sniff-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const ffmpeg = (...args: string[]): void => {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });
  };
  const image = ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=1', '-frames:v', '1'];
  const video = ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10:duration=1'];
  const audio = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];

  async function head(name: string): Promise<Uint8Array> {
    const fh = await fs.open(path.join(dir, name), 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  const real: Array<[string, () => void, string]> = [
    ['x.jpg', () => ffmpeg(...image, 'x.jpg'), 'image/jpeg'],
    ['x.png', () => ffmpeg(...image, 'x.png'), 'image/png'],
    ['x.gif', () => ffmpeg(...image, 'x.gif'), 'image/gif'],
    ['x.tiff', () => ffmpeg(...image, 'x.tiff'), 'image/tiff'],
    ['x.webp', () => ffmpeg(...image, '-c:v', 'libwebp', 'x.webp'), 'image/webp'],
    ['x.avif', () => ffmpeg(...image, '-c:v', 'libaom-av1', '-still-picture', '1', '-cpu-used', '8', 'x.avif'), 'image/avif'],
    ['x.mp4', () => ffmpeg(...video, ...audio, '-c:v', 'libx264', '-c:a', 'aac', '-shortest', 'x.mp4'), 'video/mp4'],
    ['x.mov', () => ffmpeg(...video, '-c:v', 'libx264', 'x.mov'), 'video/quicktime'],
    ['x.3gp', () => ffmpeg(...video, ...audio, '-c:v', 'libx264', '-c:a', 'aac', '-ar', '16000', '-shortest', 'x.3gp'), 'video/3gpp'],
    ['x.m4a', () => ffmpeg(...audio, '-c:a', 'aac', 'x.m4a'), 'audio/mp4'],
    // Audio-only with the generic isom brand: told apart by its only track handler being sound.
    ['audio-only.mp4', () => ffmpeg(...audio, '-c:a', 'aac', '-movflags', '+faststart', 'audio-only.mp4'), 'audio/mp4'],
    ['x.mp3', () => ffmpeg(...audio, '-c:a', 'libmp3lame', 'x.mp3'), 'audio/mpeg'],
    ['bare.mp3', () => ffmpeg(...audio, '-c:a', 'libmp3lame', '-id3v2_version', '0', '-write_xing', '0', 'bare.mp3'), 'audio/mpeg'],
    ['x.wav', () => ffmpeg(...audio, 'x.wav'), 'audio/wav'],
    ['x.flac', () => ffmpeg(...audio, 'x.flac'), 'audio/flac'],
    ['x.opus', () => ffmpeg(...audio, '-c:a', 'libopus', '-f', 'ogg', 'x.opus'), 'audio/opus'],
    ['x.ogg', () => ffmpeg(...audio, '-c:a', 'libvorbis', 'x.ogg'), 'audio/ogg'],
  ];
  for (const [name, make, expected] of real) {
    it(`${name} → ${expected}`, async () => {
      make();
      expect(sniffMediaType(await head(name))).toBe(expected);
      // Renamed evidence is still recognised: the name never decides a binary type.
      expect(sniffMediaType(await head(name), 'renamed.csv')).toBe(expected);
    });
  }

  it('recognises office documents written by the zip tool', async () => {
    const work = path.join(dir, 'office');
    await fs.mkdir(path.join(work, 'word'), { recursive: true });
    await fs.mkdir(path.join(work, '_rels'));
    await fs.writeFile(path.join(work, '[Content_Types].xml'), '<?xml version="1.0"?><Types/>');
    await fs.writeFile(path.join(work, '_rels', '.rels'), '<Relationships/>');
    await fs.writeFile(path.join(work, 'word', 'document.xml'), '<w:document>' + 'text '.repeat(2000) + '</w:document>');
    execFileSync('zip', ['-q', '-X', '-r', '../x.docx', '[Content_Types].xml', '_rels', 'word'], { cwd: work });
    expect(sniffMediaType(await head('x.docx'))).toBe(DOCX);

    const odt = path.join(dir, 'odt');
    await fs.mkdir(odt);
    await fs.writeFile(path.join(odt, 'mimetype'), ODT);
    await fs.writeFile(path.join(odt, 'content.xml'), '<office:document-content/>');
    execFileSync('zip', ['-q', '-X', '-0', '../x.odt', 'mimetype'], { cwd: odt });
    execFileSync('zip', ['-q', '-X', '-r', '../x.odt', 'content.xml'], { cwd: odt });
    expect(sniffMediaType(await head('x.odt'))).toBe(ODT);

    execFileSync('zip', ['-q', '-X', '-r', 'plain.zip', 'odt'], { cwd: dir });
    expect(sniffMediaType(await head('plain.zip'))).toBe('application/zip');
  });
});
