/** The custody report as a self-contained HTML page (no scripts, no external resources). */
import { identityStatement } from './report-model.ts';
import type { ReportEvent, ReportModel } from './report-model.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function events(list: ReportEvent[]): string {
  if (list.length === 0) return '<p>No custody events.</p>';
  const rows = list.map((e) => `<tr><td>${e.seq}</td><td>${esc(e.at)}</td><td>${esc(e.action)}</td><td>${esc(e.actor)}</td><td class="h">${esc(e.hash)}</td></tr>`).join('\n');
  return `<table><thead><tr><th>#</th><th>At (UTC)</th><th>Action</th><th>Actor</th><th>Event hash</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function identities(m: ReportModel): string {
  if (m.identities.length === 0) return '';
  const cell = (v: string | null) => `<td>${v ? esc(v) : '—'}</td>`;
  const rows = m.identities.map((p) => `<tr>${cell(p.pseudonym)}${cell(p.realName)}${cell(p.contacts)}${cell(p.notes)}</tr>`).join('\n');
  return `<h2>Protected identities (included on request)</h2>
<table><thead><tr><th>Pseudonym</th><th>Real name</th><th>Contacts</th><th>Notes</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

export function renderReportHtml(m: ReportModel): string {
  const row = (k: string, v: string | null) => (v === null || v === '' ? '' : `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`);
  const exhibits = m.exhibits
    .map((x) => {
      const proof = x.proof ? `${x.proof.identical ? 'identical' : 'NOT identical'} (${x.proof.kind}: original ${x.proof.original}, copy ${x.proof.copy})` : 'none';
      return `<section class="exhibit">
<h2>${esc(x.label)}</h2>
<table class="kv">
${row('File in this package', x.file ?? 'not included')}
${row('Included as', x.included === 'copy' ? 'shareable copy (identifying metadata removed)' : x.included === 'original' ? 'original (by recorded override)' : 'left out')}
${row('Note', x.note)}
${row('Description', x.description)}
${row('Name', x.name)}
${row('Type', x.mediaType)}
${row('Size of the original', `${x.size} bytes`)}
<tr><th>Original SHA-256</th><td class="h">${esc(x.originalSha256)}</td></tr>
<tr><th>Shareable copy SHA-256</th><td class="h">${esc(x.copySha256 ?? '—')}</td></tr>
${row('Content identical', proof)}
${row('Identifying values removed', String(x.removedCount))}
${x.mediaFacts.map(([k, v]) => row(k, v)).join('\n')}
${row('Ingested at (UTC)', x.ingestedAt)}
${row('Ingested by', x.operator)}
</table>
<h3>Custody events</h3>
${events(x.events)}
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Custody report — ${esc(m.caseNumber)}</title>
<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
.kv th{width:14rem;background:#f4f4f4}.h{font-family:monospace;word-break:break-all}section.exhibit{border-top:2px solid #333;margin-top:2rem}
</style></head><body>
<h1>Custody report: case ${esc(m.caseNumber)}</h1>
<table class="kv">
${row('Title', m.title)}
${row('Forum', m.forum)}
${row('Jurisdiction', m.jurisdiction)}
${row('Status', m.status)}
${row('Description', m.description)}
${row('People (pseudonyms)', m.persons.map((p) => `${p.pseudonym}${p.roles.length ? ` (${p.roles.join(', ')})` : ''}`).join('; ') || '—')}
${row('Source organization', m.organization)}
${row('Exported at (UTC)', m.exportedAt)}
${row('Exported by', m.exportedBy)}
<tr><th>Custody log head at export</th><td class="h">event ${m.head.seq}: ${esc(m.head.hash)}</td></tr>
<tr><th>Signing key fingerprint</th><td class="h">${esc(m.fingerprint)}</td></tr>
<tr><th>Signing public key</th><td class="h">${esc(m.publicKey)}</td></tr>
</table>
<p>${esc(identityStatement(m))}</p>
${identities(m)}
<h2>Case custody events</h2>
${events(m.caseEvents)}
${exhibits}
</body></html>
`;
}
