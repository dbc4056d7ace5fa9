/** A verification report as plain text: the CLI prints it, the app saves it for the record. */
import type { VerifyReport } from '../../../src-shared/types/verify.ts';

export function verifyReportLines(r: VerifyReport): string[] {
  const lines = r.files.map((f) => `${f.status.padEnd(11)}${f.path}${f.failed ? `  (${f.failed.join(', ')} differs)` : ''}`);
  for (const p of r.problems) lines.push(`problem    ${p}`);
  const s = r.signature;
  if (s.status === 'valid') lines.push(`signature  valid, by ${s.fingerprint} (key: ${s.keyFile})`);
  else if (s.status === 'absent') {
    if (r.kind === 'bag') lines.push('signature  none (the bag is not signed)');
  } else lines.push(`signature  ${s.status === 'invalid' ? 'INVALID' : 'NOT CHECKED'}: ${s.message}${s.fingerprint ? ` (signed by ${s.fingerprint})` : ''}`);
  const c = r.counts;
  lines.push(
    `${r.ok ? 'OK' : 'FAILED'}: ${c.ok} ok, ${c.missing} missing, ${c.extra} extra, ${c.mismatched} mismatched` +
      `${r.problems.length ? `, ${r.problems.length} other problem(s)` : ''} (${r.kind === 'bag' ? 'bag' : 'checksum file'}; ${r.algorithms.join(', ')})`,
  );
  return lines;
}

/** The saved report: what was checked, when, with what, and every line of the result. */
export function formatVerifyReport(r: VerifyReport, context: { target: string; at: string; tool: string }): string {
  const header = [
    'Evidence Vault verification report',
    `Checked:  ${context.target}`,
    `At:       ${context.at}`,
    `By:       ${context.tool}`,
    `Result:   ${r.ok ? 'everything holds' : 'PROBLEMS FOUND'}`,
    '',
  ];
  return `${[...header, ...verifyReportLines(r)].join('\n')}\n`;
}
