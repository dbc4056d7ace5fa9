/**
 * Office documents (OOXML: DOCX/XLSX/PPTX; OpenDocument: ODT/ODS/ODP and friends) and the pictures
 * inside them. The zip is rewritten entry by entry: metadata parts are emptied, names of people are
 * replaced by neutral labels, tracked changes are accepted (deleted text is content history and goes),
 * editing-session ids, template and save paths go, embedded pictures are cleaned through the
 * picture strippers, and the new zip has fixed entry times and no extra fields or comments.
 *
 * The zip reader and writer are ours (central directory only, stored/deflate, no zip64): a zip
 * library would either hide the parts we must refuse (encrypted entries, data outside the central
 * directory, declared sizes that lie) or write timestamps and extra fields we must not write.
 * XML is edited through a DOM (@xmldom/xmldom) by namespace URI and local name, never by regex.
 */

import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import type { Document as XmlDocument, Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
import { sniffMediaType } from '../../ingest/media-type.ts';
import { cleanEmbeddedPicture, cleanJpeg } from './jpeg.ts';
import { cleanPng } from './png.ts';
import {
  StripFailure,
  StripUnsupported,
  bufferSource,
  collectingSink,
  type ByteSink,
  type ByteSource,
  type FormatStripper,
  type RemovedEntry,
  type StripContext,
  type StripOutcome,
} from '../types.ts';

// ---------------------------------------------------------------------------------------------
// Shared small helpers
// ---------------------------------------------------------------------------------------------

const MAX_VALUE = 200;

/** A removed value as display text: printable, one line, at most ~200 characters. */
export function displayValue(text: string): string {
  const flat = text.replace(/\p{Cc}+/gu, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_VALUE ? `${flat.slice(0, MAX_VALUE)}…` : flat;
}

/** Printable ASCII runs of a binary segment (EXIF, IPTC…), enough for a user to see what went. */
export function printableRuns(bytes: Uint8Array, minRun = 4): string {
  const runs: string[] = [];
  let run = '';
  let total = 0;
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f) {
      run += String.fromCharCode(b);
      continue;
    }
    if (run.length >= minRun) {
      runs.push(run);
      total += run.length + 1;
      if (total > MAX_VALUE * 2) break;
    }
    run = '';
  }
  if (run.length >= minRun) runs.push(run);
  return displayValue(runs.join(' '));
}

/** A cleaned embedded file and what was removed from it. */
export type CleanedPicture = { bytes: Buffer; removed: RemovedEntry[] };

// ---------------------------------------------------------------------------------------------
// Zip: read through the central directory, write afresh
// ---------------------------------------------------------------------------------------------

const MAX_PACKAGE_BYTES = 1024 * 1024 * 1024;
/** Sum of declared uncompressed sizes: a guard against zip bombs. */
const MAX_INFLATED_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const ZIP_DAMAGED = 'The document is damaged: its zip structure cannot be read.';
const ZIP_TRUNCATED = 'The document is truncated: its zip directory is missing.';

type ZipEntry = { name: string; data: Buffer; stored: boolean };
type ZipRead = { entries: ZipEntry[]; removed: RemovedEntry[] };

const u16 = (b: Buffer, o: number): number => b.readUInt16LE(o);
const u32 = (b: Buffer, o: number): number => b.readUInt32LE(o);

function findEndOfDirectory(b: Buffer): number {
  const lowest = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= lowest; i--) {
    if (u32(b, i) === 0x06054b50 && i + 22 + u16(b, i + 20) === b.length) return i;
  }
  throw new StripFailure(ZIP_TRUNCATED);
}

function dosDateText(date: number, time: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}`;
}

function readZip(b: Buffer): ZipRead {
  if (b.length < 22) throw new StripFailure(ZIP_TRUNCATED);
  const end = findEndOfDirectory(b);
  const removed: RemovedEntry[] = [];
  if (end >= 20 && u32(b, end - 20) === 0x07064b50) throw new StripUnsupported('The document uses a ZIP64 container, which this version cannot rewrite.');
  const count = u16(b, end + 10);
  const cdSize = u32(b, end + 12);
  const cdOffset = u32(b, end + 16);
  if (u16(b, end + 4) !== 0 || u16(b, end + 6) !== 0 || u16(b, end + 8) !== count) throw new StripUnsupported('The document is a multi-part zip, which this version cannot rewrite.');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new StripUnsupported('The document uses a ZIP64 container, which this version cannot rewrite.');
  if (cdOffset + cdSize > end) throw new StripFailure(ZIP_DAMAGED);
  const zipComment = b.subarray(end + 22);
  if (zipComment.length > 0) removed.push({ name: 'ZIP:Comment', value: displayValue(zipComment.toString('latin1')) });

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  let inflated = 0;
  let latest = '';
  let extras = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cdOffset + cdSize || u32(b, p) !== 0x02014b50) throw new StripFailure(ZIP_DAMAGED);
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    const time = u16(b, p + 12);
    const date = u16(b, p + 14);
    const crc = u32(b, p + 16);
    const csize = u32(b, p + 20);
    const usize = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const local = u32(b, p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > cdOffset + cdSize) throw new StripFailure(ZIP_DAMAGED);
    const rawName = b.subarray(p + 46, p + 46 + nameLen);
    const name = (flags & 0x800) !== 0 ? rawName.toString('utf8') : rawName.toString('latin1');
    const comment = b.subarray(p + 46 + nameLen + extraLen, p + 46 + nameLen + extraLen + commentLen);
    p += 46 + nameLen + extraLen + commentLen;

    if ((flags & 0x41) !== 0) throw new StripUnsupported('The document is encrypted (password-protected); save an unprotected copy first.');
    if (method !== 0 && method !== 8) throw new StripUnsupported('The document uses a zip compression method this version cannot read.');
    if (csize === 0xffffffff || usize === 0xffffffff || local === 0xffffffff) throw new StripUnsupported('The document uses a ZIP64 container, which this version cannot rewrite.');
    if (names.has(name) || name.length === 0) throw new StripFailure(ZIP_DAMAGED);
    names.add(name);
    inflated += usize;
    if (inflated > MAX_INFLATED_BYTES) throw new StripUnsupported('The document is too large once decompressed to clean in memory.');

    if (local + 30 > b.length || u32(b, local) !== 0x04034b50) throw new StripFailure(ZIP_DAMAGED);
    const localNameLen = u16(b, local + 26);
    const localExtraLen = u16(b, local + 28);
    if (!b.subarray(local + 30, local + 30 + localNameLen).equals(rawName)) throw new StripFailure(ZIP_DAMAGED);
    const start = local + 30 + localNameLen + localExtraLen;
    if (start + csize > cdOffset) throw new StripFailure(ZIP_DAMAGED);
    const packed = b.subarray(start, start + csize);
    let data: Buffer;
    if (method === 0) {
      if (csize !== usize) throw new StripFailure(ZIP_DAMAGED);
      data = Buffer.from(packed);
    } else {
      try {
        data = inflateRawSync(packed, { maxOutputLength: Math.max(1, usize) });
      } catch {
        throw new StripFailure(ZIP_DAMAGED);
      }
    }
    if (data.length !== usize || crc32(data) !== crc) throw new StripFailure(ZIP_DAMAGED);

    const when = dosDateText(date, time);
    if (when > latest) latest = when;
    if (extraLen > 0 || localExtraLen > 0) extras++;
    if (comment.length > 0) removed.push({ name: 'ZIP:EntryComment', value: displayValue(comment.toString('latin1')) });
    entries.push({ name, data, stored: method === 0 });
  }
  if (latest !== '' && latest !== '1980-01-01 00:00') removed.push({ name: 'ZIP:EntryTimes', value: `last saved ${latest}` });
  if (extras > 0) removed.push({ name: 'ZIP:ExtraFields', value: `${extras} entries with extra fields (timestamps, owner ids)` });
  return { entries, removed };
}

/** 1980-01-01 00:00 in MS-DOS date/time. */
const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
const FIXED_DOS_TIME = 0;

function writeZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length >= 0xffff) throw new StripUnsupported('The document has too many parts for this version to rewrite.');
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : 0x800;
    const body = entry.stored ? entry.data : deflateRawSync(entry.data, { level: 6 });
    const crc = crc32(entry.data);
    if (offset + 30 + name.length + body.length > 0xfffffffe) throw new StripUnsupported('The document is too large for this version to rewrite.');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(entry.stored ? 0 : 8, 8);
    header.writeUInt16LE(FIXED_DOS_TIME, 10);
    header.writeUInt16LE(FIXED_DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(entry.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    locals.push(header, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    // Made by "Unix" with plain rw-r--r-- file modes: what metadata checkers (mat2) expect of a cleaned zip.
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(entry.stored ? 0 : 8, 10);
    central.writeUInt16LE(FIXED_DOS_TIME, 12);
    central.writeUInt16LE(FIXED_DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((entry.name.endsWith('/') ? 0o40755 : 0o100644) * 0x10000, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cdSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, eocd]);
}

// ---------------------------------------------------------------------------------------------
// XML through a DOM
// ---------------------------------------------------------------------------------------------

const XML_DAMAGED = 'The document is damaged: one of its XML parts cannot be read.';

type XmlPart = { doc: XmlDocument; utf16: boolean };

function parseXml(data: Buffer): XmlPart {
  const utf16 = data.length >= 2 && data[0] === 0xff && data[1] === 0xfe;
  let text = utf16 ? data.subarray(2).toString('utf16le') : data.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // OOXML and ODF forbid DTDs; one here could only be an entity trick.
  if (/<!DOCTYPE/i.test(text)) throw new StripFailure(XML_DAMAGED);
  try {
    const doc = new DOMParser({
      onError: (level) => {
        if (level !== 'warning') throw new StripFailure(XML_DAMAGED);
      },
    }).parseFromString(text, 'application/xml');
    if (doc.documentElement === null) throw new StripFailure(XML_DAMAGED);
    return { doc, utf16 };
  } catch {
    throw new StripFailure(XML_DAMAGED);
  }
}

function serializeXml(part: XmlPart): Buffer {
  const text = new XMLSerializer().serializeToString(part.doc);
  return part.utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf8');
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;

/** Every element under node (itself excluded), in document order; a snapshot, safe to edit while iterating. */
function elementsOf(node: XmlNode): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlNode[] = [];
  for (let c = node.lastChild; c !== null; c = c.previousSibling) stack.push(c);
  while (stack.length > 0) {
    const current = stack.pop() as XmlNode;
    if (current.nodeType !== ELEMENT_NODE) continue;
    out.push(current as XmlElement);
    for (let c = current.lastChild; c !== null; c = c.previousSibling) stack.push(c);
  }
  return out;
}

function childElements(node: XmlNode): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) out.push(c as XmlElement);
  return out;
}

function textOf(node: XmlNode): string {
  return node.textContent ?? '';
}

function detach(node: XmlNode): void {
  node.parentNode?.removeChild(node);
}

function unwrap(el: XmlElement): void {
  const parent = el.parentNode;
  if (parent === null) return;
  while (el.firstChild !== null) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

function isAttached(node: XmlNode): boolean {
  let n: XmlNode | null = node;
  while (n !== null && n.nodeType !== 9) n = n.parentNode;
  return n !== null;
}

function setText(el: XmlElement, text: string): void {
  while (el.firstChild !== null) el.removeChild(el.firstChild);
  if (text !== '') el.appendChild((el.ownerDocument as XmlDocument).createTextNode(text));
}

// ---------------------------------------------------------------------------------------------
// Namespaces (matched by URI; prefixes are the author's choice)
// ---------------------------------------------------------------------------------------------

const NS = {
  w: new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']),
  m: new Set(['http://schemas.openxmlformats.org/officeDocument/2006/math', 'http://purl.oclc.org/ooxml/officeDocument/math']),
  w15: 'http://schemas.microsoft.com/office/word/2012/wordml',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
  x15ac: 'http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac',
  xr: 'http://schemas.microsoft.com/office/spreadsheetml/2014/revision',
  mc: 'http://schemas.openxmlformats.org/markup-compatibility/2006',
  officeooo: 'http://openoffice.org/2009/office',
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  meta: 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  config: 'urn:oasis:names:tc:opendocument:xmlns:config:1.0',
  manifest: 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0',
  dc: 'http://purl.org/dc/elements/1.1/',
  s: new Set(['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main']),
  a: new Set(['http://schemas.openxmlformats.org/drawingml/2006/main', 'http://purl.oclc.org/ooxml/drawingml/main']),
} as const;

const isW = (node: XmlNode | null, local?: string): boolean =>
  node !== null && node.nodeType === ELEMENT_NODE && NS.w.has((node as XmlElement).namespaceURI ?? '') && (local === undefined || (node as XmlElement).localName === local);
const isM = (node: XmlNode | null, local: string): boolean =>
  node !== null && node.nodeType === ELEMENT_NODE && NS.m.has((node as XmlElement).namespaceURI ?? '') && (node as XmlElement).localName === local;
const isNs = (node: XmlNode | null, ns: string, local?: string): boolean =>
  node !== null && node.nodeType === ELEMENT_NODE && (node as XmlElement).namespaceURI === ns && (local === undefined || (node as XmlElement).localName === local);

// ---------------------------------------------------------------------------------------------
// The cleaning session for one package
// ---------------------------------------------------------------------------------------------

/** Neutral, stable labels for people: the first name seen is "Author", the next "Author 2"… */
class Pseudonyms {
  readonly #names = new Map<string, number>();
  label(real: string): string {
    const n = this.#index(real);
    return n === 1 ? 'Author' : `Author ${n}`;
  }
  initials(real: string): string {
    const n = this.#index(real);
    return n === 1 ? 'A' : `A${n}`;
  }
  #index(real: string): number {
    let n = this.#names.get(real);
    if (n === undefined) {
      n = this.#names.size + 1;
      this.#names.set(real, n);
    }
    return n;
  }
}

type Session = {
  label: string; // DOCX, XLSX, PPTX, ODT…
  removed: RemovedEntry[];
  people: Pseudonyms;
  ctx: StripContext;
  options: OfficeStripperOptions;
  depth: number;
};

function note(session: Session, part: string, field: string, value: string): void {
  if (value.trim() === '') return;
  session.removed.push({ name: `${session.label}:${part}/${field}`, value: displayValue(value) });
}

/** Notes each distinct value once per field. */
function noteOnce(session: Session, seen: Set<string>, part: string, field: string, value: string): void {
  const key = `${part}\u0000${field}\u0000${value}`;
  if (seen.has(key)) return;
  seen.add(key);
  note(session, part, field, value);
}

// ---------------------------------------------------------------------------------------------
// OOXML parts
// ---------------------------------------------------------------------------------------------

/** Extended properties that describe the document's shape, not its people or software. */
const APP_KEEP = new Set([
  'Pages', 'Words', 'Characters', 'CharactersWithSpaces', 'Lines', 'Paragraphs', 'Slides', 'Notes', 'HiddenSlides',
  'MMClips', 'ScaleCrop', 'HeadingPairs', 'TitlesOfParts', 'LinksUpToDate', 'SharedDoc', 'HyperlinksChanged',
  'DocSecurity', 'PresentationFormat', 'HLinks',
]);

function cleanCoreProperties(session: Session, part: string, doc: XmlDocument): void {
  const root = doc.documentElement as XmlElement;
  for (const el of childElements(root)) {
    note(session, part, el.localName ?? el.nodeName, textOf(el));
    root.removeChild(el);
  }
}

function cleanAppProperties(session: Session, part: string, doc: XmlDocument): void {
  const root = doc.documentElement as XmlElement;
  for (const el of childElements(root)) {
    if (APP_KEEP.has(el.localName ?? '')) continue;
    note(session, part, el.localName ?? el.nodeName, textOf(el));
    root.removeChild(el);
  }
}

/** Picture names and descriptions often hold the original file path. */
function cleanDrawingNames(session: Session, part: string, doc: XmlDocument): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    if (el.localName !== 'docPr' && el.localName !== 'cNvPr') continue;
    for (const attr of ['descr', 'title']) {
      const value = el.getAttribute(attr);
      if (value === null) continue;
      note(session, part, `${el.localName}@${attr}`, value);
      el.removeAttribute(attr);
      changed = true;
    }
    const pictureName = el.getAttribute('name');
    if (pictureName !== null && /[\\/]|\.[A-Za-z0-9]{2,5}$/.test(pictureName)) {
      note(session, part, `${el.localName}@name`, pictureName);
      el.setAttribute('name', `Picture ${el.getAttribute('id') ?? ''}`.trim());
      changed = true;
    }
  }
  return changed;
}

/** Elements that record a formatting/property change: accepting the change drops the record. */
const W_CHANGE_RECORDS = new Set(['rPrChange', 'pPrChange', 'sectPrChange', 'tblPrChange', 'tblGridChange', 'tcPrChange', 'trPrChange', 'tblPrExChange', 'numberingChange', 'cellIns', 'cellMerge']);
const W_RANGE_MARKERS = new Set([
  'moveFromRangeStart', 'moveFromRangeEnd', 'moveToRangeStart', 'moveToRangeEnd',
  'customXmlInsRangeStart', 'customXmlInsRangeEnd', 'customXmlDelRangeStart', 'customXmlDelRangeEnd',
  'customXmlMoveFromRangeStart', 'customXmlMoveFromRangeEnd', 'customXmlMoveToRangeStart', 'customXmlMoveToRangeEnd',
]);
/** Markers that sit in property containers (paragraph mark, table row, math control) rather than wrap runs. */
const isPropertyContainer = (node: XmlNode | null): boolean => isW(node, 'rPr') || isW(node, 'trPr') || isW(node, 'tcPr') || isM(node, 'ctrlPr');

/**
 * Accepts every tracked change in a WordprocessingML part: insertions stay as plain content,
 * deletions (and the text in them) go, moves land at their destination, property-change records go,
 * and a deleted paragraph mark joins its paragraph to the next one, as Word does on "Accept All".
 */
function acceptTrackedChanges(session: Session, part: string, doc: XmlDocument, seen: Set<string>): boolean {
  let changed = false;
  const joinedParagraphs: XmlElement[] = [];
  const deletedText: string[] = [];
  const record = (el: XmlElement): void => {
    const author = attrW(el, 'author');
    if (author !== null) noteOnce(session, seen, part, 'TrackedChange/author', author);
    const date = attrW(el, 'date');
    if (date !== null) noteOnce(session, seen, part, 'TrackedChange/date', date);
  };
  for (const el of elementsOf(doc)) {
    if (!isW(el)) continue;
    const local = el.localName ?? '';
    const parent = el.parentNode;
    if (local === 'del' || local === 'moveFrom') {
      record(el);
      changed = true;
      if (isW(parent, 'rPr') && isW(parent?.parentNode ?? null, 'pPr')) {
        const paragraph = parent?.parentNode?.parentNode ?? null;
        if (isW(paragraph, 'p')) joinedParagraphs.push(paragraph as XmlElement);
        detach(el);
      } else if (isW(parent, 'trPr')) {
        const row = parent?.parentNode ?? null;
        if (row !== null) {
          deletedText.push(textOf(row));
          detach(row);
        }
      } else if (isPropertyContainer(parent)) {
        detach(el);
      } else {
        deletedText.push(deletedTextOf(el));
        detach(el);
      }
    } else if (local === 'ins' || local === 'moveTo') {
      record(el);
      changed = true;
      if (isPropertyContainer(parent)) detach(el);
      else unwrap(el);
    } else if (local === 'cellDel') {
      record(el);
      changed = true;
      const cell = parent?.parentNode ?? null;
      if (isW(parent, 'tcPr') && isW(cell, 'tc')) detach(cell as XmlElement);
      else detach(el);
    } else if (W_CHANGE_RECORDS.has(local)) {
      record(el);
      changed = true;
      detach(el);
    } else if (W_RANGE_MARKERS.has(local)) {
      changed = true;
      detach(el);
    } else if ((local === 'delText' || local === 'delInstrText') && isAttached(el)) {
      // Deleted text outside a deletion is malformed; it is still deleted text.
      deletedText.push(textOf(el));
      changed = true;
      detach(el);
    }
  }
  for (const paragraph of joinedParagraphs.reverse()) {
    if (!isAttached(paragraph)) continue;
    let next = paragraph.nextSibling;
    while (next !== null && next.nodeType !== ELEMENT_NODE) next = next.nextSibling;
    if (!isW(next, 'p')) continue;
    const target = next as XmlElement;
    const first = childElements(target)[0];
    const anchor = first !== undefined && isW(first, 'pPr') ? first.nextSibling : target.firstChild;
    for (const child of [...childNodes(paragraph)]) {
      if (isW(child, 'pPr')) continue;
      target.insertBefore(child, anchor);
    }
    detach(paragraph);
  }
  const text = deletedText.join(' ').trim();
  if (text !== '') note(session, part, 'DeletedText', text);
  return changed;
}

function childNodes(node: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) out.push(c);
  return out;
}

function deletedTextOf(el: XmlElement): string {
  return elementsOf(el)
    .filter((e) => isW(e, 'delText') || isW(e, 't') || isW(e, 'delInstrText'))
    .map(textOf)
    .join('');
}

/** A w:-namespaced attribute by local name (whichever WordprocessingML namespace the part uses). */
function attrW(el: XmlElement, local: string): string | null {
  for (const attr of Array.from(el.attributes)) if (attr.localName === local && NS.w.has(attr.namespaceURI ?? '')) return attr.value;
  return null;
}

/** Elements of word/settings.xml that name people, machines, templates or documents. */
const W_SETTINGS_DROP = new Set(['rsids', 'attachedTemplate', 'docVars']);

/** Comment anchors in the body; a run that held nothing but a comment's reference mark goes with it. */
function removeCommentAnchors(doc: XmlDocument): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    const local = el.localName ?? '';
    if (!isW(el) || !['commentRangeStart', 'commentRangeEnd', 'commentReference'].includes(local)) continue;
    const run = el.parentNode;
    detach(el);
    changed = true;
    if (isW(run, 'r') && childElements(run as XmlNode).every((c) => isW(c, 'rPr'))) detach(run as XmlNode);
  }
  return changed;
}

function cleanWordPart(session: Session, part: string, doc: XmlDocument): boolean {
  const seen = new Set<string>();
  let changed = removeCommentAnchors(doc);
  changed = acceptTrackedChanges(session, part, doc, seen) || changed;
  let rsids = 0;
  for (const el of elementsOf(doc)) {
    const realAuthor = attrW(el, 'author');
    for (const attr of Array.from(el.attributes)) {
      const local = attr.localName ?? '';
      const inW = NS.w.has(attr.namespaceURI ?? '');
      if (inW && local.startsWith('rsid')) {
        el.removeAttributeNode(attr);
        rsids++;
      } else if ((inW || attr.namespaceURI === NS.w15) && local === 'author') {
        noteOnce(session, seen, part, `${el.localName}@author`, attr.value);
        attr.value = session.people.label(attr.value);
      } else if (inW && local === 'initials') {
        noteOnce(session, seen, part, `${el.localName}@initials`, attr.value);
        attr.value = session.people.initials(realAuthor ?? attr.value);
      } else if ((inW && local === 'date') || local === 'dateUtc') {
        noteOnce(session, seen, part, `${el.localName}@${local}`, attr.value);
        el.removeAttributeNode(attr);
      } else if (inW && local === 'ed' && isW(el, 'permStart')) {
        noteOnce(session, seen, part, 'permStart@ed', attr.value);
        attr.value = session.people.label(attr.value);
      } else {
        continue;
      }
      changed = true;
    }
    if (isNs(el, NS.w15, 'presenceInfo')) {
      noteOnce(session, seen, part, 'presenceInfo', `${el.getAttributeNS(NS.w15, 'providerId') ?? ''} ${el.getAttributeNS(NS.w15, 'userId') ?? ''}`);
      detach(el);
      changed = true;
    } else if ((isW(el) && W_SETTINGS_DROP.has(el.localName ?? '')) || (el.localName === 'docId' && isW(el.parentNode, 'settings'))) {
      const value = el.localName === 'rsids' ? `${childElements(el).length} editing-session ids` : el.localName === 'docId' ? (attrAny(el, 'val') ?? '') : elementSummary(el);
      note(session, part, el.localName ?? '', value || (el.localName ?? ''));
      detach(el);
      changed = true;
    }
  }
  if (rsids > 0) note(session, part, 'rsid', `${rsids} editing-session id attributes`);
  return cleanDrawingNames(session, part, doc) || changed;
}

function attrAny(el: XmlElement, local: string): string | null {
  for (const attr of Array.from(el.attributes)) if (attr.localName === local) return attr.value;
  return null;
}

/** Attribute values and text of an element and its descendants, for the removed list. */
function elementSummary(el: XmlElement): string {
  const values: string[] = [];
  for (const e of [el, ...elementsOf(el)]) {
    for (const a of Array.from(e.attributes)) if (!(a.name ?? '').startsWith('xmlns')) values.push(a.value);
  }
  values.push(textOf(el));
  return values.join(' ').trim();
}

function cleanSpreadsheetPart(session: Session, part: string, doc: XmlDocument): boolean {
  const seen = new Set<string>();
  let changed = false;
  for (const el of elementsOf(doc)) {
    const ns = el.namespaceURI ?? '';
    const local = el.localName ?? '';
    if (ns === NS.x15ac && local === 'absPath') {
      note(session, part, 'absPath', el.getAttribute('url') ?? '');
      // The path sits alone in an mc:AlternateContent; leave no empty choice behind.
      const choice = el.parentNode;
      detach(el);
      if (isNs(choice, NS.mc, 'Choice') && childElements(choice as XmlNode).length === 0) {
        const alternate = choice?.parentNode ?? null;
        if (isNs(alternate, NS.mc, 'AlternateContent')) detach(alternate as XmlNode);
      }
      changed = true;
    } else if (ns === NS.xr && local === 'revisionPtr') {
      note(session, part, 'revisionPtr', elementSummary(el));
      detach(el);
      changed = true;
    } else if (NS.s.has(ns) && local === 'fileSharing' && el.getAttribute('userName') !== null) {
      note(session, part, 'fileSharing@userName', el.getAttribute('userName') ?? '');
      el.removeAttribute('userName');
      changed = true;
    } else if (NS.s.has(ns) && local === 'author' && isNs(el.parentNode, ns, 'authors')) {
      noteOnce(session, seen, part, 'author', textOf(el));
      setText(el, session.people.label(textOf(el)));
      changed = true;
    } else if (local === 'person' && el.getAttribute('displayName') !== null) {
      // Threaded-comment people (xl/persons/person.xml)
      const display = el.getAttribute('displayName') ?? '';
      noteOnce(session, seen, part, 'person', `${display} ${el.getAttribute('userId') ?? ''} ${el.getAttribute('providerId') ?? ''}`);
      el.setAttribute('displayName', session.people.label(display));
      if (el.getAttribute('userId') !== null) el.setAttribute('userId', session.people.label(display));
      if (el.getAttribute('providerId') !== null) el.setAttribute('providerId', 'None');
      changed = true;
    } else if (local === 'threadedComment' && el.getAttribute('dT') !== null) {
      noteOnce(session, seen, part, 'threadedComment@dT', el.getAttribute('dT') ?? '');
      el.removeAttribute('dT');
      changed = true;
    }
  }
  return cleanDrawingNames(session, part, doc) || changed;
}

function cleanPresentationPart(session: Session, part: string, doc: XmlDocument): boolean {
  const seen = new Set<string>();
  let changed = false;
  for (const el of elementsOf(doc)) {
    const local = el.localName ?? '';
    if ((local === 'cmAuthor' || local === 'author') && el.getAttribute('name') !== null) {
      const real = el.getAttribute('name') ?? '';
      noteOnce(session, seen, part, `${local}@name`, real);
      el.setAttribute('name', session.people.label(real));
      if (el.getAttribute('initials') !== null) el.setAttribute('initials', session.people.initials(real));
      if (el.getAttribute('userId') !== null) {
        noteOnce(session, seen, part, `${local}@userId`, el.getAttribute('userId') ?? '');
        el.setAttribute('userId', session.people.label(real));
      }
      if (el.getAttribute('providerId') !== null) el.setAttribute('providerId', 'None');
      changed = true;
    } else if (local === 'cm' && el.getAttribute('dt') !== null) {
      noteOnce(session, seen, part, 'cm@dt', el.getAttribute('dt') ?? '');
      el.removeAttribute('dt');
      changed = true;
    } else if (local === 'cm' && el.getAttribute('created') !== null) {
      // Modern comments require the attribute: a fixed instant instead of the real one.
      noteOnce(session, seen, part, 'cm@created', el.getAttribute('created') ?? '');
      el.setAttribute('created', '1980-01-01T00:00:00.000');
      changed = true;
    }
  }
  return cleanDrawingNames(session, part, doc) || changed;
}

/** Package parts that exist only to describe people or the file's history: removed with their relationships. */
function isRemovedOoxmlPart(name: string): boolean {
  return /^docProps\/(custom\.xml|thumbnail\.[A-Za-z]+)$/.test(name) || name === 'docMetadata/LabelInfo.xml' || name.startsWith('xl/revisions/');
}

// Comments and annotations: reviewers' remarks are not the document's content, and their text
// routinely names people. Their parts go with the parts that list their authors, and every
// reference to them in the body goes too.

/** Relationship types (by their last segment) of comment parts and of the lists of their authors. */
const COMMENT_RELATIONSHIP = /\/(comments|commentsExtended|commentsIds|commentsExtensible|people|commentAuthors|threadedComment|person|authors)$/;
/** The same parts by their usual names, for packages whose relationships do not say. */
const COMMENT_PART =
  /^(word\/(glossary\/)?(comments|commentsExtended|commentsIds|commentsExtensible|people)\.xml|xl\/comments[^/]*\.xml|xl\/threadedComments\/[^/]+\.xml|xl\/persons\/[^/]+\.xml|ppt\/comments\/[^/]+\.xml|ppt\/commentAuthors\.xml|ppt\/authors\.xml)$/;

type Relationship = { source: string; id: string; type: string; target: string };

/** Every internal relationship of the package, its target resolved to a part name. */
function readRelationships(entries: readonly ZipEntry[]): Relationship[] {
  const out: Relationship[] = [];
  for (const entry of entries) {
    if (!entry.name.endsWith('.rels')) continue;
    // word/_rels/document.xml.rels describes word/document.xml; _rels/.rels the package itself.
    const source = entry.name.replace(/(^|\/)_rels\/([^/]*)\.rels$/, '$1$2');
    for (const el of elementsOf(parseXml(entry.data).doc)) {
      if (!isNs(el, NS.rel, 'Relationship') || el.getAttribute('TargetMode') === 'External') continue;
      const target = decodeURIComponentSafe(resolveTarget(entry.name, el.getAttribute('Target') ?? ''));
      out.push({ source, id: el.getAttribute('Id') ?? '', type: el.getAttribute('Type') ?? '', target });
    }
  }
  return out;
}

/**
 * Excel draws legacy comment boxes in a VML drawing (not well-formed XML, so only its shape kinds are
 * read): one that draws nothing but comments goes with them; one that also holds form controls
 * cannot be split here and would keep the boxes' text, so the document is refused.
 */
function drawsOnlyComments(data: Buffer): boolean {
  const kinds = [...data.toString('utf8').matchAll(/ObjectType\s*=\s*["']([^"']*)["']/g)].map((m) => m[1]);
  if (!kinds.includes('Note')) return false;
  if (kinds.some((k) => k !== 'Note')) throw new StripUnsupported('The spreadsheet draws its comments together with form controls, which this version cannot separate.');
  return true;
}

function commentPartsOf(entries: readonly ZipEntry[], relationships: readonly Relationship[]): Set<string> {
  const parts = new Set<string>();
  for (const r of relationships) if (COMMENT_RELATIONSHIP.test(r.type)) parts.add(r.target);
  for (const entry of entries) {
    if (COMMENT_PART.test(entry.name)) parts.add(entry.name);
    else if (/^xl\/.*\.vml$/i.test(entry.name) && drawsOnlyComments(entry.data)) parts.add(entry.name);
  }
  const names = new Set(entries.map((e) => e.name));
  return new Set([...parts].filter((p) => names.has(p)));
}

/** Text of a comment's body, paragraphs separated by spaces; PowerPoint's nested replies are reported on their own. */
function commentText(el: XmlElement): string {
  const body = childElements(el).filter((c) => !['replyLst', 'pos', 'extLst', 'mentions'].includes(c.localName ?? ''));
  const paragraphs = body.flatMap((c) => (c.localName === 'p' ? [c] : elementsOf(c).filter((e) => e.localName === 'p')));
  return (paragraphs.length > 0 ? paragraphs : body).map(textOf).join(' ');
}

/** Notes every person the comment parts list (with their account ids) and every comment with its author and text. */
function reportComments(session: Session, entries: readonly ZipEntry[], commentParts: ReadonlySet<string>): void {
  const docs: Array<[string, XmlDocument]> = entries.filter((e) => commentParts.has(e.name) && isXmlName(e.name)).map((e) => [e.name, parseXml(e.data).doc]);
  const people = new Map<string, string>();
  const reported = new Set<string>();
  for (const [part, doc] of docs) {
    for (const el of elementsOf(doc)) {
      const local = el.localName ?? '';
      const id = el.getAttribute('id');
      const name = local === 'person' ? (el.getAttribute('displayName') ?? attrAny(el, 'author')) : el.getAttribute('name');
      if (!['person', 'cmAuthor', 'author'].includes(local) || name === null || el.getAttribute('ref') !== null) continue;
      if (id !== null) people.set(id, name);
      const account = [el, ...elementsOf(el)].flatMap((e) => [attrAny(e, 'userId'), attrAny(e, 'providerId')]).filter((v) => v !== null && v !== '');
      note(session, part, local, [name, ...account].join(' '));
      reported.add(part);
    }
  }
  for (const [part, doc] of docs) {
    const legacyAuthors = elementsOf(doc).filter((e) => NS.s.has(e.namespaceURI ?? '') && e.localName === 'author').map(textOf);
    for (const el of elementsOf(doc)) {
      const local = el.localName ?? '';
      let author: string | undefined;
      if (isW(el, 'comment')) author = attrW(el, 'author') ?? '';
      else if (NS.s.has(el.namespaceURI ?? '') && local === 'comment') author = legacyAuthors[Number(el.getAttribute('authorId'))] ?? '';
      else if (local === 'threadedComment') author = people.get(el.getAttribute('personId') ?? '') ?? '';
      else if ((local === 'cm' || local === 'reply') && el.getAttribute('authorId') !== null) author = people.get(el.getAttribute('authorId') ?? '') ?? '';
      else continue;
      const text = commentText(el);
      note(session, part, 'Comment', author === '' ? text : `${author}: ${text}`);
      reported.add(part);
    }
  }
  // commentsExtended/commentsIds (ids and flags), the VML comment boxes: what they were, not what they say.
  for (const part of commentParts) if (!reported.has(part)) note(session, part, 'part', isXmlName(part) ? 'comment records' : 'comment boxes (legacy drawing)');
}

/** Which elements of which part point at a removed part (by relationship id): they go with it. */
function deadReferences(relationships: readonly Relationship[], removedParts: ReadonlySet<string>): Map<string, Set<string>> {
  const dead = new Map<string, Set<string>>();
  for (const r of relationships) {
    if (!removedParts.has(r.target)) continue;
    const ids = dead.get(r.source) ?? new Set<string>();
    ids.add(r.id);
    dead.set(r.source, ids);
  }
  return dead;
}

const R_NS = new Set(['http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships']);

/** Drops elements such as a sheet's legacyDrawing or a slide's commentRel, and the extension lists they leave empty. */
function dropDeadReferences(doc: XmlDocument, ids: ReadonlySet<string>): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    if (!Array.from(el.attributes).some((a) => R_NS.has(a.namespaceURI ?? '') && ids.has(a.value))) continue;
    let parent = el.parentNode;
    detach(el);
    changed = true;
    while (parent !== null && parent.nodeType === ELEMENT_NODE && ['ext', 'extLst'].includes((parent as XmlElement).localName ?? '') && childElements(parent).length === 0) {
      const up: XmlNode | null = parent.parentNode;
      detach(parent);
      parent = up;
    }
  }
  return changed;
}

const ATTACHED_TEMPLATE = /\/attachedTemplate$/;

function resolveTarget(relsPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  // word/_rels/document.xml.rels → relative to word/
  const folder = relsPart.replace(/_rels\/[^/]*$/, '');
  const parts = `${folder}${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function cleanRelationships(session: Session, part: string, doc: XmlDocument, removedParts: Set<string>): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    if (!isNs(el, NS.rel, 'Relationship')) continue;
    const type = el.getAttribute('Type') ?? '';
    const target = el.getAttribute('Target') ?? '';
    const external = el.getAttribute('TargetMode') === 'External';
    if (ATTACHED_TEMPLATE.test(type)) {
      note(session, part, 'attachedTemplate', target);
      detach(el);
      changed = true;
    } else if (!external && removedParts.has(decodeURIComponentSafe(resolveTarget(part, target)))) {
      detach(el);
      changed = true;
    }
  }
  return changed;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function cleanContentTypes(doc: XmlDocument, removedParts: Set<string>): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    if (!isNs(el, NS.ct, 'Override')) continue;
    const partName = (el.getAttribute('PartName') ?? '').replace(/^\//, '');
    if (removedParts.has(decodeURIComponentSafe(partName))) {
      detach(el);
      changed = true;
    }
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------
// OpenDocument parts
// ---------------------------------------------------------------------------------------------

const ODF_SETTINGS_DROP = new Set(['PrinterName', 'PrinterSetup', 'PrinterPaperFromSetup', 'CurrentDatabaseDataSource', 'CurrentDatabaseCommand', 'CurrentDatabaseCommandType', 'RsidRoot', 'Rsid']);

function cleanOdfMeta(session: Session, part: string, doc: XmlDocument): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    if (!isNs(el, NS.office, 'meta')) continue;
    for (const child of childElements(el)) {
      if (isNs(child, NS.meta, 'document-statistic')) continue;
      const local = child.localName ?? '';
      const value =
        local === 'user-defined' ? `${child.getAttributeNS(NS.meta, 'name') ?? ''}=${textOf(child)}` : local === 'template' || local === 'auto-reload' ? elementSummary(child) : textOf(child);
      note(session, part, local, value || local);
      el.removeChild(child);
      changed = true;
    }
  }
  return changed;
}

function cleanOdfSettings(session: Session, part: string, doc: XmlDocument): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    if (!isNs(el, NS.config, 'config-item')) continue;
    const itemName = el.getAttributeNS(NS.config, 'name') ?? '';
    if (!ODF_SETTINGS_DROP.has(itemName)) continue;
    note(session, part, itemName, itemName === 'PrinterSetup' ? 'printer driver settings' : textOf(el));
    detach(el);
    changed = true;
  }
  return changed;
}

/** content.xml / styles.xml: annotations (comments), tracked changes (accepted), rsids. */
function cleanOdfContent(session: Session, part: string, doc: XmlDocument): boolean {
  const seen = new Set<string>();
  let changed = false;
  let rsids = 0;
  for (const el of elementsOf(doc)) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.namespaceURI === NS.officeooo && (attr.localName === 'rsid' || attr.localName === 'paragraph-rsid')) {
        el.removeAttributeNode(attr);
        rsids++;
        changed = true;
      }
    }
    if (isNs(el, NS.text, 'tracked-changes')) {
      for (const info of elementsOf(el)) {
        if (isNs(info, NS.dc, 'creator')) noteOnce(session, seen, part, 'TrackedChange/creator', textOf(info));
        if (isNs(info, NS.dc, 'date')) noteOnce(session, seen, part, 'TrackedChange/date', textOf(info));
      }
      const deleted = elementsOf(el).filter((e) => isNs(e, NS.text, 'deletion')).map(textOf).join(' ');
      if (deleted.trim() !== '') note(session, part, 'DeletedText', deleted);
      detach(el);
      changed = true;
    } else if (isNs(el, NS.text, 'change') || isNs(el, NS.text, 'change-start') || isNs(el, NS.text, 'change-end')) {
      detach(el);
      changed = true;
    } else if (isNs(el, NS.office, 'annotation') && isAttached(el)) {
      // A comment: its author, date and text go, with the mark that ends its range.
      const author = childElements(el).filter((c) => isNs(c, NS.dc, 'creator')).map(textOf).join(' ');
      const text = childElements(el).filter((c) => c.namespaceURI === NS.text).map(textOf).join(' ');
      note(session, part, 'annotation', author === '' ? text : `${author}: ${text}`);
      detach(el);
      changed = true;
    } else if (isNs(el, NS.office, 'annotation-end')) {
      detach(el);
      changed = true;
    }
  }
  if (rsids > 0) note(session, part, 'rsid', `${rsids} editing-session id attributes`);
  return changed;
}

function cleanManifest(doc: XmlDocument, removedParts: Set<string>): boolean {
  let changed = false;
  for (const el of elementsOf(doc)) {
    if (isNs(el, NS.manifest, 'encryption-data')) throw new StripUnsupported('The document is encrypted (password-protected); save an unprotected copy first.');
    if (!isNs(el, NS.manifest, 'file-entry')) continue;
    const path = el.getAttributeNS(NS.manifest, 'full-path') ?? '';
    // A folder entry goes with the files removed from it (Thumbnails/).
    const emptiedFolder = path.endsWith('/') && [...removedParts].some((p) => p.startsWith(path));
    if (removedParts.has(path) || emptiedFolder) {
      detach(el);
      changed = true;
    }
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------
// Proof: the document's body text, read the same way from the original and from the copy
// ---------------------------------------------------------------------------------------------

/** Visible text of a WordprocessingML part as it reads after accepting all changes. */
function wordText(doc: XmlDocument): string {
  const out: string[] = [];
  const walk = (node: XmlNode): void => {
    for (let c = node.firstChild; c !== null; c = c.nextSibling) {
      if (c.nodeType !== ELEMENT_NODE) continue;
      const el = c as XmlElement;
      if (isW(el)) {
        const local = el.localName ?? '';
        if ((local === 'del' || local === 'moveFrom') && !isPropertyContainer(el.parentNode)) continue;
        if (local === 'delText' || local === 'delInstrText') continue;
        if (local === 'tr' && rowDeleted(el)) continue;
        if (local === 'tc' && cellDeleted(el)) continue;
        if (local === 't') out.push(textOf(el));
        else if (local === 'tab') out.push('\t');
        else if (local === 'br' || local === 'cr') out.push('\n');
        walk(el);
        if (local === 'p' && !paragraphMarkDeleted(el)) out.push('\n');
      } else {
        walk(el);
      }
    }
  };
  walk(doc);
  return out.join('');
}

const rowDeleted = (tr: XmlElement): boolean => childElements(tr).some((c) => isW(c, 'trPr') && childElements(c).some((d) => isW(d, 'del')));
const cellDeleted = (tc: XmlElement): boolean => childElements(tc).some((c) => isW(c, 'tcPr') && childElements(c).some((d) => isW(d, 'cellDel')));
const paragraphMarkDeleted = (p: XmlElement): boolean =>
  childElements(p).some((pPr) => isW(pPr, 'pPr') && childElements(pPr).some((rPr) => isW(rPr, 'rPr') && childElements(rPr).some((d) => isW(d, 'del') || isW(d, 'moveFrom'))));

function sheetText(doc: XmlDocument): string {
  const out: string[] = [];
  for (const el of elementsOf(doc)) {
    if (!NS.s.has(el.namespaceURI ?? '')) continue;
    if (el.localName === 'si') out.push(`${elementsOf(el).filter((t) => t.localName === 't').map(textOf).join('')}\n`);
    if (el.localName === 'c') {
      const parts = childElements(el).map((child) => `${child.localName}=${textOf(child)}`);
      out.push(`${el.getAttribute('r') ?? ''}|${el.getAttribute('t') ?? ''}|${parts.join('|')}\n`);
    }
  }
  return out.join('');
}

function slideText(doc: XmlDocument): string {
  const out: string[] = [];
  for (const el of elementsOf(doc)) {
    if (!NS.a.has(el.namespaceURI ?? '')) continue;
    if (el.localName === 't') out.push(textOf(el));
    if (el.localName === 'p') out.push('\n');
  }
  return out.join('');
}

function odfText(doc: XmlDocument): string {
  const out: string[] = [];
  const walk = (node: XmlNode): void => {
    for (let c = node.firstChild; c !== null; c = c.nextSibling) {
      if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_NODE) {
        out.push(c.nodeValue ?? '');
        continue;
      }
      if (c.nodeType !== ELEMENT_NODE) continue;
      const el = c as XmlElement;
      if (isNs(el, NS.text, 'tracked-changes') || isNs(el, NS.office, 'annotation')) continue;
      if (isNs(el, NS.text, 's')) out.push(' '.repeat(Number(el.getAttributeNS(NS.text, 'c') ?? '1') || 1));
      else if (isNs(el, NS.text, 'tab')) out.push('\t');
      else if (isNs(el, NS.text, 'line-break')) out.push('\n');
      walk(el);
      if (isNs(el, NS.text, 'p') || isNs(el, NS.text, 'h')) out.push('\n');
    }
  };
  const body = elementsOf(doc).find((e) => isNs(e, NS.office, 'body'));
  if (body !== undefined) walk(body);
  return out.join('');
}

type PackageKind = 'docx' | 'xlsx' | 'pptx' | 'odf';

/** Which parts carry the body text, and how to read them. */
function proofParts(kind: PackageKind, names: readonly string[]): Array<{ name: string; read: (doc: XmlDocument) => string }> {
  const byNumber = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  switch (kind) {
    case 'docx':
      return names
        .filter((n) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(n))
        .sort(byNumber)
        .map((name) => ({ name, read: wordText }));
    case 'xlsx':
      return names
        .filter((n) => n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(n))
        .sort(byNumber)
        .map((name) => ({ name, read: sheetText }));
    case 'pptx':
      return names
        .filter((n) => /^ppt\/slides\/[^/]+\.xml$/.test(n))
        .sort(byNumber)
        .map((name) => ({ name, read: slideText }));
    case 'odf':
      return names.filter((n) => n === 'content.xml').map((name) => ({ name, read: odfText }));
  }
}

function documentHash(kind: PackageKind, entries: readonly ZipEntry[]): string {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const parts = proofParts(kind, [...byName.keys()]);
  if (parts.length === 0) throw new StripFailure('The document is damaged: its main part is missing.');
  const hash = createHash('sha256');
  for (const part of parts) {
    const text = part.read(parseXml((byName.get(part.name) as ZipEntry).data).doc);
    hash.update(`${part.name}\n${Buffer.byteLength(text)}\n`);
    hash.update(text);
  }
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Embedded media
// ---------------------------------------------------------------------------------------------

export type OfficeStripperOptions = {
  /**
   * Strippers for embedded files other than JPEG, PNG and office documents (other pictures, audio,
   * video), by media type as sniffMediaType reports it. Without one, such a file makes the document
   * unsupported: it is never passed through uncleaned.
   */
  embedded?: (mediaType: string) => FormatStripper | undefined;
};

const OFFICE_MEDIA_TYPES = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.oasis.opendocument.graphics',
  'application/vnd.oasis.opendocument.text-template',
  'application/vnd.oasis.opendocument.spreadsheet-template',
  'application/vnd.oasis.opendocument.presentation-template',
  'application/vnd.oasis.opendocument.graphics-template',
] as const;

const MAX_NESTING = 3;

/**
 * Parts kept as they are: fonts (obfuscated or not), LibreOffice's layout cache and the metafile
 * renderings of embedded objects (ObjectReplacements/), and legacy VML drawings (shapes and the
 * boxes of legacy comments; Office writes them as HTML-ish markup that is often not well-formed XML).
 */
const isInertPart = (name: string): boolean =>
  /\.(odttf|ttf|otf|fntdata|vml)$/i.test(name) || /(^|\/)layout-cache$/.test(name) || /(^|\/)ObjectReplacements\/[^/]+$/.test(name);

/** Excel/PowerPoint printer settings are a Windows DEVMODE: its first 64 bytes name the printer. */
function cleanPrinterSettings(session: Session, part: string, data: Buffer): Buffer {
  if (data.length < 64) return data;
  const deviceName = data.subarray(0, 64).toString('utf16le').replace(/\0.*$/s, '');
  if (deviceName === '') return data;
  note(session, part, 'PrinterName', deviceName);
  const copy = Buffer.from(data);
  copy.fill(0, 0, 64);
  return copy;
}

async function cleanBinary(session: Session, entry: ZipEntry): Promise<Buffer> {
  const { name, data } = entry;
  if (data.length === 0 || name.endsWith('/') || isInertPart(name)) return data;
  if (/printerSettings\d*\.bin$/i.test(name)) return cleanPrinterSettings(session, name, data);
  const type = sniffMediaType(data.subarray(0, 64 * 1024));
  let cleaned: CleanedPicture;
  if (type === 'image/jpeg') cleaned = cleanEmbeddedPicture('JPEG', () => cleanJpeg(data));
  else if (type === 'image/png') cleaned = cleanEmbeddedPicture('PNG', () => cleanPng(data));
  else if ((OFFICE_MEDIA_TYPES as readonly string[]).includes(type)) {
    if (session.depth >= MAX_NESTING) throw new StripUnsupported('The document nests embedded documents too deeply to clean.');
    const inner = await cleanPackage(data, session.ctx, session.options, session.depth + 1);
    cleaned = { bytes: inner.bytes, removed: inner.removed };
  } else {
    const stripper = session.options.embedded?.(type);
    if (stripper === undefined) {
      throw new StripUnsupported(`The document contains an embedded file (${type === 'application/octet-stream' ? describeUnknown(name) : type}) that this version cannot clean.`);
    }
    const sink = collectingSink();
    const outcome = await stripper.strip(bufferSource(data), sink, session.ctx);
    cleaned = { bytes: sink.bytes(), removed: outcome.removed };
  }
  for (const r of cleaned.removed) session.removed.push({ name: `${session.label}:${name}>${r.name}`, value: r.value });
  return cleaned.bytes;
}

function describeUnknown(name: string): string {
  const ext = /\.([A-Za-z0-9]{1,6})$/.exec(name)?.[1];
  return ext === undefined ? 'unknown type' : `.${ext.toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------------
// The package
// ---------------------------------------------------------------------------------------------

function packageKind(names: ReadonlySet<string>, entries: readonly ZipEntry[]): { kind: PackageKind; label: string } {
  if (names.has('[Content_Types].xml')) {
    if ([...names].some((n) => n.startsWith('word/'))) return { kind: 'docx', label: 'DOCX' };
    if ([...names].some((n) => n.startsWith('xl/'))) return { kind: 'xlsx', label: 'XLSX' };
    if ([...names].some((n) => n.startsWith('ppt/'))) return { kind: 'pptx', label: 'PPTX' };
    throw new StripUnsupported('The document is an Office package of a kind this version cannot clean.');
  }
  const mimetype = entries.find((e) => e.name === 'mimetype');
  if (mimetype !== undefined || names.has('META-INF/manifest.xml')) {
    const type = mimetype?.data.toString('latin1').trim() ?? '';
    const label = /opendocument\.(text|spreadsheet|presentation|graphics)/.exec(type)?.[1];
    const labels: Record<string, string> = { text: 'ODT', spreadsheet: 'ODS', presentation: 'ODP', graphics: 'ODG' };
    return { kind: 'odf', label: label === undefined ? 'ODF' : (labels[label] as string) };
  }
  throw new StripUnsupported('The zip archive is not an office document this version can clean.');
}

function refuse(kind: PackageKind, names: readonly string[]): void {
  for (const name of names) {
    if (/(^|\/)vbaProject\.bin$/i.test(name) || /(^|\/)vbaData\.xml$/i.test(name)) throw new StripUnsupported('The document contains macros, which this version cannot clean.');
    if (name.startsWith('_xmlsignatures/') || (kind === 'odf' && /^META-INF\/(document|macro)?signatures[^/]*\.xml$/.test(name))) {
      throw new StripUnsupported('The document is digitally signed: the signature names the signer and would not survive a cleaned copy.');
    }
  }
}

type CleanedPackage = { bytes: Buffer; removed: RemovedEntry[]; kind: PackageKind; originalHash: string };

async function cleanPackage(bytes: Buffer, ctx: StripContext, options: OfficeStripperOptions, depth: number): Promise<CleanedPackage> {
  const read = readZip(bytes);
  const names = new Set(read.entries.map((e) => e.name));
  const { kind, label } = packageKind(names, read.entries);
  refuse(kind, [...names]);
  const session: Session = { label, removed: [], people: new Pseudonyms(), ctx, options, depth };
  for (const r of read.removed) session.removed.push({ name: `${label}:${r.name}`, value: r.value });
  const originalHash = documentHash(kind, read.entries);

  const relationships = kind === 'odf' ? [] : readRelationships(read.entries);
  const commentParts = kind === 'odf' ? new Set<string>() : commentPartsOf(read.entries, relationships);
  reportComments(session, read.entries, commentParts);
  const removedParts = new Set<string>(commentParts);
  for (const entry of read.entries) {
    const removable = kind === 'odf' ? entry.name.startsWith('Thumbnails/') : isRemovedOoxmlPart(entry.name);
    if (!removable) continue;
    removedParts.add(entry.name);
    if (entry.name === 'docProps/custom.xml') {
      for (const prop of elementsOf(parseXml(entry.data).doc).filter((e) => e.localName === 'property')) {
        note(session, entry.name, prop.getAttribute('name') ?? 'property', textOf(prop));
      }
    } else if (!entry.name.endsWith('/')) {
      note(session, entry.name, 'part', entry.name.startsWith('xl/revisions/') ? 'shared-workbook revision history' : `${entry.data.length} bytes`);
    }
  }

  const dead = deadReferences(relationships, removedParts);
  const out: ZipEntry[] = [];
  for (const entry of read.entries) {
    if (removedParts.has(entry.name)) continue;
    out.push({ name: entry.name, data: await cleanEntry(session, kind, entry, removedParts, dead.get(entry.name)), stored: entry.stored });
  }
  if (kind === 'odf') {
    // ODF readers sniff the type from a stored `mimetype` entry at the very start of the zip.
    const at = out.findIndex((e) => e.name === 'mimetype');
    if (at >= 0) {
      const [mimetype] = out.splice(at, 1);
      out.unshift({ ...(mimetype as ZipEntry), stored: true });
    }
  }
  return { bytes: writeZip(out), removed: session.removed, kind, originalHash };
}

const isXmlName = (name: string): boolean => /\.(xml|rels)$/i.test(name);

async function cleanEntry(session: Session, kind: PackageKind, entry: ZipEntry, removedParts: Set<string>, deadIds: ReadonlySet<string> | undefined): Promise<Buffer> {
  const { name } = entry;
  if (name === 'mimetype') return entry.data;
  if (!isXmlName(name)) return cleanBinary(session, entry);
  const edit = xmlEditor(kind, name, removedParts);
  if (edit === undefined && deadIds === undefined) return entry.data;
  const part = parseXml(entry.data);
  const edited = edit?.(session, name, part.doc) ?? false;
  const dropped = deadIds !== undefined && dropDeadReferences(part.doc, deadIds);
  return edited || dropped ? serializeXml(part) : entry.data;
}

type XmlEdit = (session: Session, part: string, doc: XmlDocument) => boolean;

function xmlEditor(kind: PackageKind, name: string, removedParts: Set<string>): XmlEdit | undefined {
  const base = name.split('/').pop() ?? name;
  if (kind === 'odf') {
    if (base === 'meta.xml') return cleanOdfMeta;
    if (base === 'settings.xml') return cleanOdfSettings;
    if (base === 'content.xml' || base === 'styles.xml') return cleanOdfContent;
    if (name === 'META-INF/manifest.xml') return (_s, _p, doc) => cleanManifest(doc, removedParts);
    return undefined;
  }
  if (name.endsWith('.rels')) return (s, p, doc) => cleanRelationships(s, p, doc, removedParts);
  if (name === '[Content_Types].xml') return (_s, _p, doc) => cleanContentTypes(doc, removedParts);
  if (name === 'docProps/core.xml') return (s, p, doc) => (cleanCoreProperties(s, p, doc), true);
  if (name === 'docProps/app.xml') return (s, p, doc) => (cleanAppProperties(s, p, doc), true);
  if (name.startsWith('word/')) return cleanWordPart;
  if (name.startsWith('xl/')) return cleanSpreadsheetPart;
  if (name.startsWith('ppt/')) return cleanPresentationPart;
  return undefined;
}

async function stripOffice(options: OfficeStripperOptions, src: ByteSource, sink: ByteSink, ctx: StripContext): Promise<StripOutcome> {
  if (src.size > MAX_PACKAGE_BYTES) throw new StripUnsupported('The document is too large to clean in memory (over 1 GiB).');
  const bytes = await src.read(0, src.size);
  if (bytes.length !== src.size) throw new StripFailure(ZIP_TRUNCATED);
  const cleaned = await cleanPackage(Buffer.from(bytes), ctx, options, 0);
  // The proof reads the copy back through the same zip reader and XML parser.
  const copyHash = documentHash(cleaned.kind, readZip(cleaned.bytes).entries);
  await sink.write(cleaned.bytes);
  return {
    method: 'office-rewrite',
    removed: cleaned.removed,
    proof: { kind: 'document', original: cleaned.originalHash, copy: copyHash, identical: cleaned.originalHash === copyHash },
  };
}

export function createOfficeStripper(options: OfficeStripperOptions = {}): FormatStripper {
  return {
    name: 'office',
    mediaTypes: OFFICE_MEDIA_TYPES,
    strip: (src, sink, ctx) => stripOffice(options, src, sink, ctx),
  };
}

/** JPEG and PNG pictures and nested office documents are cleaned; any other embedded file is refused. */
export const officeStripper: FormatStripper = createOfficeStripper();
