/** export (a case as a signed BagIt filing package) and signing-key (the key to publish ahead of time). */
import type { Command } from 'commander';
import { exportCase, signingKeyInfo, VaultError } from '../core/index.ts';
import type { CaseExport, Vault } from '../core/index.ts';
import { EXIT } from './exit-codes.ts';
import { progressBar } from './progress.ts';
import { confirm } from './secrets.ts';
import { PASSPHRASE_FILE_OPTION, print, printJson } from './output.ts';

type Opts = { json?: boolean; passphraseFile?: string };
type WithVault = <T>(folder: string, opts: Opts, fn: (vault: Vault) => Promise<T>) => Promise<T>;


export function registerExportCommands(program: Command, withVault: WithVault, setExit: (code: number) => void): void {
  const passphraseFile = PASSPHRASE_FILE_OPTION;

  program
    .command('export')
    .description('write a case as a signed BagIt filing package (shareable copies, custody report, custody log, VERIFY.md); a custody event')
    .argument('<vault>')
    .requiredOption('--case <number>', 'the case number (or id)')
    .requiredOption('--out <dir>', 'a new or empty folder for the package')
    .option('--originals', 'also write the untouched originals, WITH their identifying metadata, under data/originals/ (asks to confirm)')
    .option('--yes', 'confirm --originals without asking (for scripts)')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts & { case: string; out: string; originals?: boolean; yes?: boolean }) => {
      if (opts.originals && !opts.yes) {
        const ok = await confirm(
          'WARNING: --originals puts the untouched originals in the package. They keep every piece of identifying metadata (GPS, device serials, names). Include them? [y/N] ',
        );
        if (!ok) throw new VaultError('CANCELLED', 'Nothing was exported.');
      }
      await withVault(folder, opts, async (vault) => {
        const bar = progressBar('Exporting', 'bytes');
        let result: CaseExport;
        try {
          result = await exportCase(vault, { caseRef: opts.case, out: opts.out, ...(opts.originals ? { originals: true } : {}), onProgress: (d, t) => bar.update(d, t) });
        } finally {
          bar.stop();
        }
        if (opts.json) printJson(result);
        else {
          print(`wrote the package for case ${result.caseNumber} to ${result.out}`);
          for (const x of result.exhibits) print(`  ${x.included === 'copy' ? 'copy     ' : 'ORIGINAL '} ${x.file}`);
          for (const x of result.leftOut) print(`  left out  ${x.label} (${x.itemId}): ${x.status}, ${x.reason}`);
          if (result.originals) print(`  ${result.originals} original(s) under data/originals/ (identifying metadata kept)`);
          print(`  Payload-Oxum ${result.payloadOxum}; signed by ${result.fingerprint} (identity ${result.identity})`);
        }
        if (result.leftOut.length > 0) setExit(EXIT.problems);
      });
    });

  program
    .command('signing-key')
    .description('print the vault\'s package-signing public key (OpenSSH format) and its fingerprint, to publish ahead of time')
    .argument('<vault>')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts) => {
      await withVault(folder, opts, async (vault) => {
        const key = signingKeyInfo(vault);
        if (opts.json) printJson(key);
        else print(`${key.publicKey}\nfingerprint ${key.fingerprint}\nallowed_signers: ${key.allowedSigners}`);
      });
    });
}
