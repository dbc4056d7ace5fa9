import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEmbeddedPicture, cleanJpeg } from '../../src-main/core/strip/formats/jpeg.ts';
import { createOfficeStripper, officeStripper } from '../../src-main/core/strip/formats/office.ts';
import { cleanPng } from '../../src-main/core/strip/formats/png.ts';
import { StripFailure, StripUnsupported, collectingSink, type FormatStripper } from '../../src-main/core/strip/types.ts';
import {
  IDENTIFYING,
  exiftoolJson,
  fuzz,
  hasTool,
  jpegWithExif,
  prng,
  mutate,
  stripBytes,
  tool,
  toolOk,
  workdir,
  type Workdir,
} from '../helpers/strip-fixtures-pdf-office.ts';

/**
 * Fixtures: each identifying field of DOCX/XLSX/PPTX/ODT carries an OFFMARK-… marker; parts are
 * written to a folder dated 2018-07-20 and zipped with Info-ZIP, which stores real times and
 * extra fields (timestamps, uid/gid) the way a user's zip tool would. The WordprocessingML body uses
 * an unusual namespace prefix on purpose: the stripper must work by namespace, not by "w:".
 */
const M = 'OFFMARK';
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const REL = (id: string, type: string, target: string, external = false): string =>
  `<Relationship Id="${id}" Type="${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`;
const RELS = (items: string[]): string => `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
const T_OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const T_PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

const core = (kind: string): string =>
  `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
  `<dc:title>${M}-${kind}-TITLE</dc:title><dc:subject>${M}-${kind}-SUBJECT</dc:subject><dc:creator>${M}-${kind}-CREATOR</dc:creator><cp:keywords>${M}-${kind}-KEYWORDS</cp:keywords>` +
  `<dc:description>${M}-${kind}-DESCRIPTION</dc:description><cp:lastModifiedBy>${M}-${kind}-LASTMODIFIEDBY</cp:lastModifiedBy><cp:revision>3</cp:revision><cp:lastPrinted>2018-07-20T11:00:00Z</cp:lastPrinted>` +
  `<dcterms:created xsi:type="dcterms:W3CDTF">2018-07-20T11:32:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2018-07-20T12:00:00Z</dcterms:modified><cp:category>${M}-${kind}-CATEGORY</cp:category></cp:coreProperties>`;

const app = (kind: string, extra = ''): string =>
  `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  `<Template>C:\\Users\\${M}-${kind}-TPLUSER\\Normal.dotm</Template><TotalTime>42</TotalTime>${extra}<Application>Microsoft Office</Application><DocSecurity>0</DocSecurity>` +
  `<Company>${M}-${kind}-COMPANY</Company><Manager>${M}-${kind}-MANAGER</Manager><HyperlinkBase>\\\\server\\${M}-${kind}-LINKBASE</HyperlinkBase><AppVersion>16.0000</AppVersion></Properties>`;

const custom = (kind: string): string =>
  `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="CaseWorker"><vt:lpwstr>${M}-${kind}-CUSTOM</vt:lpwstr></property>` +
  `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Where"><vt:lpwstr>43.3178 N, 45.6949 E</vt:lpwstr></property></Properties>`;

const contentTypes = (overrides: Array<[string, string]>): string =>
  `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="png" ContentType="image/png"/>` +
  overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('') +
  `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
  `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
  `<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`;

const rootRels = (main: string): string =>
  RELS([
    REL('rId1', `${T_OFFICE}/officeDocument`, main),
    REL('rId2', `${T_PKG}/metadata/core-properties`, 'docProps/core.xml'),
    REL('rId3', `${T_OFFICE}/extended-properties`, 'docProps/app.xml'),
    REL('rId4', `${T_OFFICE}/custom-properties`, 'docProps/custom.xml'),
    REL('rId5', `${T_PKG}/metadata/thumbnail`, 'docProps/thumbnail.jpeg'),
  ]);

/** The DOCX body, with "x" as the WordprocessingML prefix. Accepting every change reads as DOCX_TEXT. */
const documentXml = (): string => {
  const rsid = 'x:rsidR="00D3A7F1" x:rsidRPr="004B2C19" x:rsidRDefault="007E1D2A" x:rsidP="00D3A7F1"';
  const change = (id: number, who: string): string => `x:id="${id}" x:author="${who}" x:date="2018-07-20T14:32:05Z"`;
  return (
    `${XML}<x:document xmlns:x="${W}" xmlns:r="${R}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><x:body>` +
    `<x:p ${rsid}><x:r x:rsidRPr="00D3A7F1"><x:t>Body paragraph one.</x:t></x:r></x:p>` +
    `<x:p ${rsid}><x:commentRangeStart x:id="0"/><x:r><x:t xml:space="preserve">Kept </x:t></x:r>` +
    `<x:ins ${change(1, `${M}-REVISER`)}><x:r><x:t xml:space="preserve">inserted </x:t></x:r></x:ins>` +
    `<x:del ${change(2, `${M}-REVISER-2`)}><x:r><x:delText>${M}-DELETED-TEXT </x:delText></x:r></x:del>` +
    `<x:r><x:rPr><x:b/><x:rPrChange ${change(3, `${M}-FORMATTER`)}><x:rPr/></x:rPrChange></x:rPr><x:t>bold</x:t></x:r>` +
    `<x:commentRangeEnd x:id="0"/><x:r><x:commentReference x:id="0"/></x:r></x:p>` +
    `<x:p><x:pPr><x:rPr><x:del ${change(4, `${M}-JOINER`)}/></x:rPr></x:pPr><x:r><x:t xml:space="preserve">First half, </x:t></x:r></x:p>` +
    `<x:p><x:pPr><x:jc x:val="center"/></x:pPr><x:r><x:t>second half.</x:t></x:r></x:p>` +
    `<x:p><x:moveFromRangeStart x:id="5" x:name="move1" x:author="${M}-MOVER"/><x:moveFrom ${change(6, `${M}-MOVER`)}><x:r><x:t>Moved words.</x:t></x:r></x:moveFrom><x:moveFromRangeEnd x:id="5"/></x:p>` +
    `<x:tbl><x:tr><x:tc><x:p><x:r><x:t>Kept cell</x:t></x:r></x:p></x:tc></x:tr>` +
    `<x:tr><x:trPr><x:del ${change(7, `${M}-ROW-DELETER`)}/></x:trPr><x:tc><x:p><x:r><x:t>${M}-DELETED-ROW</x:t></x:r></x:p></x:tc></x:tr></x:tbl>` +
    `<x:p><x:moveToRangeStart x:id="8" x:name="move1" x:author="${M}-MOVER"/><x:moveTo ${change(9, `${M}-MOVER`)}><x:r><x:t>Moved words.</x:t></x:r></x:moveTo><x:moveToRangeEnd x:id="8"/></x:p>` +
    `<x:p><x:permStart x:id="10" x:ed="${M}-EDITOR@example.org"/><x:r><x:drawing><wp:inline><wp:extent cx="609600" cy="457200"/>` +
    `<wp:docPr title="${M}-IMG-TITLE" id="1" descr="C:\\Users\\${M}-IMG-PATH\\Pictures\\IMG_0412.JPG" name="IMG_0412.JPG"/>` +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="IMG_0412.JPG" descr="${M}-PIC-DESCR"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="rId9"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="609600" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></x:drawing></x:r><x:permEnd x:id="10"/></x:p>` +
    `<x:sectPr x:rsidR="00D3A7F1" x:rsidSect="004B2C19"><x:pgSz x:w="11906" x:h="16838"/></x:sectPr></x:body></x:document>`
  );
};
const DOCX_TEXT = 'Body paragraph one.\nKept inserted bold\nFirst half, second half.\n\nKept cell\nMoved words.\n\n';

async function zipFolder(work: Workdir, name: string, parts: Record<string, string | Buffer>, odf = false): Promise<Buffer> {
  const dir = work.file(`${name}-parts`);
  const when = new Date('2018-07-20T14:32:05Z');
  for (const [part, content] of Object.entries(parts)) {
    const file = path.join(dir, part);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    await utimes(file, when, when);
  }
  const out = work.file(name);
  const names = Object.keys(parts);
  if (odf) {
    await toolOk('zip', ['-q', '-0', '-X', out, 'mimetype'], { cwd: dir });
    await toolOk('zip', ['-q', out, ...names.filter((n) => n !== 'mimetype')], { cwd: dir });
  } else {
    await toolOk('zip', ['-q', out, ...names], { cwd: dir });
  }
  return readFile(out);
}

type ZipListing = { entries: Array<{ name: string; date: number[]; extra: number; method: number; system: number; comment: number }>; text: string; comment: string };

/** Python's zipfile (an independent reader) lists the entries and inflates every member. */
async function inspectZip(file: string): Promise<ZipListing> {
  const script =
    'import json,sys,zipfile\n' +
    'z=zipfile.ZipFile(sys.argv[1])\n' +
    'e=[dict(name=i.filename,date=list(i.date_time),extra=len(i.extra),method=i.compress_type,system=i.create_system,comment=len(i.comment)) for i in z.infolist()]\n' +
    "t=''.join(z.read(i.filename).decode('latin1') for i in z.infolist())\n" +
    "print(json.dumps(dict(entries=e,text=t,comment=z.comment.decode('latin1'))))\n";
  return JSON.parse(await toolOk('python3', ['-c', script, file])) as ZipListing;
}

/** Visible text of word/document.xml read by python's ElementTree (w:t only, deletions excluded by nothing: the copy has none). */
async function pythonWordText(file: string): Promise<string> {
  const script =
    'import sys,zipfile,xml.etree.ElementTree as ET\n' +
    `W='{${W}}'\n` +
    "root=ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))\n" +
    'out=[]\n' +
    'def walk(n):\n' +
    '  for c in n:\n' +
    "    if c.tag==W+'t': out.append(c.text or '')\n" +
    '    walk(c)\n' +
    "    if c.tag==W+'p': out.append('\\n')\n" +
    'walk(root)\n' +
    "sys.stdout.write(''.join(out))\n";
  return toolOk('python3', ['-c', script, file]);
}

let work: Workdir;
let jpeg: Buffer;
let png: Buffer;
const fixtures: Record<string, Buffer> = {};

async function buildDocx(extra: Record<string, string | Buffer> = {}, name = 'fixture.docx'): Promise<Buffer> {
  return zipFolder(work, name, {
    '[Content_Types].xml': contentTypes([
      ['/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'],
      ['/word/settings.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml'],
      ['/word/comments.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml'],
      ['/word/people.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml'],
      ['/word/commentsExtended.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml'],
    ]),
    '_rels/.rels': rootRels('word/document.xml'),
    'docProps/core.xml': core('DOCX'),
    'docProps/app.xml': app('DOCX', '<Pages>1</Pages><Words>12</Words>'),
    'docProps/custom.xml': custom('DOCX'),
    'docProps/thumbnail.jpeg': jpeg,
    'word/document.xml': documentXml(),
    'word/_rels/document.xml.rels': RELS([
      REL('rId1', `${T_OFFICE}/settings`, 'settings.xml'),
      REL('rId2', `${T_OFFICE}/comments`, 'comments.xml'),
      REL('rId3', 'http://schemas.microsoft.com/office/2011/relationships/people', 'people.xml'),
      REL('rId4', 'http://schemas.microsoft.com/office/2011/relationships/commentsExtended', 'commentsExtended.xml'),
      REL('rId9', `${T_OFFICE}/image`, 'media/image1.jpeg'),
    ]),
    'word/settings.xml':
      `${XML}<w:settings xmlns:w="${W}" xmlns:r="${R}" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:zoom w:percent="100"/><w:attachedTemplate r:id="rId1"/>` +
      `<w:docVars><w:docVar w:name="Case" w:val="${M}-DOCVAR"/></w:docVars><w:rsids><w:rsidRoot w:val="00D3A7F1"/><w:rsid w:val="00D3A7F1"/><w:rsid w:val="004B2C19"/></w:rsids>` +
      `<w15:docId w15:val="{${M}-DOCID}"/></w:settings>`,
    'word/_rels/settings.xml.rels': RELS([REL('rId1', `${T_OFFICE}/attachedTemplate`, `file:///C:\\Users\\${M}-TEMPLATE-USER\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm`, true)]),
    'word/comments.xml': `${XML}<w:comments xmlns:w="${W}"><w:comment w:initials="OC" w:date="2018-07-20T14:32:05Z" w:author="${M}-COMMENTER" w:id="0"><w:p w:rsidR="00D3A7F1"><w:r><w:t>${M}-DOCX-COMMENT-TEXT</w:t></w:r></w:p></w:comment></w:comments>`,
    'word/people.xml': `${XML}<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="${M}-COMMENTER"><w15:presenceInfo w15:providerId="AD" w15:userId="S::${M}-USERID@example.org"/></w15:person></w15:people>`,
    'word/commentsExtended.xml': `${XML}<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/></w15:commentsEx>`,
    'word/media/image1.jpeg': jpeg,
    ...extra,
  });
}

beforeAll(async () => {
  work = await workdir('strip-office-');
  jpeg = await jpegWithExif(work, `${M}-IMG`);
  const pngFile = work.file('pic.png');
  await toolOk('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=32x24:rate=1', '-frames:v', '1', pngFile]);
  await toolOk('exiftool', ['-q', '-overwrite_original', `-PNG:Author=${M}-PNG-AUTHOR`, `-PNG:Comment=${M}-PNG-COMMENT`, '-EXIF:Make=samsung', '-EXIF:Model=SM-G930F', `-XMP-dc:Creator=${M}-PNG-XMP`, pngFile]);
  png = await readFile(pngFile);

  fixtures.docx = await buildDocx();

  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  fixtures.xlsx = await zipFolder(work, 'fixture.xlsx', {
    '[Content_Types].xml': contentTypes([
      ['/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
      ['/xl/worksheets/sheet1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'],
      ['/xl/sharedStrings.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml'],
      ['/xl/comments1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml'],
      ['/xl/threadedComments/threadedComment1.xml', 'application/vnd.ms-excel.threadedcomments+xml'],
      ['/xl/persons/person.xml', 'application/vnd.ms-excel.person+xml'],
    ]),
    '_rels/.rels': rootRels('xl/workbook.xml'),
    'docProps/core.xml': core('XLSX'),
    'docProps/app.xml': app('XLSX'),
    'docProps/custom.xml': custom('XLSX'),
    'docProps/thumbnail.jpeg': jpeg,
    'xl/workbook.xml':
      `${XML}<workbook xmlns="${S}" xmlns:r="${R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" mc:Ignorable="x15ac xr">` +
      `<fileVersion appName="xl" lastEdited="7"/><fileSharing readOnlyRecommended="1" userName="${M}-SHARER"/><workbookPr/>` +
      `<mc:AlternateContent><mc:Choice Requires="x15ac"><x15ac:absPath url="C:\\Users\\${M}-ABSPATH\\Documents\\"/></mc:Choice></mc:AlternateContent>` +
      `<xr:revisionPtr revIDLastSave="0" documentId="8_{${M}-XLSX-DOCID}"/><bookViews><workbookView/></bookViews><sheets><sheet name="Ledger" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': RELS([
      REL('rId1', `${T_OFFICE}/worksheet`, 'worksheets/sheet1.xml'),
      REL('rId2', `${T_OFFICE}/sharedStrings`, 'sharedStrings.xml'),
      REL('rId3', 'http://schemas.microsoft.com/office/2017/10/relationships/person', 'persons/person.xml'),
    ]),
    'xl/worksheets/sheet1.xml': `${XML}<worksheet xmlns="${S}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>42</v></c><c r="C1"><f>B1*2</f><v>84</v></c></row></sheetData><legacyDrawing xmlns:r="${R}" r:id="rId2"/></worksheet>`,
    'xl/worksheets/_rels/sheet1.xml.rels': RELS([
      REL('rId1', `${T_OFFICE}/comments`, '../comments1.xml'),
      REL('rId2', `${T_OFFICE}/vmlDrawing`, '../drawings/vmlDrawing1.vml'),
      REL('rId3', 'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment', '../threadedComments/threadedComment1.xml'),
    ]),
    'xl/sharedStrings.xml': `${XML}<sst xmlns="${S}" count="1" uniqueCount="1"><si><t>Incident count</t></si></sst>`,
    'xl/comments1.xml': `${XML}<comments xmlns="${S}"><authors><author>${M}-XLSX-COMMENTER</author></authors><commentList><comment ref="B1" authorId="0"><text><r><rPr><b/></rPr><t>${M}-XLSX-COMMENT-TEXT</t></r></text></comment></commentList></comments>`,
    'xl/media/image1.png': png,
    'xl/threadedComments/threadedComment1.xml': `${XML}<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="B1" dT="2018-07-20T14:32:05.00" personId="{P-1}" id="{C-1}"><text>${M}-XLSX-THREADED-TEXT</text></threadedComment></ThreadedComments>`,
    'xl/persons/person.xml': `${XML}<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="${M}-XLSX-PERSON" id="{P-1}" userId="${M}-XLSX-PERSON-ID@example.org" providerId="AD"/></personList>`,
    // Legacy VML as Excel writes it (not well-formed XML): it only draws the comment box, so it goes with it.
    'xl/drawings/vmlDrawing1.vml': `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025"><v:textbox><div>${M}-XLSX-VML-TEXT<br></div></v:textbox><x:ClientData ObjectType="Note"><x:Row>0</x:Row></x:ClientData></v:shape></xml>`,
    // A header/footer picture drawing: no comment boxes, kept as it is.
    'xl/drawings/vmlDrawingHF1.vml': '<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="WordPictureWatermark"><div>Header<br>logo</div></v:shape></xml>',
  });

  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  fixtures.pptx = await zipFolder(work, 'fixture.pptx', {
    '[Content_Types].xml': contentTypes([
      ['/ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml'],
      ['/ppt/slides/slide1.xml', 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml'],
      ['/ppt/commentAuthors.xml', 'application/vnd.openxmlformats-officedocument.presentationml.commentAuthors+xml'],
      ['/ppt/comments/comment1.xml', 'application/vnd.openxmlformats-officedocument.presentationml.comments+xml'],
      ['/ppt/comments/modernComment_100_1.xml', 'application/vnd.ms-powerpoint.comments+xml'],
      ['/ppt/authors.xml', 'application/vnd.ms-powerpoint.authors+xml'],
    ]),
    '_rels/.rels': rootRels('ppt/presentation.xml'),
    'docProps/core.xml': core('PPTX'),
    'docProps/app.xml': app('PPTX', '<Slides>1</Slides>'),
    'docProps/custom.xml': custom('PPTX'),
    'docProps/thumbnail.jpeg': jpeg,
    'ppt/presentation.xml': `${XML}<p:presentation xmlns:p="${P}" xmlns:r="${R}"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>`,
    'ppt/_rels/presentation.xml.rels': RELS([REL('rId2', `${T_OFFICE}/slide`, 'slides/slide1.xml'), REL('rId3', `${T_OFFICE}/commentAuthors`, 'commentAuthors.xml'), REL('rId4', 'http://schemas.microsoft.com/office/2018/10/relationships/authors', 'authors.xml')]),
    'ppt/slides/slide1.xml':
      `${XML}<p:sld xmlns:p="${P}" xmlns:a="${A}" xmlns:r="${R}"><p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>` +
      `<a:p><a:r><a:t>Briefing slide</a:t></a:r></a:p><a:p><a:r><a:t>Second line</a:t></a:r></a:p></p:txBody></p:sp>` +
      `<p:pic><p:nvPicPr><p:cNvPr id="3" name="/home/${M}-PPTX-PICPATH/photo.jpg" descr="${M}-PPTX-ALT"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/></p:blipFill><p:spPr/></p:pic></p:spTree></p:cSld>` +
      `<p:extLst><p:ext uri="{6950BFC3-D8DA-4A85-94F7-54DA5524770B}"><p188:commentRel xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main" r:id="rId3"/></p:ext></p:extLst></p:sld>`,
    'ppt/slides/_rels/slide1.xml.rels': RELS([
      REL('rId1', `${T_OFFICE}/comments`, '../comments/comment1.xml'),
      REL('rId2', `${T_OFFICE}/image`, '../media/image1.jpeg'),
      REL('rId3', 'http://schemas.microsoft.com/office/2018/10/relationships/comments', '../comments/modernComment_100_1.xml'),
    ]),
    'ppt/commentAuthors.xml': `${XML}<p:cmAuthorLst xmlns:p="${P}"><p:cmAuthor id="0" name="${M}-PPTX-COMMENT-AUTHOR" initials="PA" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`,
    'ppt/comments/comment1.xml': `${XML}<p:cmLst xmlns:p="${P}"><p:cm authorId="0" dt="2018-07-20T14:32:05.000" idx="1"><p:pos x="10" y="10"/><p:text>${M}-PPTX-COMMENT-TEXT</p:text></p:cm></p:cmLst>`,
    'ppt/comments/modernComment_100_1.xml':
      `${XML}<p188:cmLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main" xmlns:a="${A}"><p188:cm id="{C-1}" authorId="{A-1}" created="2018-07-20T14:32:05.000">` +
      `<p188:replyLst><p188:reply id="{R-1}" authorId="{A-1}" created="2018-07-20T14:40:00.000"><p188:txBody><a:bodyPr/><a:p><a:r><a:t>${M}-PPTX-REPLY-TEXT</a:t></a:r></a:p></p188:txBody></p188:reply></p188:replyLst>` +
      `<p188:txBody><a:bodyPr/><a:p><a:r><a:t>${M}-PPTX-MODERN-TEXT</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>`,
    'ppt/authors.xml': `${XML}<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:author id="{A-1}" name="${M}-PPTX-MODERN-AUTHOR" initials="MA" userId="${M}-PPTX-USERID" providerId="AD"/></p188:authorLst>`,
    'ppt/media/image1.jpeg': jpeg,
  });

  const NSDECL =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" xmlns:officeooo="http://openoffice.org/2009/office" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3"';
  fixtures.odt = await zipFolder(
    work,
    'fixture.odt',
    {
      mimetype: 'application/vnd.oasis.opendocument.text',
      'META-INF/manifest.xml':
        `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>` +
        ['content.xml', 'styles.xml', 'meta.xml', 'settings.xml'].map((p) => `<manifest:file-entry manifest:full-path="${p}" manifest:media-type="text/xml"/>`).join('') +
        `<manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/></manifest:manifest>`,
      'meta.xml':
        `${XML}<office:document-meta ${NSDECL}><office:meta><meta:initial-creator>${M}-ODT-INITIAL-CREATOR</meta:initial-creator><dc:creator>${M}-ODT-CREATOR</dc:creator>` +
        `<meta:creation-date>2018-07-20T14:32:05</meta:creation-date><dc:date>2018-07-20T15:00:00</dc:date><meta:editing-cycles>7</meta:editing-cycles><meta:editing-duration>PT25M14S</meta:editing-duration>` +
        `<meta:generator>LibreOffice/6.0.4.2$Linux_X86_64</meta:generator><meta:template xlink:type="simple" xlink:href="/home/${M}-ODT-TPLUSER/template.ott" xlink:title="t"/>` +
        `<meta:user-defined meta:name="Interviewer">${M}-ODT-USERDEFINED</meta:user-defined><dc:title>${M}-ODT-TITLE</dc:title><meta:document-statistic meta:page-count="1" meta:word-count="9"/></office:meta></office:document-meta>`,
      'content.xml':
        `${XML}<office:document-content ${NSDECL}><office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties officeooo:rsid="0012ab34" officeooo:paragraph-rsid="0012ab34"/></style:style></office:automatic-styles>` +
        `<office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>${M}-ODT-REVISER</dc:creator><dc:date>2018-07-20T14:40:00</dc:date></office:change-info>` +
        `<text:p>${M}-ODT-DELETED-TEXT</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
        `<text:p text:style-name="P1">Field notes<text:s text:c="2"/>from the visit.<text:change text:change-id="ct1"/></text:p>` +
        `<text:p>Second<text:tab/>paragraph.<office:annotation office:name="__Annotation__1"><dc:creator>${M}-ODT-ANNOTATION-AUTHOR</dc:creator><dc:date>2018-07-20T14:45:00</dc:date><meta:creator-initials>OA</meta:creator-initials><text:p>${M}-ODT-ANNOTATION-TEXT</text:p></office:annotation>commented words<office:annotation-end office:name="__Annotation__1"/></text:p>` +
        `<text:p><draw:frame draw:name="Image1" svg:width="2cm" svg:height="1.5cm"><draw:image xlink:href="Pictures/photo.jpg" xlink:type="simple"/></draw:frame></text:p></office:text></office:body></office:document-content>`,
      'styles.xml': `${XML}<office:document-styles ${NSDECL}><office:styles/></office:document-styles>`,
      'settings.xml':
        `${XML}<office:document-settings ${NSDECL}><office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">${M}-ODT-PRINTER</config:config-item>` +
        `<config:config-item config:name="PrinterSetup" config:type="base64Binary">${Buffer.from(`${M}-ODT-PRINTERSETUP`).toString('base64')}</config:config-item><config:config-item config:name="RsidRoot" config:type="int">1193524</config:config-item>` +
        `<config:config-item config:name="AddParaTableSpacing" config:type="boolean">true</config:config-item></config:config-item-set></office:settings></office:document-settings>`,
      'Pictures/photo.jpg': jpeg,
      'Thumbnails/thumbnail.png': png,
      // LibreOffice's metafile rendering of an embedded object: a picture of content, no metadata.
      'ObjectReplacements/Object 1': Buffer.from('VCLMTF\u0001\u0000sample'),
    },
    true,
  );
}, 60_000);

afterAll(async () => {
  await work.cleanup();
});

const markerPattern = new RegExp(`${M}[-A-Z0-9@.]*`, 'g');

/** Strips, writes the copy, and checks what every format must satisfy. */
async function stripAndCheck(kind: string): Promise<{ copyFile: string; removed: string; listing: ZipListing }> {
  const original = fixtures[kind] as Buffer;
  const originalFile = work.file(`fixture.${kind}`);
  // The fixture itself carries the markers (in raw bytes only once inflated) and identifying values.
  expect((await inspectZip(originalFile)).text).toMatch(markerPattern);

  const { outcome, copy } = await stripBytes(officeStripper, original);
  const copyFile = work.file(`copy.${kind}`);
  await writeFile(copyFile, copy);
  expect(outcome.method).toBe('office-rewrite');
  for (const r of outcome.removed) expect(r.value.length).toBeLessThanOrEqual(201);

  // (b) no marker or identifying value in the raw bytes nor in any inflated member
  expect(copy.toString('latin1').match(markerPattern) ?? []).toEqual([]);
  const listing = await inspectZip(copyFile);
  expect(listing.text.match(markerPattern) ?? []).toEqual([]);
  for (const value of IDENTIFYING) expect(listing.text).not.toContain(value);

  // (a) exiftool and mat2 see nothing identifying; exiftool reads the copy without warnings
  const exif = await exiftoolJson(copyFile);
  expect(exif.text).not.toContain(M);
  for (const value of IDENTIFYING) expect(exif.text).not.toContain(value);
  expect(Object.keys(exif.tags).filter((k) => /Warning|Error/.test(k))).toEqual([]);
  const mat2 = await toolOk('mat2', ['--show', copyFile]);
  expect(mat2).not.toContain(M);
  expect(mat2).not.toMatch(/create_system|date_time|comment|creator|Company|Application/);

  // (d) a valid zip: unzip -t, fixed times, no extra fields, no comments
  const test = await tool('unzip', ['-t', copyFile]);
  expect(test.code).toBe(0);
  expect(test.stdout).toContain('No errors detected');
  for (const entry of listing.entries) {
    expect(entry.date).toEqual([1980, 1, 1, 0, 0, 0]);
    expect(entry.extra).toBe(0);
    expect(entry.comment).toBe(0);
  }
  expect(listing.comment).toBe('');

  // (c) the proof: body text identical
  expect(outcome.proof?.kind).toBe('document');
  expect(outcome.proof?.identical).toBe(true);
  expect(outcome.proof?.copy).toMatch(/^[0-9a-f]{64}$/);

  // The removed list names what went (the markers reappear only there, for the user's report).
  const removed = outcome.removed.map((r) => `${r.name} => ${r.value}`).join('\n');
  expect(removed).toContain('ZIP:EntryTimes');
  return { copyFile, removed, listing };
}

describe('office stripper', () => {
  it('DOCX: properties, custom properties, thumbnail, comments and their people, tracked changes, rsids, template path, picture paths and picture EXIF go', async () => {
    const { copyFile, removed, listing } = await stripAndCheck('docx');
    for (const marker of ['DOCX-CREATOR', 'DOCX-COMPANY', 'DOCX-CUSTOM', 'COMMENTER', 'USERID', 'REVISER', 'DELETED-TEXT', 'DELETED-ROW', 'TEMPLATE-USER', 'IMG-PATH', 'DOCVAR', 'DOCID', 'EDITOR', 'IMG-ARTIST', 'JOINER']) {
      expect(removed).toContain(`${M}-${marker}`);
    }
    const names = listing.entries.map((e) => e.name);
    expect(names).not.toContain('docProps/custom.xml');
    expect(names).not.toContain('docProps/thumbnail.jpeg');
    expect(listing.text).not.toContain('custom-properties');
    expect(listing.text).not.toContain('/docProps/custom.xml');
    expect(listing.text).not.toContain('attachedTemplate');
    expect(listing.text).not.toMatch(/rsid/);
    // Comments go: their parts, relationships, content types and anchors in the body; each is reported with author and text.
    for (const part of ['word/comments.xml', 'word/people.xml', 'word/commentsExtended.xml']) {
      expect(names).not.toContain(part);
      expect(listing.text).not.toContain(part.replace('word/', ''));
    }
    expect(listing.text).not.toMatch(/commentRangeStart|commentRangeEnd|commentReference/);
    expect(removed).toContain(`DOCX:word/comments.xml/Comment => ${M}-COMMENTER: ${M}-DOCX-COMMENT-TEXT`);
    // Tracked changes accepted: the body reads as "Accept All" would leave it (read by python's ElementTree)
    expect(await pythonWordText(copyFile)).toBe(DOCX_TEXT);
    expect(listing.text).not.toMatch(/:(ins|del|moveFrom|moveTo|rPrChange|delText) /);
    // The embedded picture: still the same pixels, no EXIF
    await toolOk('unzip', ['-o', '-q', copyFile, 'word/media/image1.jpeg', '-d', work.file('docx-out')]);
    const picture = work.file('docx-out/word/media/image1.jpeg');
    const tags = await exiftoolJson(picture);
    expect(tags.text).not.toContain(M);
    for (const value of IDENTIFYING) expect(tags.text).not.toContain(value);
    await writeFile(work.file('docx-orig.jpg'), jpeg);
    const md5 = (f: string) => toolOk('ffmpeg', ['-loglevel', 'error', '-i', f, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-f', 'md5', '-']);
    expect(await md5(picture)).toBe(await md5(work.file('docx-orig.jpg')));
  });

  it('XLSX: save path, revision pointer, sharer, comments (legacy, threaded, their VML boxes and persons) and PNG text chunks go', async () => {
    const { removed, listing } = await stripAndCheck('xlsx');
    for (const marker of ['ABSPATH', 'XLSX-DOCID', 'SHARER', 'XLSX-COMMENTER', 'PNG-AUTHOR', 'XLSX-CREATOR', 'XLSX-LINKBASE']) expect(removed).toContain(`${M}-${marker}`);
    expect(listing.text).not.toContain('absPath');
    expect(listing.text).not.toContain('mc:AlternateContent');
    expect(listing.text).toContain('<v>84</v>');
    // Comments go with the persons list, the VML that only drew their boxes, and the sheet's reference to it.
    const names = listing.entries.map((e) => e.name);
    for (const part of ['xl/comments1.xml', 'xl/threadedComments/threadedComment1.xml', 'xl/persons/person.xml', 'xl/drawings/vmlDrawing1.vml']) expect(names).not.toContain(part);
    expect(names).toContain('xl/drawings/vmlDrawingHF1.vml');
    expect(listing.text).not.toMatch(/legacyDrawing|threadedComment|comments1|persons\/|vmlDrawing1/);
    expect(removed).toContain(`XLSX:xl/comments1.xml/Comment => ${M}-XLSX-COMMENTER: ${M}-XLSX-COMMENT-TEXT`);
    expect(removed).toContain(`XLSX:xl/threadedComments/threadedComment1.xml/Comment => ${M}-XLSX-PERSON: ${M}-XLSX-THREADED-TEXT`);
    expect(removed).toContain(`${M}-XLSX-PERSON-ID@example.org`);
  });

  it('PPTX: legacy and modern comments with their authors, picture path and alt text go; slide text stays', async () => {
    const { removed, listing } = await stripAndCheck('pptx');
    for (const marker of ['PPTX-COMMENT-AUTHOR', 'PPTX-PICPATH', 'PPTX-ALT', 'PPTX-CREATOR', 'PPTX-USERID']) expect(removed).toContain(`${M}-${marker}`);
    expect(listing.text).toContain('Briefing slide');
    // Legacy and modern comments go with their authors, and the slide's reference (and the extension list it leaves empty).
    const names = listing.entries.map((e) => e.name);
    for (const part of ['ppt/comments/comment1.xml', 'ppt/comments/modernComment_100_1.xml', 'ppt/commentAuthors.xml', 'ppt/authors.xml']) expect(names).not.toContain(part);
    expect(listing.text).not.toMatch(/commentRel|extLst|commentAuthors|authors\.xml|modernComment/);
    expect(removed).toContain(`PPTX:ppt/comments/comment1.xml/Comment => ${M}-PPTX-COMMENT-AUTHOR: ${M}-PPTX-COMMENT-TEXT`);
    expect(removed).toContain(`PPTX:ppt/comments/modernComment_100_1.xml/Comment => ${M}-PPTX-MODERN-AUTHOR: ${M}-PPTX-MODERN-TEXT`);
    expect(removed).toContain(`PPTX:ppt/comments/modernComment_100_1.xml/Comment => ${M}-PPTX-MODERN-AUTHOR: ${M}-PPTX-REPLY-TEXT`);
  });

  it('ODT: meta, annotations, tracked changes, printer, rsids, thumbnail and picture EXIF go; mimetype first and stored', async () => {
    const { removed, listing } = await stripAndCheck('odt');
    for (const marker of ['ODT-INITIAL-CREATOR', 'ODT-CREATOR', 'ODT-USERDEFINED', 'ODT-ANNOTATION-AUTHOR', 'ODT-REVISER', 'ODT-DELETED-TEXT', 'ODT-PRINTER', 'ODT-TPLUSER', 'IMG-ARTIST']) {
      expect(removed).toContain(`${M}-${marker}`);
    }
    expect(listing.entries[0]?.name).toBe('mimetype');
    expect(listing.entries[0]?.method).toBe(0);
    expect(listing.entries.map((e) => e.name)).not.toContain('Thumbnails/thumbnail.png');
    expect(listing.text).not.toContain('Thumbnails/');
    expect(listing.text).not.toContain('PrinterSetup');
    expect(listing.text).not.toContain('rsid');
    // The annotation and the mark ending its range go; the words it was anchored to stay.
    expect(listing.text).not.toMatch(/office:annotation/);
    expect(listing.text).toContain('commented words');
    expect(removed).toContain(`ODT:content.xml/annotation => ${M}-ODT-ANNOTATION-AUTHOR: ${M}-ODT-ANNOTATION-TEXT`);
    expect(listing.text).toContain('<meta:document-statistic');
    expect(listing.text).toContain('Field notes');
  });

  it('LibreOffice opens every copy (when installed)', async (context) => {
    if (!(await hasTool('soffice'))) {
      context.skip('LibreOffice (soffice) is not installed here; the open-in-an-office-suite check is skipped');
      return;
    }
    for (const kind of ['docx', 'xlsx', 'pptx', 'odt']) {
      const { copy } = await stripBytes(officeStripper, fixtures[kind] as Buffer);
      const file = work.file(`lo.${kind}`);
      await writeFile(file, copy);
      await toolOk('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', work.file('lo'), file]);
      expect((await readFile(work.file('lo/lo.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
    }
  }, 120_000);

  it('cleans embedded office documents recursively and uses injected strippers for other media', async () => {
    const withInner = await buildDocx({ 'word/embeddings/Sheet.xlsx': fixtures.xlsx as Buffer }, 'nested.docx');
    const { outcome, copy } = await stripBytes(officeStripper, withInner);
    const file = work.file('nested-copy.docx');
    await writeFile(file, copy);
    await toolOk('unzip', ['-o', '-q', file, 'word/embeddings/Sheet.xlsx', '-d', work.file('nested')]);
    const inner = await inspectZip(work.file('nested/word/embeddings/Sheet.xlsx'));
    expect(inner.text.match(markerPattern) ?? []).toEqual([]);
    expect(outcome.removed.map((r) => r.name)).toContain('DOCX:word/embeddings/Sheet.xlsx>XLSX:xl/workbook.xml/absPath');

    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]);
    const withGif = await buildDocx({ 'word/media/image2.gif': gif }, 'gif.docx');
    await expect(stripBytes(officeStripper, withGif)).rejects.toThrow(StripUnsupported);
    await expect(stripBytes(officeStripper, withGif)).rejects.toThrow(/embedded file \(image\/gif\)/);
    const fakeGif: FormatStripper = {
      name: 'fake-gif',
      mediaTypes: ['image/gif'],
      strip: async (_src, sink) => {
        await sink.write(Buffer.from('GIF89a-clean'));
        return { method: 'fake', removed: [{ name: 'GIF:Comment', value: 'x' }], proof: null };
      },
    };
    const injected = await stripBytes(createOfficeStripper({ embedded: (t) => (t === 'image/gif' ? fakeGif : undefined) }), withGif);
    expect(injected.outcome.removed.map((r) => r.name)).toContain('DOCX:word/media/image2.gif>GIF:Comment');
  });

  it('refuses encrypted zips, macros and signed packages as unsupported', async () => {
    const dir = work.file('enc');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, '[Content_Types].xml'), contentTypes([]));
    await writeFile(path.join(dir, 'word.xml'), '<a/>');
    await toolOk('zip', ['-q', '-P', 'secret', work.file('enc.docx'), '[Content_Types].xml', 'word.xml'], { cwd: dir });
    await expect(stripBytes(officeStripper, await readFile(work.file('enc.docx')))).rejects.toThrow(/encrypted/);
    const macro = await buildDocx({ 'word/vbaProject.bin': Buffer.from('macro') }, 'macro.docx');
    await expect(stripBytes(officeStripper, macro)).rejects.toThrow(/macros/);
    const signed = await buildDocx({ '_xmlsignatures/sig1.xml': '<Signature/>' }, 'signed.docx');
    await expect(stripBytes(officeStripper, signed)).rejects.toThrow(/digitally signed/);
    const plainZip = await zipFolder(work, 'plain.zip', { 'notes.txt': 'hello' });
    await expect(stripBytes(officeStripper, plainZip)).rejects.toThrow(StripUnsupported);
  });

  it('throws StripFailure with a reason for corrupt and truncated files', async () => {
    const docx = fixtures.docx as Buffer;
    await expect(stripBytes(officeStripper, docx.subarray(0, Math.floor(docx.length / 2)))).rejects.toThrow(/truncated/);
    const corrupt = Buffer.from(docx);
    // Flip bytes inside the first member's compressed data: the CRC check catches it.
    for (let i = 60; i < 90; i++) corrupt[i] = (corrupt[i] ?? 0) ^ 0x5a;
    await expect(stripBytes(officeStripper, corrupt)).rejects.toThrow(StripFailure);
    const badXml = await buildDocx({ 'word/document.xml': '<x:document xmlns:x="urn:x"><x:body>' }, 'badxml.docx');
    await expect(stripBytes(officeStripper, badXml)).rejects.toThrow(/XML parts cannot be read/);
    const doctype = await buildDocx({ 'word/document.xml': `<!DOCTYPE d [<!ENTITY e "${'x'.repeat(10)}">]><d>&e;</d>` }, 'doctype.docx');
    await expect(stripBytes(officeStripper, doctype)).rejects.toThrow(StripFailure);
    await expect(stripBytes(officeStripper, Buffer.alloc(0))).rejects.toThrow(StripFailure);
  });

  it('fuzz: mutated and truncated packages strip or fail cleanly, quickly', async () => {
    for (const [kind, seed] of [['docx', 0xd0c5], ['odt', 0x0d7]] as const) {
      const tally = await fuzz(officeStripper, fixtures[kind] as Buffer, 150, seed, 2000);
      expect(tally.failed).toBeGreaterThan(0);
    }
  }, 30_000);

  it('fuzz: embedded JPEG and PNG pictures (the picture strippers\' cleaners) return or throw a strip error naming an embedded picture', () => {
    const random = prng(0x1e6);
    for (const [kind, clean, seedBytes] of [['JPEG', cleanJpeg, jpeg], ['PNG', cleanPng, png]] as const) {
      for (let i = 0; i < 300; i++) {
        const input = mutate(seedBytes, random);
        try {
          const out = cleanEmbeddedPicture(kind, () => clean(input));
          expect(out.bytes.length).toBeGreaterThan(0);
        } catch (error) {
          if (!(error instanceof StripFailure || error instanceof StripUnsupported)) throw error;
          expect((error as Error).message).toContain(`embedded ${kind} picture`);
        }
      }
    }
    // Sanity: the clean picture keeps no APPn/COM besides JFIF/ICC/Adobe, and PNG keeps no text.
    const cleaned = cleanEmbeddedPicture('JPEG', () => cleanJpeg(jpeg));
    expect(cleaned.bytes.includes(Buffer.from('Exif\0'))).toBe(false);
    expect(cleanEmbeddedPicture('PNG', () => cleanPng(png)).bytes.includes(Buffer.from('tEXt'))).toBe(false);
    expect(collectingSink().bytes().length).toBe(0);
  });
});
