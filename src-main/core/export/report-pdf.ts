/** The custody report as PDF. Placeholder until the Cyrillic-capable renderer lands. */
import { PDFDocument } from 'pdf-lib';
import type { ReportModel } from './report-model.ts';

export async function renderReportPdf(_model: ReportModel): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  return doc.save();
}
