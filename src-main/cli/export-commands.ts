/** export (a case as a signed BagIt filing package) and signing-key (the key to publish ahead of time). */
import type { Command } from 'commander';
import { exportCase, getCase, signingKeyInfo, VaultError } from '../core/index.ts';
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
    .option('--yes', 'confirm --originals / --include-identity without asking (for scripts)')
    .option(
      '--include-identity <person>',
      'put this person\'s PROTECTED IDENTITY (real name, contacts) in the report: a person id or exact pseudonym; repeat per person (asks to confirm)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts & { case: string; out: string; originals?: boolean; yes?: boolean; includeIdentity?: string[] }) => {
      const named = opts.includeIdentity ?? [];
      if (named.length > 0 && !opts.yes) {
        const ok = await confirm(
          `WARNING: the report will name the real person behind ${named.length === 1 ? 'this pseudonym' : `${named.length} pseudonyms`}. Anyone who gets the package can identify them. Include? [y/N] `,
        );
        if (!ok) throw new VaultError('CANCELLED', 'Nothing was exported.');
      }
      if (opts.originals && !opts.yes) {
        const ok = await confirm(
          'WARNING: --originals puts the untouched originals in the package. They keep every piece of identifying metadata (GPS, device serials, names). Include them? [y/N] ',
        );
        if (!ok) throw new VaultError('CANCELLED', 'Nothing was exported.');
      }
      await withVault(folder, opts, async (vault) => {
        const bar = progressBar('Exporting', 'bytes');
        const identities = resolvePersons(vault, opts.case, named);
        let result: CaseExport;
        try {
          result = await exportCase(vault, {
            caseRef: opts.case,
            out: opts.out,
            ...(opts.originals ? { originals: true } : {}),
            ...(identities.length ? { identities } : {}),
            onProgress: (d, t) => bar.update(d, t),
          });
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

/** `--include-identity` takes a person id or an exact pseudonym of someone in the case. */
function resolvePersons(vault: Vault, caseRef: string, named: readonly string[]): number[] {
  if (named.length === 0) return [];
  const persons = getCase(vault, caseRef, { exhibitLimit: 0 }).persons;
  return named.map((n) => {
    const found = persons.find((p) => String(p.id) === n.trim() || p.pseudonym === n);
    if (!found) throw new VaultError('INPUT_ERROR', `No person "${n}" in this case (give a person id or the exact pseudonym); nothing was exported.`);
    return found.id;
  });
}
