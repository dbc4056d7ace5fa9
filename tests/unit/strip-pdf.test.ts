import { readFile, writeFile, readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfStripper } from '../../src-main/core/strip/formats/pdf.ts';
import { StripFailure, StripUnsupported } from '../../src-main/core/strip/types.ts';
import {
  IDENTIFYING,
  exiftoolJson,
  fuzz,
  jpegWithExif,
  stripBytes,
  tool,
  toolOk,
  workdir,
  type Workdir,
} from '../helpers/strip-fixtures-pdf-office.ts';

/**
 * Fixtures are written as raw PDF syntax: revision 1 is a complete document full of identifying
 * things, revision 2 an incremental update with a new Info object (a different object number, so the
 * old Info survives in the bytes unless the rewrite drops unreachable objects) and a rewritten
 * annotation.
 */
const M = 'PDFMARK';
const TEXT = 'Sample statement text for the vault';

type PdfObject = { num: number; body: Buffer };

function obj(num: number, body: string | Buffer): PdfObject {
  return { num, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1') };
}

function stream(num: number, dict: string, data: Buffer): PdfObject {
  return obj(num, Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
}

/** Appends a section (objects, xref, trailer) to `prefix`, returning the new bytes. */
function section(prefix: Buffer, objects: PdfObject[], trailer: string, prev?: number): Buffer {
  const parts: Buffer[] = [prefix];
  let offset = prefix.length;
  const offsets = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.num, offset);
    const chunk = Buffer.concat([Buffer.from(`${o.num} 0 obj\n`, 'latin1'), o.body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    offset += chunk.length;
  }
  const xrefAt = offset;
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let xref = 'xref\n';
  if (prev === undefined) {
    const size = Math.max(...nums) + 1;
    xref += `0 ${size}\n0000000000 65535 f \n`;
    for (let n = 1; n < size; n++) {
      const at = offsets.get(n);
      xref += at === undefined ? '0000000000 00000 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`;
    }
  } else {
    for (const n of nums) xref += `${n} 1\n${String(offsets.get(n)).padStart(10, '0')} 00000 n \n`;
  }
  xref += `trailer\n<< ${trailer}${prev === undefined ? '' : ` /Prev ${prev}`} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

const xmp = (creator: string, docId: string): Buffer =>
  Buffer.from(
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">` +
      `<dc:creator><rdf:Seq><rdf:li>${creator}</rdf:li></rdf:Seq></dc:creator><xmpMM:DocumentID>uuid:${docId}</xmpMM:DocumentID>` +
      `<xmp:CreateDate>2018-07-20T14:32:05+03:00</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
    'utf8',
  );

type FixtureOptions = { signed?: boolean };

function buildPdf(jpeg: Buffer, options: FixtureOptions = {}): Buffer {
  const content = Buffer.from(`BT /F1 14 Tf 20 160 Td (${TEXT}) Tj ET\nq 64 0 0 48 20 40 cm /Im1 Do Q\n`, 'latin1');
  const acroForm = options.signed ? ' /AcroForm << /Fields [20 0 R] /SigFlags 3 >>' : '';
  const objects: PdfObject[] = [
    obj(1, `<< /Type /Catalog /Pages 2 0 R /Metadata 9 0 R /Names << /EmbeddedFiles 12 0 R /JavaScript 14 0 R >> /OpenAction 15 0 R /PieceInfo << /${M}App << /Private (${M}-PIECEINFO) >> >>${acroForm} >>`),
    obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    obj(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 4 0 R /Annots [7 0 R 16 0 R 8 0 R 22 0 R 23 0 R] /LastModified (D:20180720143205+03'00') /AA << /O 15 0 R >> /PieceInfo << /${M}App << /Private (${M}-PAGE-PIECEINFO) >> >> >>`),
    stream(4, '', content),
    obj(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
    stream(6, '/Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Metadata 17 0 R', jpeg),
    obj(7, `<< /Type /Annot /Subtype /Text /Rect [200 150 220 170] /T (${M}-ANNOT-AUTHOR-OLD) /M (D:20180720143205+03'00') /NM (${M}-NM) /Contents (${M}-ANNOT-NOTE) /Popup 16 0 R >>`),
    obj(8, `<< /Type /Annot /Subtype /FileAttachment /Rect [230 150 250 170] /T (${M}-ATTACH-AUTHOR) /FS 10 0 R /Contents (attachment) >>`),
    stream(9, '/Type /Metadata /Subtype /XML', xmp(`${M}-XMP-CREATOR`, `${M}-XMP-DOCID`)),
    obj(10, `<< /Type /Filespec /F (${M}-ATTACHED.txt) /UF (${M}-ATTACHED.txt) /EF << /F 11 0 R >> >>`),
    stream(11, '/Type /EmbeddedFile', Buffer.from(`${M}-ATTACHED-CONTENT`, 'latin1')),
    obj(12, `<< /Names [(${M}-EMBEDDED.txt) 13 0 R] >>`),
    obj(13, `<< /Type /Filespec /F (${M}-EMBEDDED.txt) /EF << /F 11 0 R >> >>`),
    obj(14, '<< /Names [(opener) 15 0 R] >>'),
    obj(15, `<< /Type /Action /S /JavaScript /JS (app.alert\\('${M}-JS'\\);) >>`),
    obj(16, `<< /Type /Annot /Subtype /Popup /Rect [220 100 290 150] /Parent 7 0 R /T (${M}-POPUP-AUTHOR) >>`),
    stream(17, '/Type /Metadata /Subtype /XML', xmp(`${M}-IMAGE-XMP`, `${M}-IMAGE-DOCID`)),
    obj(22, `<< /Type /Annot /Subtype /Highlight /Rect [18 155 120 175] /QuadPoints [18 175 120 175 18 155 120 155] /C [1 1 0] /T (${M}-HIGHLIGHT-AUTHOR) /Subj (${M}-HIGHLIGHT-SUBJECT) /Contents (${M}-HIGHLIGHT-NOTE) /Popup 24 0 R >>`),
    obj(23, `<< /Type /Annot /Subtype /FreeText /Rect [20 10 200 30] /DA (/Helv 10 Tf 0 g) /T (${M}-FREETEXT-AUTHOR) /Contents (Label drawn on the page) >>`),
    obj(24, `<< /Type /Annot /Subtype /Popup /Rect [120 100 290 150] /Parent 22 0 R /Contents (${M}-HIGHLIGHT-NOTE) >>`),
    obj(18, `<< /Author (${M}-AUTHOR-OLD) /Creator (${M}-CREATOR) /Producer (${M}-PRODUCER) /CreationDate (D:20180720143205+03'00') /Title (${M}-TITLE) >>`),
  ];
  if (options.signed) {
    objects.push(obj(20, '<< /FT /Sig /T (Signature1) /V 21 0 R /Rect [0 0 0 0] /Subtype /Widget /P 3 0 R >>'));
    objects.push(obj(21, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Name (${M}-SIGNER) /ByteRange [0 0 0 0] /Contents <00> >>`));
  }
  const id = '<3F5A1C2E9B7D4E60A1B2C3D4E5F60718>';
  const rev1 = section(Buffer.from('%PDF-1.6\n%\xe2\xe3\xcf\xd3\n', 'latin1'), objects, `/Size 25 /Root 1 0 R /Info 18 0 R /ID [${id} ${id}]`);
  const prev = Number(/startxref\n(\d+)/.exec(rev1.toString('latin1'))?.[1]);
  const rev2Objects = [
    obj(7, `<< /Type /Annot /Subtype /Text /Rect [200 150 220 170] /T (${M}-ANNOT-AUTHOR) /M (D:20180721091500+03'00') /CreationDate (D:20180720143205+03'00') /Contents (${M}-ANNOT-NOTE) /Popup 16 0 R >>`),
    obj(19, `<< /Author (${M}-AUTHOR-NEW) /ModDate (D:20180721091500+03'00') /Producer (${M}-PRODUCER-2) >>`),
  ];
  return section(rev1, rev2Objects, `/Size 25 /Root 1 0 R /Info 19 0 R /ID [${id} <9C0E7A5B3D1F4A2C8E6B4D2F0A1C3E5B>]`, prev);
}

let work: Workdir;
let jpeg: Buffer;
let fixture: Buffer;

beforeAll(async () => {
  work = await workdir('strip-pdf-');
  jpeg = await jpegWithExif(work, `${M}-IMG`);
  fixture = buildPdf(jpeg);
  await writeFile(work.file('original.pdf'), fixture);
});

afterAll(async () => {
  await work.cleanup();
});

/** Markers found in a file's raw bytes and in its fully decoded form (qpdf --qdf, streams inflated). */
async function markersIn(file: string): Promise<string[]> {
  const raw = (await readFile(file)).toString('latin1');
  const qdf = `${file}.qdf`;
  const decoded = await tool('qpdf', ['--qdf', '--object-streams=disable', '--decode-level=all', file, qdf]);
  const inflated = decoded.code === 0 || decoded.code === 3 ? (await readFile(qdf)).toString('latin1') : '';
  const found = new Set<string>();
  for (const text of [raw, inflated]) for (const m of text.match(new RegExp(`${M}[-A-Z0-9]*`, 'g')) ?? []) found.add(m);
  return [...found];
}

async function pixels(file: string): Promise<string> {
  const prefix = `${file}-page`;
  // Annotations hidden: the file attachment's icon is gone on purpose; the page itself must not change.
  await toolOk('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-hide-annotations', file, prefix]);
  const png = (await readdir(work.dir)).find((n) => n.startsWith(`${prefix.split('/').pop()}`) && n.endsWith('.png'));
  if (png === undefined) throw new Error('pdftoppm wrote no page');
  // Decoded pixels, not PNG bytes: ffmpeg prints the MD5 of the raw RGB frame.
  return toolOk('ffmpeg', ['-loglevel', 'error', '-i', work.file(png), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-f', 'md5', '-']);
}

describe('PDF stripper', () => {
  it('the fixture really carries the identifying values (revision 1 author in the bytes, EXIF in the image)', async () => {
    expect(await markersIn(work.file('original.pdf'))).toEqual(expect.arrayContaining([`${M}-AUTHOR-OLD`, `${M}-AUTHOR-NEW`, `${M}-IMG-ARTIST`, `${M}-XMP-DOCID`]));
    const info = await toolOk('pdfinfo', [work.file('original.pdf')]);
    expect(info).toContain(`${M}-AUTHOR-NEW`);
    expect((await tool('qpdf', ['--check', work.file('original.pdf')])).code).toBe(0);
  });

  it('rewrites the file with no trace of metadata, old revisions, scripts, attachments, authors or image EXIF', async () => {
    const { outcome, copy } = await stripBytes(pdfStripper, fixture);
    const file = work.file('copy.pdf');
    await writeFile(file, copy);

    expect(outcome.method).toBe('pdf-rewrite');
    const names = outcome.removed.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['PDF:Info/Author', 'PDF:Metadata', 'PDF:Names/EmbeddedFiles', 'PDF:Names/JavaScript', 'PDF:Annotation/T', 'PDF:FileAttachmentAnnotation', 'PDF:PieceInfo', 'PDF:Image/IFD0:Artist', 'PDF:Image/GPS:GPSLatitude', 'PDF:Image/JPEG:Comment']));
    const values = outcome.removed.map((r) => r.value).join('\n');
    expect(values).toContain(`${M}-AUTHOR-NEW`);
    expect(values).toContain(`${M}-HIGHLIGHT-AUTHOR`);
    // Comments: the sticky note goes whole (reported with author and text), the highlight's note goes and the highlight stays.
    expect(outcome.removed).toContainEqual({ name: 'PDF:Annotation/Text', value: `${M}-ANNOT-AUTHOR: ${M}-ANNOT-NOTE` });
    expect(outcome.removed).toContainEqual({ name: 'PDF:Annotation/Highlight/Contents', value: `${M}-HIGHLIGHT-NOTE` });
    for (const r of outcome.removed) expect(r.value.length).toBeLessThanOrEqual(201);

    // (b) no marker in the raw bytes nor in the decoded objects; not a single incremental update left
    expect(await markersIn(file)).toEqual([]);
    const text = copy.toString('latin1');
    expect(text.match(/%%EOF/g)).toHaveLength(1);
    expect(text).not.toMatch(/\/Prev\b/);
    expect(text).not.toContain('pdf-lib');
    for (const value of IDENTIFYING) expect(text).not.toContain(value);

    // (a) exiftool and mat2 see no identifying value
    const exif = await exiftoolJson(file);
    expect(exif.text).not.toContain(M);
    for (const key of Object.keys(exif.tags)) expect(key).not.toMatch(/^PDF:(Author|Creator|Producer|CreateDate|ModifyDate|Title|Subject|Keywords)$|^XMP/);
    expect(exif.tags['ExifTool:Warning']).toBeUndefined();
    const mat2 = await toolOk('mat2', ['--show', file]);
    expect(mat2).not.toContain(M);
    expect(mat2).not.toMatch(/author|creator|producer/i);

    // (d) the copy is a valid PDF for independent checkers
    const check = await tool('qpdf', ['--check', file]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const info = await toolOk('pdfinfo', [file]);
    expect(info).not.toMatch(/^(Author|Creator|Producer|CreationDate|ModDate|Title|Subject|Keywords):/m);
    expect(info).toMatch(/^JavaScript:\s+no$/m);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(await toolOk('pdfdetach', ['-list', file])).toMatch(/^0 embedded files/);

    // the picture inside: still a JPEG, no EXIF/XMP/IPTC/COM left (extracted with poppler's pdfimages)
    await toolOk('pdfimages', ['-all', file, work.file('img')]);
    const image = (await readdir(work.dir)).find((n) => n.startsWith('img') && n.endsWith('.jpg'));
    expect(image).toBeDefined();
    const imageTags = await exiftoolJson(work.file(image as string));
    expect(imageTags.text).not.toContain(M);
    for (const value of IDENTIFYING) expect(imageTags.text).not.toContain(value);
    expect(imageTags.tags['File:ImageWidth']).toBe(64);
    const decoded = (f: string) => toolOk('ffmpeg', ['-loglevel', 'error', '-i', f, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-f', 'md5', '-']);
    await writeFile(work.file('fixture.jpg'), jpeg);
    expect(await decoded(work.file(image as string))).toBe(await decoded(work.file('fixture.jpg')));

    // (c) content unchanged: the proof, pdftotext, and the rendered page's pixels
    expect(outcome.proof?.kind).toBe('pdf-text');
    expect(outcome.proof?.identical).toBe(true);
    expect(outcome.proof?.original).toMatch(/^[0-9a-f]{64}$/);
    const textOriginal = await toolOk('pdftotext', [work.file('original.pdf'), '-']);
    const textCopy = await toolOk('pdftotext', [file, '-']);
    expect(textOriginal).toContain(TEXT);
    expect(textCopy).toBe(textOriginal);
    expect(await pixels(file)).toBe(await pixels(work.file('original.pdf')));
  });

  it('comments go: no sticky note or popup left, markup keeps no note, FreeText keeps its drawn text; the copy strips again to the same content', async () => {
    const { copy } = await stripBytes(pdfStripper, fixture);
    const file = work.file('comments-copy.pdf');
    await writeFile(file, copy);
    // qpdf's decoded view: every object, streams inflated
    await toolOk('qpdf', ['--qdf', '--object-streams=disable', '--decode-level=all', file, `${file}.qdf`]);
    for (const text of [copy.toString('latin1'), (await readFile(`${file}.qdf`)).toString('latin1')]) {
      expect(text).not.toMatch(/\/Subtype\s*\/(Text|Popup)\b/);
      expect(text).not.toMatch(/\/(Popup|IRT|RC|Subj)\b/);
      expect(text).toMatch(/\/Subtype\s*\/Highlight\b/);
      expect(text).toContain('(Label drawn on the page)');
      expect(text).toContain('(Reviewer)');
    }
    const again = await stripBytes(pdfStripper, copy);
    expect(again.outcome.proof?.identical).toBe(true);
    expect(again.outcome.removed.map((r) => r.name)).toEqual(['PDF:ID']);
  });

  it('handles object streams and compressed content (xref streams)', async () => {
    const packed = work.file('packed.pdf');
    await toolOk('qpdf', ['--object-streams=generate', '--compress-streams=y', '--recompress-flate', work.file('original.pdf'), packed]);
    const bytes = await readFile(packed);
    expect(bytes.toString('latin1')).toContain('/ObjStm');
    const { outcome, copy } = await stripBytes(pdfStripper, bytes);
    const file = work.file('packed-copy.pdf');
    await writeFile(file, copy);
    expect(outcome.proof?.identical).toBe(true);
    expect(await markersIn(file)).toEqual([]);
    expect((await tool('qpdf', ['--check', file])).code).toBe(0);
    expect(await toolOk('pdftotext', [file, '-'])).toContain(TEXT);
  });

  it('refuses encrypted and signed PDFs as unsupported, with a reason', async () => {
    const encrypted = work.file('encrypted.pdf');
    await toolOk('qpdf', ['--encrypt', 'user', 'owner', '256', '--', work.file('original.pdf'), encrypted]);
    await expect(stripBytes(pdfStripper, await readFile(encrypted))).rejects.toThrow(StripUnsupported);
    await expect(stripBytes(pdfStripper, await readFile(encrypted))).rejects.toThrow(/encrypted/);
    // owner-password only (opens without a password, but still encrypted)
    await toolOk('qpdf', ['--encrypt', '', 'owner', '256', '--', work.file('original.pdf'), encrypted]);
    await expect(stripBytes(pdfStripper, await readFile(encrypted))).rejects.toThrow(StripUnsupported);
    await expect(stripBytes(pdfStripper, buildPdf(jpeg, { signed: true }))).rejects.toThrow(/digitally signed/);
  });

  it('throws StripFailure with a reason for corrupt and truncated files', async () => {
    const truncated = fixture.subarray(0, Math.floor(fixture.length / 2));
    await expect(stripBytes(pdfStripper, truncated)).rejects.toThrow(StripFailure);
    await expect(stripBytes(pdfStripper, truncated)).rejects.toThrow(/truncated/);
    const corrupt = Buffer.from(fixture.toString('latin1').replaceAll('/Type /Catalog', '/Type /Catalxg'), 'latin1');
    await expect(stripBytes(pdfStripper, corrupt)).rejects.toThrow(StripFailure);
    const garbage = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
    await expect(stripBytes(pdfStripper, garbage)).rejects.toThrow(StripFailure);
    // a damaged picture inside an otherwise good file
    const badImage = buildPdf(Buffer.concat([jpeg.subarray(0, 200)]));
    await expect(stripBytes(pdfStripper, badImage)).rejects.toThrow(/JPEG picture is corrupt/);
    await expect(stripBytes(pdfStripper, Buffer.alloc(0))).rejects.toThrow(StripFailure);
  });

  it('fuzz: mutated and truncated files strip or fail cleanly, quickly', async () => {
    const tally = await fuzz(pdfStripper, fixture, 250, 0x5eed_0df, 2000);
    expect(tally.stripped + tally.failed + tally.unsupported).toBe(250);
    expect(tally.failed).toBeGreaterThan(0);
  }, 30_000);
});
