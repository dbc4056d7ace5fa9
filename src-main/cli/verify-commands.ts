/** verify: checks a filing package (BagIt bag) or a checksum file; needs no vault (for auditors). */
import type { Command } from 'commander';
import { verifyPath } from '../core/index.ts';
import type { VerifyReport } from '../core/index.ts';
import { EXIT } from './exit-codes.ts';
import { progressBar } from './progress.ts';
import { print } from './output.ts';


export function registerVerifyCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description('check a filing package (BagIt bag folder) or a checksum file (sha256sum / BSD format) with the files beside it; no vault needed')
    .argument('<path>', 'the bag folder, or a checksum file')
    .option('--key <file>', 'the signer\'s public key published ahead of time (else the bag\'s evidence-vault.pub)')
    .option('--json', 'machine-readable output')
    .action(async (target: string, opts: { json?: boolean; key?: string }) => {
      const bar = progressBar('Verifying', 'bytes');
      let report: VerifyReport;
      try {
        report = await verifyPath(target, { onProgress: (d, t) => bar.update(d, t), ...(opts.key ? { keyFile: opts.key } : {}) });
      } finally {
        bar.stop();
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(report);
      setExit(report.ok ? EXIT.ok : EXIT.problems);
    });
}

function printReport(r: VerifyReport): void {
  for (const f of r.files) print(`${f.status.padEnd(11)}${f.path}${f.failed ? `  (${f.failed.join(', ')} differs)` : ''}`);
  for (const p of r.problems) print(`problem    ${p}`);
  const s = r.signature;
  if (s.status === 'valid') print(`signature  valid, by ${s.fingerprint} (key: ${s.keyFile})`);
  else if (s.status === 'absent') {
    if (r.kind === 'bag') print('signature  none (the bag is not signed)');
  }
  else print(`signature  ${s.status === 'invalid' ? 'INVALID' : 'NOT CHECKED'}: ${s.message}${s.fingerprint ? ` (signed by ${s.fingerprint})` : ''}`);
  const c = r.counts;
  print(
    `${r.ok ? 'OK' : 'FAILED'}: ${c.ok} ok, ${c.missing} missing, ${c.extra} extra, ${c.mismatched} mismatched` +
      `${r.problems.length ? `, ${r.problems.length} other problem(s)` : ''} (${r.kind === 'bag' ? 'bag' : 'checksum file'}; ${r.algorithms.join(', ')})`,
  );
}
