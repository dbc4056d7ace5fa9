/**
 * PDF: a full rewrite. pdf-lib reads every object of every revision, later revisions replacing
 * earlier ones; we remove the metadata, scripts, attachments, comments and annotation authors from the current
 * objects, clean the JPEG/JPEG 2000 pictures, drop every object the document no longer reaches (the
 * Info dictionary of revision 1 included) and write one fresh file with no incremental updates.
 *
 * Comments go too: sticky notes (Text annotations) and the popups that show notes are removed, and
 * the notes typed into other markup (highlights, ink, shapes, stamps) are cleared while the markup
 * itself stays on the page. FreeText annotations keep their text: it is drawn on the page. Links and
 * form fields are untouched.
 *
 * Proof ('pdf-text'): SHA-256 over the decoded content streams of all pages in page order, measured
 * in the original and again in the copy after reading it back. Content streams (where the text is)
 * are never edited, so the text a reader extracts is unchanged.
 */

import { createHash, randomBytes } from 'node:crypto';
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import {
  EncryptedPDFError,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  ParseSpeeds,
  decodePDFRawStream,
} from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';
import { cleanEmbeddedPicture, cleanJpeg } from './jpeg.ts';
import { displayValue, printableRuns, type CleanedPicture } from './office.ts';
import {
  StripFailure,
  StripUnsupported,
  type ByteSink,
  type ByteSource,
  type ContentProof,
  type FormatStripper,
  type RemovedEntry,
  type StripContext,
  type StripOutcome,
} from '../types.ts';

/** Whole-file rewrite in memory: beyond this the copy is refused rather than risking the process. */
const MAX_PDF_BYTES = 1024 * 1024 * 1024;
/** A content stream that inflates past this is hashed as stored bytes (same on both sides). */
const MAX_DECODED_STREAM = 256 * 1024 * 1024;
const MAX_PAGE_TREE_DEPTH = 64;

const DAMAGED = 'The PDF is damaged and cannot be read.';
const TRUNCATED = 'The PDF is truncated: it ends before its end-of-file marker.';
const NEUTRAL_AUTHOR = 'Reviewer';

const name = (n: string): PDFName => PDFName.of(n);

/** Keys that hold metadata, history or thumbnails wherever they appear. */
const METADATA_KEYS = ['Metadata', 'PieceInfo', 'LastModified', 'Thumb', 'AA', 'AF'] as const;
/** Action types that run code, launch programs, send data or open embedded files. */
const BAD_ACTIONS = new Set(['JavaScript', 'Launch', 'SubmitForm', 'ImportData', 'Rendition', 'GoToE', 'RichMediaExecute']);
/** Markup annotations (PDF 32000 12.5.6.2) whose /T is the author's name. */
const MARKUP = new Set([
  'Text', 'FreeText', 'Line', 'Square', 'Circle', 'Polygon', 'PolyLine', 'Highlight', 'Underline', 'Squiggly',
  'StrikeOut', 'Caret', 'Ink', 'Stamp', 'FileAttachment', 'Sound', 'Redact', 'Projection', 'Popup',
]);

export const pdfStripper: FormatStripper = {
  name: 'pdf',
  mediaTypes: ['application/pdf'],
  strip: stripPdf,
};

async function stripPdf(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
  if (src.size > MAX_PDF_BYTES) throw new StripUnsupported('The PDF is too large to clean in memory (over 1 GiB).');
  const bytes = await src.read(0, src.size);
  if (bytes.length !== src.size) throw new StripFailure(TRUNCATED);
  checkEnvelope(bytes);

  const doc = await loadPdf(bytes);
  const context = doc.context;
  const removed: RemovedEntry[] = [];
  const catalog = catalogOf(context);
  const pages = pagesOf(context, catalog);
  const originalHash = contentHash(context, pages);

  refuseSigned(context);
  removeTrailerInfo(context, removed);
  removeCatalogEntries(context, catalog, removed);
  for (const page of pages) cleanAnnotations(context, page, removed);
  cleanReachable(context, removed);
  cleanPictures(context, removed);
  collectGarbage(context);

  let copy: Uint8Array;
  try {
    copy = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  } catch {
    throw new StripFailure('The PDF could not be rewritten: some of its objects are malformed.');
  }

  const reread = await loadPdf(copy);
  const copyHash = contentHash(reread.context, pagesOf(reread.context, catalogOf(reread.context)));
  const proof: ContentProof = { kind: 'pdf-text', original: originalHash, copy: copyHash, identical: originalHash === copyHash };

  await sink.write(copy);
  return { method: 'pdf-rewrite', removed, proof };
}

/** A PDF starts with its header (within the first KiB) and ends with %%EOF (give or take trailing junk). */
function checkEnvelope(bytes: Buffer): void {
  const head = bytes.subarray(0, 1024).toString('latin1');
  if (!head.includes('%PDF-')) throw new StripFailure('The file is not a PDF: it has no PDF header.');
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new StripFailure(TRUNCATED);
}

const ENCRYPTED = 'The PDF is encrypted (password-protected or restricted); open it and save an unprotected copy first.';

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    // ignoreEncryption only so that an encrypted file loads far enough to be recognised below.
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, throwOnInvalidObject: true });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new StripUnsupported(ENCRYPTED);
    throw new StripFailure(DAMAGED);
  }
  if (doc.context.trailerInfo.Encrypt !== undefined) throw new StripUnsupported(ENCRYPTED);
  return doc;
}

function catalogOf(context: PDFContext): PDFDict {
  const catalog = context.lookup(context.trailerInfo.Root);
  if (!(catalog instanceof PDFDict) || catalog.get(name('Type')) !== name('Catalog')) throw new StripFailure(DAMAGED);
  return catalog;
}

/** Page leaves in order, walked by hand so that a cyclic or dangling page tree fails instead of looping. */
function pagesOf(context: PDFContext, catalog: PDFDict): PDFDict[] {
  const pages: PDFDict[] = [];
  const seen = new Set<PDFObject>();
  const visit = (node: PDFObject | undefined, depth: number): void => {
    const dict = node instanceof PDFRef ? context.lookup(node) : node;
    if (!(dict instanceof PDFDict) || seen.has(dict) || depth > MAX_PAGE_TREE_DEPTH) throw new StripFailure(DAMAGED);
    seen.add(dict);
    const kids = dict.get(name('Kids'));
    if (dict.get(name('Type')) === name('Page') || kids === undefined) {
      checkContents(context, dict);
      pages.push(dict);
      return;
    }
    const list = context.lookup(kids);
    if (!(list instanceof PDFArray)) throw new StripFailure(DAMAGED);
    for (let i = 0; i < list.size(); i++) visit(list.get(i), depth + 1);
  };
  visit(catalog.get(name('Pages')), 0);
  if (pages.length === 0) throw new StripFailure('The PDF has no pages.');
  return pages;
}

function contentStreams(context: PDFContext, page: PDFDict): PDFStream[] {
  const contents = page.get(name('Contents'));
  if (contents === undefined) return [];
  const resolved = context.lookup(contents);
  if (resolved instanceof PDFStream) return [resolved];
  if (resolved instanceof PDFArray) {
    return resolved.asArray().map((item) => {
      const stream = context.lookup(item);
      if (!(stream instanceof PDFStream)) throw new StripFailure(DAMAGED);
      return stream;
    });
  }
  throw new StripFailure(DAMAGED);
}

function checkContents(context: PDFContext, page: PDFDict): void {
  contentStreams(context, page);
}

/** SHA-256 over every page's content streams, decoded where they are plain Flate, else as stored. */
function contentHash(context: PDFContext, pages: PDFDict[]): string {
  const hash = createHash('sha256');
  pages.forEach((page, index) => {
    hash.update(`page ${index}\n`);
    for (const stream of contentStreams(context, page)) {
      const { label, data } = decodedContent(context, stream);
      hash.update(`${label} ${data.length}\n`);
      hash.update(data);
    }
  });
  return hash.digest('hex');
}

function decodedContent(context: PDFContext, stream: PDFStream): { label: string; data: Uint8Array } {
  if (!(stream instanceof PDFRawStream)) return { label: 'raw', data: stream.getContents() };
  const filters = filterNames(context, stream.dict);
  const raw = stream.getContents();
  if (filters.length === 0) return { label: 'plain', data: raw };
  if (filters.every((f) => f === 'FlateDecode') && stream.dict.get(name('DecodeParms')) === undefined) {
    try {
      let data: Uint8Array = raw;
      for (let i = 0; i < filters.length; i++) {
        data = inflateSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED_STREAM });
      }
      return { label: 'decoded', data };
    } catch {
      // Damaged or oversized: compare the stored bytes instead, which the rewrite keeps as they are.
    }
  }
  return { label: `stored ${filters.join(',')}`, data: raw };
}

function filterNames(context: PDFContext, dict: PDFDict): string[] {
  const filter = context.lookup(dict.get(name('Filter')));
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray) return filter.asArray().map((f) => {
    const n = context.lookup(f);
    return n instanceof PDFName ? n.decodeText() : '?';
  });
  return [];
}

/** Text of a PDF value for the removed list. */
function valueText(context: PDFContext, value: PDFObject | undefined, depth = 0): string {
  const v = value instanceof PDFRef ? context.lookup(value) : value;
  if (v === undefined || v === PDFNull) return '';
  if (v instanceof PDFString || v instanceof PDFHexString) {
    try {
      return displayValue(v.decodeText());
    } catch {
      return displayValue(v.asString());
    }
  }
  if (v instanceof PDFName) return v.decodeText();
  if (v instanceof PDFNumber || v instanceof PDFBool) return v.toString();
  if (v instanceof PDFStream) return streamText(context, v);
  if (depth > 2) return '…';
  if (v instanceof PDFArray) return displayValue(v.asArray().map((item) => valueText(context, item, depth + 1)).join(' '));
  if (v instanceof PDFDict) {
    return displayValue(v.entries().map(([k, item]) => `${k.decodeText()}=${valueText(context, item, depth + 1)}`).join(' '));
  }
  return '';
}

/** An XMP or other metadata stream as its text content, tags dropped (for display only). */
function streamText(_context: PDFContext, stream: PDFStream): string {
  let data: Uint8Array;
  try {
    data = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
  } catch {
    data = stream.getContents();
  }
  const text = Buffer.from(data.subarray(0, 64 * 1024)).toString('utf8');
  if (text.includes('<')) return displayValue(text.replace(/<[^>]*>/g, ' '));
  return printableRuns(data);
}

function refuseSigned(context: PDFContext): void {
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object;
    if (!(dict instanceof PDFDict)) continue;
    const type = dict.get(name('Type'));
    const signedField = dict.get(name('FT')) === name('Sig') && dict.get(name('V')) !== undefined;
    if (type === name('Sig') || type === name('DocTimeStamp') || signedField) {
      throw new StripUnsupported('The PDF is digitally signed: the signature names the signer and would not survive a cleaned copy.');
    }
  }
}

function removeTrailerInfo(context: PDFContext, removed: RemovedEntry[]): void {
  const info = context.lookup(context.trailerInfo.Info);
  if (info instanceof PDFDict) {
    for (const [key, value] of info.entries()) removed.push({ name: `PDF:Info/${key.decodeText()}`, value: valueText(context, value) });
  }
  context.trailerInfo.Info = undefined;
  const id = context.lookup(context.trailerInfo.ID);
  if (id instanceof PDFArray) removed.push({ name: 'PDF:ID', value: id.asArray().map(idHex).join(' ') });
  const fresh = PDFHexString.of(randomBytes(16).toString('hex').toUpperCase());
  context.trailerInfo.ID = context.obj([fresh, fresh]);
}

/** The file identifier is binary: shown as hex. */
function idHex(part: PDFObject): string {
  if (part instanceof PDFHexString) return part.asString().toUpperCase();
  if (part instanceof PDFString) return Buffer.from(part.asBytes()).toString('hex').toUpperCase();
  return '';
}

function removeCatalogEntries(context: PDFContext, catalog: PDFDict, removed: RemovedEntry[]): void {
  const names = context.lookup(catalog.get(name('Names')));
  if (names instanceof PDFDict) {
    for (const key of ['EmbeddedFiles', 'JavaScript']) {
      const tree = names.get(name(key));
      if (tree === undefined) continue;
      removed.push({ name: `PDF:Names/${key}`, value: nameTreeKeys(context, tree) });
      names.delete(name(key));
    }
  }
  for (const key of ['Collection', 'SpiderInfo', 'Legal', 'Perms']) {
    const value = catalog.get(name(key));
    if (value === undefined) continue;
    removed.push({ name: `PDF:Catalog/${key}`, value: valueText(context, value) });
    catalog.delete(name(key));
  }
  const form = context.lookup(catalog.get(name('AcroForm')));
  if (form instanceof PDFDict && form.get(name('XFA')) !== undefined) {
    removed.push({ name: 'PDF:AcroForm/XFA', value: 'XFA form description' });
    form.delete(name('XFA'));
  }
  const open = context.lookup(catalog.get(name('OpenAction')));
  if (open instanceof PDFDict && isBadAction(context, open)) {
    removed.push({ name: 'PDF:OpenAction', value: actionText(context, open) });
    catalog.delete(name('OpenAction'));
  }
}

/** The names in a name tree, for the removed list (bounded walk). */
function nameTreeKeys(context: PDFContext, root: PDFObject): string {
  const keys: string[] = [];
  const stack: PDFObject[] = [root];
  const seen = new Set<PDFObject>();
  while (stack.length > 0 && keys.length < 50 && seen.size < 10_000) {
    const node = context.lookup(stack.pop());
    if (!(node instanceof PDFDict) || seen.has(node)) continue;
    seen.add(node);
    const list = context.lookup(node.get(name('Names')));
    if (list instanceof PDFArray) for (let i = 0; i < list.size(); i += 2) keys.push(valueText(context, list.get(i)));
    const kids = context.lookup(node.get(name('Kids')));
    if (kids instanceof PDFArray) stack.push(...kids.asArray());
  }
  return displayValue(keys.join(', ')) || 'entries';
}

function isBadAction(context: PDFContext, action: PDFDict): boolean {
  const s = action.get(name('S'));
  return (s instanceof PDFName && BAD_ACTIONS.has(s.decodeText())) || action.get(name('JS')) !== undefined || badNext(context, action);
}

function badNext(context: PDFContext, action: PDFDict): boolean {
  const next = context.lookup(action.get(name('Next')));
  if (next instanceof PDFDict) return isBadAction(context, next);
  if (next instanceof PDFArray) return next.asArray().some((a) => {
    const d = context.lookup(a);
    return d instanceof PDFDict && isBadAction(context, d);
  });
  return false;
}

function actionText(context: PDFContext, action: PDFDict): string {
  const s = valueText(context, action.get(name('S')));
  const js = action.get(name('JS'));
  return displayValue(js === undefined ? s : `${s} ${valueText(context, js)}`);
}

function cleanAnnotations(context: PDFContext, page: PDFDict, removed: RemovedEntry[]): void {
  const annotsRef = page.get(name('Annots'));
  const annots = context.lookup(annotsRef);
  if (annots === undefined) return;
  if (!(annots instanceof PDFArray)) {
    page.delete(name('Annots'));
    return;
  }
  const drop = new Set<PDFObject>();
  for (const item of annots.asArray()) {
    const annot = context.lookup(item);
    if (!(annot instanceof PDFDict)) continue;
    const subtype = annot.get(name('Subtype'));
    if (subtype === name('FileAttachment')) {
      const fs = annot.get(name('FS'));
      removed.push({ name: 'PDF:FileAttachmentAnnotation', value: valueText(context, fs) || 'attached file' });
      drop.add(annot);
    } else if (subtype === name('Text')) {
      // A sticky note is a reviewer's remark, not the page: it goes, with its replies' thread marker.
      const author = valueText(context, annot.get(name('T')));
      const note = valueText(context, annot.get(name('Contents')));
      removed.push({ name: 'PDF:Annotation/Text', value: displayValue(author === '' ? note : `${author}: ${note}`) });
      drop.add(annot);
    } else if (subtype === name('Popup')) {
      // The window that shows a markup annotation's note: it shows nothing once the note is gone.
      drop.add(annot);
    } else if (subtype instanceof PDFName && MARKUP.has(subtype.decodeText()) && subtype !== name('FreeText')) {
      // Highlights, ink, shapes, stamps… stay on the page; the note a reviewer typed into them goes.
      // FreeText draws its Contents on the page: that text is content and stays.
      for (const key of ['Contents', 'RC', 'Subj']) {
        const value = annot.get(name(key));
        if (value === undefined) continue;
        const text = valueText(context, value);
        if (text !== '') removed.push({ name: `PDF:Annotation/${subtype.decodeText()}/${key}`, value: text });
        annot.delete(name(key));
      }
    }
    const popup = context.lookup(annot.get(name('Popup')));
    if (popup !== undefined) drop.add(popup);
    annot.delete(name('Popup'));
    if (subtype instanceof PDFName && MARKUP.has(subtype.decodeText())) {
      const author = annot.get(name('T'));
      if (author !== undefined) {
        const text = valueText(context, author);
        if (text !== NEUTRAL_AUTHOR) removed.push({ name: 'PDF:Annotation/T', value: text });
        annot.set(name('T'), PDFString.of(NEUTRAL_AUTHOR));
      }
    }
    for (const key of ['M', 'CreationDate', 'NM']) {
      const value = annot.get(name(key));
      if (value === undefined) continue;
      removed.push({ name: `PDF:Annotation/${key}`, value: valueText(context, value) });
      annot.delete(name(key));
    }
  }
  if (drop.size === 0) return;
  const kept = annots.asArray().filter((item) => !drop.has(context.lookup(item) as PDFObject));
  // A reply to a removed note would point at nothing.
  for (const item of kept) {
    const annot = context.lookup(item);
    if (annot instanceof PDFDict && drop.has(context.lookup(annot.get(name('IRT'))) as PDFObject)) annot.delete(name('IRT'));
  }
  const replacement = context.obj(kept);
  if (annotsRef instanceof PDFRef) context.assign(annotsRef, replacement);
  else page.set(name('Annots'), replacement);
}

/**
 * Every object the catalog reaches: metadata keys go from every dictionary and stream, embedded
 * files from every file specification, and actions that run code from every place that holds one.
 */
function cleanReachable(context: PDFContext, removed: RemovedEntry[]): void {
  for (const dict of reachableDicts(context)) {
    for (const key of METADATA_KEYS) {
      const value = dict.get(name(key));
      if (value === undefined) continue;
      removed.push({ name: `PDF:${key}`, value: key === 'AA' ? 'additional actions (scripts)' : valueText(context, value) || key });
      dict.delete(name(key));
    }
    for (const key of ['EF', 'RF']) {
      if (dict.get(name(key)) === undefined) continue;
      removed.push({ name: `PDF:EmbeddedFile`, value: valueText(context, dict.get(name('UF')) ?? dict.get(name('F'))) || 'embedded file' });
      dict.delete(name(key));
    }
    for (const key of ['OpenAction', 'A']) {
      const action = context.lookup(dict.get(name(key)));
      if (action instanceof PDFDict && action.get(name('S')) !== undefined && isBadAction(context, action)) {
        removed.push({ name: `PDF:Action/${valueText(context, action.get(name('S')))}`, value: actionText(context, action) });
        dict.delete(name(key));
      }
    }
  }
}

/** All dictionaries (stream dictionaries included) reachable from the trailer's Root. */
function reachableDicts(context: PDFContext): PDFDict[] {
  const dicts: PDFDict[] = [];
  walkReachable(context, (object) => {
    if (object instanceof PDFDict) dicts.push(object);
    else if (object instanceof PDFStream) dicts.push(object.dict);
  });
  return dicts;
}

/** Calls visit for every object reachable from Root and returns the references it went through. */
function walkReachable(context: PDFContext, visit: (object: PDFObject) => void): Set<string> {
  const refs = new Set<string>();
  const seen = new Set<PDFObject>();
  const stack: PDFObject[] = [];
  if (context.trailerInfo.Root !== undefined) stack.push(context.trailerInfo.Root);
  while (stack.length > 0) {
    let object = stack.pop() as PDFObject;
    if (object instanceof PDFRef) {
      if (refs.has(object.tag)) continue;
      refs.add(object.tag);
      const target = context.lookup(object);
      if (target === undefined) continue;
      object = target;
    }
    if (seen.has(object)) continue;
    seen.add(object);
    if (object instanceof PDFInvalidObject) throw new StripFailure(DAMAGED);
    visit(object);
    if (object instanceof PDFDict) stack.push(...object.values());
    else if (object instanceof PDFArray) stack.push(...object.asArray());
    else if (object instanceof PDFStream) stack.push(...object.dict.values());
  }
  return refs;
}

/** DCT (JPEG) and JPX (JPEG 2000) image streams lose their metadata segments and boxes. */
function cleanPictures(context: PDFContext, removed: RemovedEntry[]): void {
  const refs = walkReachable(context, () => undefined);
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!refs.has(ref.tag) || !(object instanceof PDFRawStream)) continue;
    const dict = object.dict;
    if (dict.get(name('Subtype')) !== name('Image')) continue;
    const filters = filterNames(context, dict);
    const last = filters[filters.length - 1];
    if (last !== 'DCTDecode' && last !== 'JPXDecode') continue;
    if (filters.length > 1 && !filters.slice(0, -1).every((f) => f === 'FlateDecode')) {
      throw new StripUnsupported('The PDF has a picture stored with an encoding this version cannot clean.');
    }
    let data: Uint8Array = object.getContents();
    try {
      for (let i = 0; i < filters.length - 1; i++) data = inflateSync(data, { maxOutputLength: MAX_DECODED_STREAM });
    } catch {
      throw new StripFailure('A picture in the PDF is damaged.');
    }
    // The DCTDecode filter ignores Exif, so the orientation is not written back: the page looks the same.
    const cleaned = last === 'DCTDecode' ? cleanEmbeddedPicture('JPEG', () => cleanJpeg(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { keepOrientation: false })) : cleanJp2(data);
    for (const entry of cleaned.removed) removed.push({ name: `PDF:Image/${entry.name}`, value: entry.value });
    if (cleaned.removed.length === 0 && filters.length === 1) continue;
    const newDict = dict.clone(context);
    newDict.set(name('Filter'), name(last));
    newDict.delete(name('DecodeParms'));
    newDict.set(name('Length'), PDFNumber.of(cleaned.bytes.length));
    context.assign(ref, PDFRawStream.of(newDict, cleaned.bytes));
  }
}

/** JPEG 2000 (JP2 file format): only the boxes a decoder needs; XML, UUID (XMP/EXIF) and IPR boxes go. */
function cleanJp2(bytes: Uint8Array): CleanedPicture {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A bare codestream (no JP2 boxes) has no metadata container besides COM markers written by encoders.
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0x4f) return { bytes: b, removed: [] };
  const keep = new Set(['jP  ', 'ftyp', 'jp2h', 'jp2c']);
  const out: Buffer[] = [];
  const removed: RemovedEntry[] = [];
  let o = 0;
  let sawCodestream = false;
  while (o < b.length) {
    if (o + 8 > b.length) throw new StripFailure('A picture in the PDF is damaged.');
    let size = b.readUInt32BE(o);
    const type = b.toString('latin1', o + 4, o + 8);
    if (size === 1) {
      if (o + 16 > b.length) throw new StripFailure('A picture in the PDF is damaged.');
      const big = b.readBigUInt64BE(o + 8);
      if (big > BigInt(b.length - o)) throw new StripFailure('A picture in the PDF is damaged.');
      size = Number(big);
    } else if (size === 0) {
      size = b.length - o;
    }
    if (size < 8 || o + size > b.length) throw new StripFailure('A picture in the PDF is damaged.');
    const box = b.subarray(o, o + size);
    if (keep.has(type)) out.push(box);
    else removed.push({ name: `JP2:${type.trim()}`, value: printableRuns(box.subarray(8)) });
    if (type === 'jp2c') sawCodestream = true;
    o += size;
  }
  if (!sawCodestream) throw new StripFailure('A picture in the PDF is damaged.');
  return { bytes: Buffer.concat(out), removed };
}

/** Deletes every object the trailer's Root does not reach: superseded revisions and orphans. */
function collectGarbage(context: PDFContext): void {
  const refs = walkReachable(context, () => undefined);
  let largest = 0;
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!refs.has(ref.tag)) context.delete(ref);
    else largest = Math.max(largest, ref.objectNumber);
  }
  // The trailer's /Size comes from this; left at the old maximum, checkers flag the gap.
  context.largestObjectNumber = largest;
}
