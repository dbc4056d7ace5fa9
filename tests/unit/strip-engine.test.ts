/**
 * The strip engine: dispatch by media type, the proof and verification gates, holding the copy until it
 * is checked (in memory and spooled), and the allow-list of the verification scan for every family —
 * clean copies made by ffmpeg/mat2/qpdf/zip here must pass, dirty ones must fail, by tag name only.
 * Also the private temp files. Fixtures are built here; nothing reads ../shared/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStripTools, duplicateRegistrations, ENGINE_VERSION, registeredStrippers, stripForSharing, stripWith } from '../../src-main/core/strip/engine.ts';
import { handOver } from '../../src-main/core/strip/formats/jpeg.ts';
import { createTempSpool, sweepStaleFolders, tempRoot, withTempFile } from '../../src-main/core/strip/temp-files.ts';
import { bufferSource, collectingSink, StripFailure, type FormatStripper, type StripOutcome } from '../../src-main/core/strip/types.ts';
import { familyOf, offendingTags, scanFile } from '../../src-main/core/strip/verify-scan.ts';
import { blankIsoStrings, debianExiftoolWrite, ffmpeg, folderContext, makeTempDir } from '../helpers/strip-fixtures-images.ts';

let dir: string;
let dirtyJpeg: Buffer;
const ctx = () => folderContext(dir);
const OFFICE_DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function file(name: string): string {
  return path.join(dir, name);
}

beforeAll(() => {
  dir = makeTempDir('ev-strip-engine-');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=320x240', '-frames:v', '1', file('photo.jpg')]);
  debianExiftoolWrite(file('photo.jpg'), ['-Artist=EVTEST-ENGINE-ARTIST', '-GPSLatitude=43.3178', '-GPSLatitudeRef=N', '-SerialNumber=032021001234', '-Orientation#=6']);
  dirtyJpeg = fs.readFileSync(file('photo.jpg'));
});

afterAll(async () => {
  await closeStripTools();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(bytes: Buffer, mediaType: string, options = {}) {
  const sink = collectingSink();
  const result = await stripForSharing(bufferSource(bytes), mediaType, sink, ctx(), options);
  return { result, out: sink.bytes() };
}

/** A stripper that writes whatever it is told and claims whatever proof it is given. */
function fake(name: string, write: (sink: { write(c: Uint8Array): Promise<void> }) => Promise<void>, proof: StripOutcome['proof'] | 'good' = 'good'): FormatStripper {
  return {
    name,
    mediaTypes: ['image/jpeg'],
    async strip(_src, sink) {
      await write(sink);
      const p = proof === 'good' ? { kind: 'image-data' as const, original: 'a'.repeat(64), copy: 'a'.repeat(64), identical: true } : proof;
      return { method: name, removed: [], proof: p };
    },
  };
}

describe('dispatch', () => {
  it('registers each media type once, covering the image, text and the other formats', () => {
    expect(duplicateRegistrations()).toEqual([]);
    const types = registeredStrippers().map((r) => r.mediaType);
    for (const t of ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/heic', 'image/heif', 'image/avif', 'text/plain', 'text/csv']) expect(types).toContain(t);
    for (const t of ['audio/mpeg', 'audio/wav', 'audio/flac', 'audio/ogg', 'video/mp4', 'application/pdf', OFFICE_DOCX]) expect(types).toContain(t);
    for (const t of types) expect(familyOf(t), t).toBeDefined();
  });

  it('an unknown media type is unsupported with a reason, and the sink gets nothing', async () => {
    const { result, out } = await run(Buffer.from('whatever'), 'application/octet-stream');
    expect(result).toMatchObject({ status: 'unsupported', method: null, proof: null, verification: { ok: false, offending: [] } });
    expect(result.reason).toMatch(/cannot be made/);
    expect(out.length).toBe(0);
  });

  it('strips a dirty JPEG end to end: verified, proven, versions recorded', async () => {
    const { result, out } = await run(dirtyJpeg, 'image/jpeg');
    expect(result.status).toBe('stripped');
    expect(result.method).toBe('jpeg-segments');
    expect(result.verification).toEqual({ ok: true, offending: [] });
    expect(result.proof).toMatchObject({ kind: 'image-data', identical: true });
    expect(result.toolVersions).toEqual({ exiftool: expect.stringMatching(/^1[3-9]\.\d+/), engine: ENGINE_VERSION });
    expect(result.removed.some((e) => e.name === 'IFD0:Artist' && e.value === 'EVTEST-ENGINE-ARTIST')).toBe(true);
    expect(out.includes('EVTEST')).toBe(false);
    expect(out.includes('Exif\0\0')).toBe(true); // orientation only
  });

  it('a corrupt file fails with the stripper’s reason; the sink gets nothing', async () => {
    const { result, out } = await run(dirtyJpeg.subarray(0, 2000), 'image/jpeg');
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/truncated/i);
    expect(out.length).toBe(0);
  });

  it('text comes through byte for byte; text with binary further on is unsupported', async () => {
    const text = Buffer.from('date,place\n2020-01-01,north\n');
    const ok = await run(text, 'text/csv');
    expect(ok.result).toMatchObject({ status: 'stripped', method: 'none-needed', proof: { kind: 'bytes', identical: true } });
    expect(ok.out.equals(text)).toBe(true);
    const bad = await run(Buffer.concat([text, Buffer.from([0, 0, 0])]), 'text/plain');
    expect(bad.result.status).toBe('unsupported');
    expect(bad.out.length).toBe(0);
  });
});

describe('gates around any stripper', () => {
  const use = async (stripper: FormatStripper, bytes = dirtyJpeg, options = {}) => {
    const sink = collectingSink();
    const result = await stripWith(stripper, bufferSource(bytes), 'image/jpeg', sink, ctx(), options);
    return { result, out: sink.bytes() };
  };

  it('a copy with metadata left fails the scan, which names tags and never their values', async () => {
    const { result, out } = await use(fake('leaky', (s) => s.write(dirtyJpeg)));
    expect(result.status).toBe('failed');
    expect(result.verification.ok).toBe(false);
    expect(result.verification.offending).toEqual(expect.arrayContaining(['IFD0:Artist', 'GPS:GPSLatitude', 'ExifIFD:SerialNumber']));
    expect(JSON.stringify(result.verification)).not.toMatch(/EVTEST|43\.3|032021/);
    expect(result.reason).not.toMatch(/EVTEST/);
    expect(out.length).toBe(0);
  });

  it('data after the end of a JPEG fails the copy', async () => {
    const clean = (await run(dirtyJpeg, 'image/jpeg')).out;
    const { result } = await use(fake('trailer', (s) => s.write(Buffer.concat([clean, Buffer.from('hidden')]))));
    expect(result).toMatchObject({ status: 'failed', verification: { offending: ['JPEG:Trailer'] } });
  });

  it('data after the end of a GIF fails the copy (ExifTool would not see it)', async () => {
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=32x24', '-frames:v', '1', file('g.gif')]);
    const gif = fs.readFileSync(file('g.gif'));
    const gifFake = (bytes: Buffer): FormatStripper => ({ ...fake('gif', (s) => s.write(bytes)), mediaTypes: ['image/gif'] });
    const run2 = (bytes: Buffer, options = {}) => stripWith(gifFake(bytes), bufferSource(gif), 'image/gif', collectingSink(), ctx(), options);
    expect((await run2(gif)).status).toBe('stripped');
    const hidden = Buffer.concat([gif, Buffer.from('hidden')]);
    expect(await run2(hidden)).toMatchObject({ status: 'failed', verification: { offending: ['GIF:Trailer'] } });
    expect(await run2(hidden, { memoryLimit: 16 })).toMatchObject({ status: 'failed', verification: { offending: ['GIF:Trailer'] } });
  });

  it('no proof, or a proof of change, fails the copy', async () => {
    const clean = (await run(dirtyJpeg, 'image/jpeg')).out;
    expect((await use(fake('unproven', (s) => s.write(clean), null))).result.status).toBe('failed');
    const changed = await use(fake('changed', (s) => s.write(clean), { kind: 'image-data', original: 'a'.repeat(64), copy: 'b'.repeat(64), identical: false }));
    expect(changed.result).toMatchObject({ status: 'failed', reason: expect.stringMatching(/changed/) });
    expect(changed.out.length).toBe(0);
  });

  it("a 'bytes' proof is measured again by the engine", async () => {
    const liar = fake('liar', (s) => s.write(Buffer.from('not the original')), { kind: 'bytes', original: 'c'.repeat(64), copy: 'c'.repeat(64), identical: true });
    const { result } = await stripWith(liar, bufferSource(Buffer.from('the original')), 'text/plain', collectingSink(), ctx()).then((r) => ({ result: r }));
    expect(result.status).toBe('failed');
  });

  it('an unexpected error fails without passing its message on (it may hold a path)', async () => {
    const boom: FormatStripper = { name: 'boom', mediaTypes: ['image/jpeg'], strip: async () => { throw new TypeError(`cannot read ${dir}/evidence.jpg`); } };
    const { result } = await use(boom);
    expect(result.status).toBe('failed');
    expect(result.reason).not.toContain(dir);
  });

  it('copies chunks a stripper reuses, keeps handed-over ones as they are', async () => {
    const clean = (await run(dirtyJpeg, 'image/jpeg')).out;
    const reuse = fake('reuse', async (s) => {
      const scratch = Buffer.alloc(1000);
      for (let at = 0; at < clean.length; at += scratch.length) {
        const n = clean.copy(scratch, 0, at, at + scratch.length);
        await s.write(scratch.subarray(0, n));
        scratch.fill(0xaa); // reused: the engine must have copied
      }
    });
    const { result, out } = await use(reuse);
    expect(result.status).toBe('stripped');
    expect(out.equals(clean)).toBe(true);
    const given = handOver(Buffer.from(clean));
    const kept = await use(fake('handover', (s) => s.write(given)));
    expect(kept.out.equals(clean)).toBe(true);
  });

  it('spools a copy larger than the memory limit to a private temp file, scans it whole, then removes it', async () => {
    const inMemory = await run(dirtyJpeg, 'image/jpeg');
    const spooled = await run(dirtyJpeg, 'image/jpeg', { memoryLimit: 1024 });
    expect(spooled.result.status).toBe('stripped');
    expect(spooled.out.equals(inMemory.out)).toBe(true);
    // The whole-file scan sees a trailer through ExifTool itself.
    const clean = inMemory.out;
    const leaky = await use(fake('trailer', (s) => s.write(Buffer.concat([clean, Buffer.from('hidden trailer bytes')]))), dirtyJpeg, { memoryLimit: 1024 });
    expect(leaky.result.status).toBe('failed');
    expect(leaky.result.verification.offending).toContain('File:Trailer');
    const left = fs.readdirSync(tempRoot().dir).filter((n) => n.startsWith(`ev-strip-${process.pid}-`));
    for (const d of left) expect(fs.readdirSync(path.join(tempRoot().dir, d))).toEqual([]);
  });
});

/** A small valid PDF with a correct xref table; `info` adds an Info dictionary. */
function pdf(info?: string): Buffer {
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
    '<</Length 44>>stream\nBT /F1 12 Tf 20 100 Td (Statement text) Tj ET\nendstream',
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
    ...(info === undefined ? [] : [info]),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R${info === undefined ? '' : `/Info ${objects.length} 0 R`}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A minimal DOCX by python's zipfile: 1980 timestamps (no date) unless `dated`, core properties if `props`. */
function docx(out: string, props: boolean, dated: boolean): void {
  const script = `
import zipfile, sys
z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)
def add(name, data):
    zi = zipfile.ZipInfo(name, date_time=(2018,7,20,14,32,4) if ${dated ? 'True' : 'False'} else (1980,1,1,0,0,0))
    zi.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(zi, data)
props = ${props ? 'True' : 'False'}
add('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' + ('<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' if props else '') + '</Types>')
add('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' if props else '') + '</Relationships>')
add('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Statement</w:t></w:r></w:p></w:body></w:document>')
if props:
    add('docProps/core.xml', '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>EVTEST-DOCX-CREATOR</dc:creator></cp:coreProperties>')
z.close()
`;
  const r = spawnSync('python3', ['-c', script, out]);
  if (r.status !== 0) throw new Error(String(r.stderr));
}

describe('verification scan: the allow-list, family by family', () => {
  const BX = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'];
  const clean: Array<[string, string]> = [];
  const dirty: Array<[string, string, string]> = [];

  beforeAll(() => {
    const sine = ['-f', 'lavfi', '-i', 'sine=d=0.3'];
    const video = ['-f', 'lavfi', '-i', 'testsrc=s=160x120:d=0.3', ...sine, '-shortest'];
    const make = (name: string, args: string[]) => {
      ffmpeg([...args, file(name)]);
      return file(name);
    };
    clean.push(['audio/mpeg', make('c.mp3', [...sine, ...BX, '-write_xing', '0', '-id3v2_version', '0'])]);
    clean.push(['audio/wav', make('c.wav', [...sine, ...BX])]);
    clean.push(['audio/flac', make('c.flac', [...sine, ...BX])]);
    // ffmpeg writes an ENCODER comment into Ogg; mat2 removes it and keeps the required vendor string.
    make('m.ogg', [...sine, '-c:a', 'libvorbis']);
    spawnSync('mat2', ['--inplace', file('m.ogg')]);
    clean.push(['audio/ogg', file('m.ogg')]);
    for (const [type, name, extra] of [
      ['audio/mp4', 'c.m4a', ['-c:a', 'aac']],
      ['video/mp4', 'c.mp4', ['-c:v', 'libx264', '-c:a', 'aac']],
      ['video/quicktime', 'c.mov', ['-c:v', 'mpeg4', '-c:a', 'aac']],
    ] as const) {
      const f = make(name, [...(type === 'audio/mp4' ? sine : video), ...BX, ...extra]);
      fs.writeFileSync(f, blankIsoStrings(fs.readFileSync(f)));
      clean.push([type, f]);
    }
    fs.writeFileSync(file('c.pdf'), pdf());
    clean.push(['application/pdf', file('c.pdf')]);
    docx(file('c.docx'), false, false);
    clean.push([OFFICE_DOCX, file('c.docx')]);
    fs.writeFileSync(file('c.txt'), 'line one\nline two\n');
    clean.push(['text/plain', file('c.txt')]);

    dirty.push(['audio/mpeg', make('d.mp3', [...sine, '-metadata', 'artist=EVTEST-ARTIST']), 'ID3v2_4:Artist']);
    dirty.push(['audio/wav', make('d.wav', [...sine, '-metadata', 'title=EVTEST-TITLE']), 'RIFF:Title']);
    dirty.push(['audio/flac', make('d.flac', [...sine, '-metadata', 'artist=EVTEST-ARTIST']), 'Vorbis:Artist']);
    dirty.push(['audio/mp4', make('d.m4a', [...sine, ...BX, '-c:a', 'aac']), 'Track1:HandlerDescription']);
    dirty.push(['video/mp4', make('d.mp4', [...video, '-c:v', 'libx264', '-c:a', 'aac', '-metadata', 'title=EVTEST-TITLE', '-metadata', 'creation_time=2018-07-20T11:32:05Z']), 'QuickTime:CreateDate']);
    fs.writeFileSync(file('d.pdf'), pdf('<</Author(EVTEST-AUTHOR)/Producer(Witness Phone)>>'));
    dirty.push(['application/pdf', file('d.pdf'), 'PDF:Author']);
    docx(file('d.docx'), true, false);
    dirty.push([OFFICE_DOCX, file('d.docx'), 'XMP-dc:Creator']);
    docx(file('e.docx'), false, true);
    dirty.push([OFFICE_DOCX, file('e.docx'), 'ZIP:ZipModifyDate']);
    dirty.push(['image/jpeg', file('photo.jpg'), 'GPS:GPSLatitude']);
  }, 60_000);

  it('clean copies of every family pass', async () => {
    const results = await Promise.all(clean.map(([type, f]) => scanFile(f, type, fs.statSync(f).size)));
    results.forEach((r, i) => expect(r, clean[i]?.[0]).toEqual({ ok: true, offending: [] }));
  });

  it('dirty files of every family fail, naming the tag', async () => {
    const results = await Promise.all(dirty.map(([type, f]) => scanFile(f, type, fs.statSync(f).size)));
    results.forEach((r, i) => {
      const [type, , tag] = dirty[i] ?? ['', '', ''];
      expect(r.ok, type).toBe(false);
      expect(r.offending.some((o) => o === tag || o.endsWith(`:${tag}`)), `${type}: ${r.offending.join(' ')}`).toBe(true);
      expect(JSON.stringify(r), type).not.toMatch(/EVTEST|43\.3/);
    });
  });

  it('judges values where the name alone is not enough', () => {
    const ok = (tags: Record<string, unknown>, family: Parameters<typeof offendingTags>[1]) => offendingTags(tags, family);
    expect(ok({ 'QuickTime:CreateDate': '0000:00:00 00:00:00', 'Track1:MediaCreateDate': '0000:00:00 00:00:00' }, 'video')).toEqual([]);
    expect(ok({ 'QuickTime:CreateDate': '2018:07:20 11:32:05' }, 'video')).toEqual(['QuickTime:CreateDate']);
    expect(ok({ 'Track1:HandlerDescription': '', 'Track2:HandlerDescription': 'Core Media Video' }, 'video')).toEqual(['Track2:HandlerDescription']);
    expect(ok({ 'Vorbis:Vendor': 'Xiph.Org libVorbis I 20200704', 'Opus:OpusVersion': 1 }, 'audio')).toEqual([]);
    expect(ok({ 'Vorbis:Vendor': 'Field Recorder Pro 2.1 (SN 6012345)' }, 'audio')).toEqual(['Vorbis:Vendor']);
    expect(ok({ 'ZIP:ZipModifyDate': '1980:01:01 00:00:00', 'Doc2:ZIP:Copy1:ZipFileName': 'word/document.xml' }, 'office')).toEqual([]);
    expect(ok({ 'QuickTime:Unknown_free': '\0\0\0\0', 'QuickTime:Free': '(Binary data 12 bytes, use -b option to extract)' }, 'video')).toEqual(['QuickTime:Free']);
  });

  it('treats embedded documents as content only where they are (PDF pages, office parts)', () => {
    const tags = { 'Doc1:File:FileType': 'JPEG', 'Doc1:File:ImageWidth': 320, 'Doc1:IFD0:Artist': 'x' };
    expect(offendingTags(tags, 'pdf')).toEqual(['Doc1:IFD0:Artist']);
    expect(offendingTags(tags, 'image')).toEqual(['Doc1:File:FileType', 'Doc1:File:ImageWidth', 'Doc1:IFD0:Artist']);
  });

  it('counts ExifTool warnings and errors as failures, ignores the temp file’s own file-system tags', () => {
    expect(offendingTags({ 'ExifTool:Warning': 'x', 'ExifTool:Copy1:Error': 'y', 'System:FileName': 'copy.jpg' }, 'image')).toEqual(['ExifTool:Error', 'ExifTool:Warning']);
    expect(offendingTags({ 'System:FileModifyDate': '2018:07:20', 'File:FileType': 'PNG', 'ExifTool:ExifToolVersion': 13.59 }, 'image')).toEqual([]);
  });
});

describe('private temp files', () => {
  it('lives in a 0700 folder as a 0600 file, memory-backed on Linux, and is gone afterwards — even on a throw', async () => {
    let seen = '';
    await withTempFile(Buffer.from('secret'), 'jpg', async (f) => {
      seen = f;
      expect(fs.readFileSync(f, 'utf8')).toBe('secret');
      if (process.platform !== 'win32') {
        expect(fs.statSync(f).mode & 0o777).toBe(0o600);
        expect(fs.statSync(path.dirname(f)).mode & 0o777).toBe(0o700);
      }
    });
    expect(fs.existsSync(seen)).toBe(false);
    if (process.platform === 'linux' && fs.existsSync('/dev/shm')) expect(tempRoot()).toEqual({ dir: '/dev/shm', memoryBacked: true });
    let thrown = '';
    await expect(
      withTempFile(Buffer.from('secret'), 'png', async (f) => {
        thrown = f;
        throw new StripFailure('no');
      }),
    ).rejects.toBeInstanceOf(StripFailure);
    expect(fs.existsSync(thrown)).toBe(false);
  });

  it('spools large copies in pieces and removes them on dispose', async () => {
    const spool = await createTempSpool('mp4');
    await spool.write(Buffer.alloc(3 << 20, 1));
    await spool.write(Buffer.from('end'));
    const back: Buffer[] = [];
    for await (const c of spool.chunks()) back.push(c);
    expect(Buffer.concat(back).length).toBe((3 << 20) + 3);
    expect(fs.existsSync(spool.path)).toBe(true);
    await spool.dispose();
    await spool.dispose();
    expect(fs.existsSync(spool.path)).toBe(false);
  });

  it('sweeps folders left by processes that no longer run, and only those', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const root = tempRoot().dir;
    const stale = path.join(root, `ev-strip-${dead.stdout}-test`);
    fs.mkdirSync(stale, { mode: 0o700 });
    fs.writeFileSync(path.join(stale, 'leftover.jpg'), 'x');
    const live = path.join(root, `ev-strip-${process.ppid}-test`);
    fs.mkdirSync(live, { mode: 0o700 });
    try {
      expect(await sweepStaleFolders()).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      fs.rmSync(stale, { recursive: true, force: true });
      fs.rmSync(live, { recursive: true, force: true });
    }
  });
});

describe('throughput', () => {
  it('strips and verifies 40 photos concurrently, in batches of scans', async () => {
    const t = Date.now();
    const results = await Promise.all(Array.from({ length: 40 }, () => run(dirtyJpeg, 'image/jpeg')));
    expect(results.every((r) => r.result.status === 'stripped')).toBe(true);
    expect(Date.now() - t).toBeLessThan(10_000);
  });
});
