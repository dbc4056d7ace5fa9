/**
 * The custody report as PDF, with the same content as the HTML. The standard 14 PDF fonts have no
 * Cyrillic, so DejaVu Sans (npm dejavu-fonts-ttf) is embedded, subset to the glyphs used.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { identityStatement } from './report-model.ts';
import type { ReportEvent, ReportModel } from './report-model.ts';

const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

type Fonts = { regular: PDFFont; bold: PDFFont; mono: PDFFont };

class Writer {
  #doc: PDFDocument;
  #fonts: Fonts;
  #page!: PDFPage;
  #y = 0;
  constructor(doc: PDFDocument, fonts: Fonts) {
    this.#doc = doc;
    this.#fonts = fonts;
    this.newPage();
  }
  newPage(): void {
    this.#page = this.#doc.addPage(A4);
    this.#y = A4[1] - MARGIN;
  }
  #ensure(height: number): void {
    if (this.#y - height < MARGIN) this.newPage();
  }
  /** Wraps on spaces, and inside words (hashes, keys) that are wider than the line. */
  #wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const out: string[] = [];
    for (const para of text.split('\n')) {
      let line = '';
      for (const word of para.split(' ')) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) out.push(line);
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width) {
          let n = rest.length;
          while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
          out.push(rest.slice(0, n));
          rest = rest.slice(n);
        }
        line = rest;
      }
      out.push(line);
    }
    return out;
  }
  text(text: string, options: { size?: number; font?: keyof Fonts; indent?: number; gap?: number } = {}): void {
    const size = options.size ?? 9;
    const font = this.#fonts[options.font ?? 'regular'];
    const x = MARGIN + (options.indent ?? 0);
    for (const line of this.#wrap(text, font, size, A4[0] - MARGIN - x)) {
      this.#ensure(size * 1.35);
      this.#y -= size * 1.35;
      this.#page.drawText(line, { x, y: this.#y, size, font, color: rgb(0.07, 0.07, 0.07) });
    }
    this.#y -= options.gap ?? 0;
  }
  field(label: string, value: string | null, mono = false): void {
    if (value === null || value === '') return;
    this.text(label, { font: 'bold', size: 8 });
    this.text(value, { font: mono ? 'mono' : 'regular', size: mono ? 8 : 9, indent: 12, gap: 2 });
  }
  rule(): void {
    this.#ensure(12);
    this.#y -= 6;
    this.#page.drawLine({ start: { x: MARGIN, y: this.#y }, end: { x: A4[0] - MARGIN, y: this.#y }, thickness: 1 });
    this.#y -= 4;
  }
  heading(text: string, size: number): void {
    this.#ensure(size * 3);
    this.text(text, { font: 'bold', size, gap: 4 });
  }
  events(list: ReportEvent[]): void {
    if (list.length === 0) this.text('No custody events.');
    for (const e of list) {
      this.text(`#${e.seq}  ${e.at}  ${e.action}  —  ${e.actor}`, { size: 8 });
      this.text(e.hash, { font: 'mono', size: 7, indent: 12 });
    }
  }
}

export async function renderReportPdf(m: ReportModel): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const load = (name: string) => readFile(path.join(FONT_DIR, name));
  const fonts: Fonts = {
    regular: await doc.embedFont(await load('DejaVuSans.ttf'), { subset: true }),
    bold: await doc.embedFont(await load('DejaVuSans-Bold.ttf'), { subset: true }),
    mono: await doc.embedFont(await load('DejaVuSansMono.ttf'), { subset: true }),
  };
  doc.setTitle(`Custody report — ${m.caseNumber}`);
  doc.setProducer('Evidence Vault');
  doc.setCreator('Evidence Vault');
  // A fixed date keeps the bytes a function of the report's content (the export time is in the text).
  doc.setCreationDate(new Date(m.exportedAt));
  doc.setModificationDate(new Date(m.exportedAt));

  const w = new Writer(doc, fonts);
  w.heading(`Custody report: case ${m.caseNumber}`, 16);
  w.field('Title', m.title);
  w.field('Forum', m.forum);
  w.field('Jurisdiction', m.jurisdiction);
  w.field('Status', m.status);
  w.field('Description', m.description);
  w.field('People (pseudonyms)', m.persons.map((p) => `${p.pseudonym}${p.roles.length ? ` (${p.roles.join(', ')})` : ''}`).join('; ') || '—');
  w.field('Source organization', m.organization);
  w.field('Exported at (UTC)', m.exportedAt);
  w.field('Exported by', m.exportedBy);
  w.field('Custody log head at export', `event ${m.head.seq}: ${m.head.hash}`, true);
  w.field('Signing key fingerprint', m.fingerprint, true);
  w.field('Signing public key', m.publicKey, true);
  w.text(identityStatement(m), { size: 8, gap: 6 });
  if (m.identities.length > 0) {
    w.heading('Protected identities (included on request)', 12);
    for (const p of m.identities) {
      w.field('Pseudonym', p.pseudonym);
      w.field('Real name', p.realName);
      w.field('Contacts', p.contacts);
      w.field('Notes', p.notes);
    }
  }
  w.heading('Case custody events', 12);
  w.events(m.caseEvents);
  for (const x of m.exhibits) {
    w.rule();
    w.heading(x.label, 13);
    w.field('File in this package', x.file ?? 'not included');
    w.field('Included as', x.included === 'copy' ? 'shareable copy (identifying metadata removed)' : x.included === 'original' ? 'original (by recorded override)' : 'left out');
    w.field('Note', x.note);
    w.field('Description', x.description);
    w.field('Name', x.name);
    w.field('Type', x.mediaType);
    w.field('Size of the original', `${x.size} bytes`);
    w.field('Original SHA-256', x.originalSha256, true);
    w.field('Shareable copy SHA-256', x.copySha256 ?? '—', true);
    w.field('Content identical', x.proof ? `${x.proof.identical ? 'identical' : 'NOT identical'} (${x.proof.kind}: original ${x.proof.original}, copy ${x.proof.copy})` : 'none');
    w.field('Identifying values removed', String(x.removedCount));
    for (const [k, v] of x.mediaFacts) w.field(k, v);
    w.field('Ingested at (UTC)', x.ingestedAt);
    w.field('Ingested by', x.operator);
    w.heading('Custody events', 10);
    w.events(x.events);
  }
  return doc.save();
}
