/** verify: checks a filing package (BagIt bag) or a checksum file; needs no vault (for auditors). */
import type { Command } from 'commander';
import { verifyPath, verifyReportLines } from '../core/index.ts';
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
  for (const line of verifyReportLines(r)) print(line);
}
