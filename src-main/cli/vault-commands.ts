/** init, ingest, items, show, audit, log, passwd, recover. */
import type { Command } from 'commander';
import path from 'node:path';
import { auditVault, custodyLog, getItemDetail, ingestPaths, listItems, Vault } from '../core/index.ts';
import type { AuditReport, IngestOutcome } from '../core/index.ts';
import { assertCaseExists, linkIngestedToCase } from './case-commands.ts';
import { EXIT } from './exit-codes.ts';
import { formatBytes, progressBar } from './progress.ts';
import { readSecret } from './secrets.ts';
import { PASSPHRASE_FILE_OPTION, print, printJson } from './output.ts';

type SetExit = (code: number) => void;
type Opts = { json?: boolean; passphraseFile?: string };


function passphrase(opts: Opts, prompt = 'Passphrase: ') {
  return readSecret({ env: 'EVIDENCE_VAULT_PASSPHRASE', file: opts.passphraseFile, prompt });
}

/** Unlocks, runs, and always locks again (wiping keys), whatever happens. */
export async function withVault<T>(folder: string, opts: Opts, fn: (vault: Vault) => Promise<T>): Promise<T> {
  const vault = await Vault.unlock(path.resolve(folder), await passphrase(opts));
  try {
    return await fn(vault);
  } finally {
    vault.lock();
  }
}

export function registerVaultCommands(program: Command, setExit: SetExit): void {
  const passphraseFile = PASSPHRASE_FILE_OPTION;

  program
    .command('init')
    .description('create a vault in an empty folder; prints the recovery key once')
    .argument('<vault>', 'folder for the new vault (created if absent, must be empty)')
    .option(...passphraseFile)
    .option('--operator <name>', 'name recorded as the actor of custody events (default: your user name)')
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts & { operator?: string }) => {
      const secret = await readSecret({ env: 'EVIDENCE_VAULT_PASSPHRASE', file: opts.passphraseFile, prompt: 'New passphrase: ', confirm: true });
      const { vault, recoveryKey } = await Vault.create(path.resolve(folder), secret, opts.operator ? { operator: opts.operator } : {});
      vault.lock();
      if (opts.json) return printJson({ vault: path.resolve(folder), recoveryKey });
      print(`Vault created in ${path.resolve(folder)}`);
      print('');
      print('Recovery key (shown once; write it down and keep it apart from this computer):');
      print('');
      print(`    ${recoveryKey}`);
      print('');
      print('It unlocks the vault and sets a new passphrase if the passphrase is lost.');
    });

  program
    .command('ingest')
    .description('import files or folders (recursively): hash, encrypt and log each one')
    .argument('<vault>')
    .argument('<path...>', 'files or folders to import')
    .option('--source <note>', 'where the material came from (stored with each item)')
    .option('--case <number>', 'link the imported items (and duplicates) to this case as exhibits')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, inputs: string[], opts: Opts & { source?: string; case?: string }) => {
      await withVault(folder, opts, async (vault) => {
        if (opts.case !== undefined) assertCaseExists(vault, opts.case);
        const bar = progressBar('Importing', 'bytes');
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        let outcomes: IngestOutcome[];
        try {
          outcomes = await ingestPaths(vault, inputs, {
            signal: controller.signal,
            ...(opts.source ? { sourceNote: opts.source } : {}),
            onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal),
          });
        } finally {
          bar.stop();
          process.off('SIGINT', onSigint);
        }
        const exhibits = opts.case !== undefined ? linkIngestedToCase(vault, opts.case, outcomes) : undefined;
        const exhibitOf = (o: IngestOutcome) => (o.id !== undefined ? exhibits?.get(o.id)?.label : undefined);
        if (opts.json) {
          printJson({
            items: outcomes.map((o) => ({
              id: o.id ?? null,
              path: o.path,
              sha256: o.sha256 ?? null,
              status: o.status,
              ...(o.status === 'error' ? { error: o.error } : {}),
              ...(o.status === 'duplicate' ? { message: o.error } : {}),
              ...(exhibitOf(o) !== undefined ? { exhibit: exhibitOf(o) } : {}),
              ...(o.shareable ? { shareable: o.shareable } : {}),
            })),
          });
        } else {
          for (const o of outcomes) {
            if (o.status === 'ingested') print(`ingested   ${o.id}  ${o.sha256}  ${o.path}`);
            else if (o.status === 'duplicate') print(`duplicate  ${o.id}  ${o.sha256}  ${o.path} (${o.error})`);
            else print(`error      ${o.path}: ${o.error}`);
            if (o.shareable) print(`           shareable copy: ${o.shareable.status}${o.shareable.sha256 ? `  ${o.shareable.sha256}` : ''}${o.shareable.reason ? ` (${o.shareable.reason})` : ''}`);
            if (exhibitOf(o) !== undefined) print(`           exhibit ${exhibitOf(o)} of case ${opts.case}`);
          }
          const count = (s: IngestOutcome['status']) => outcomes.filter((o) => o.status === s).length;
          print(`${count('ingested')} ingested, ${count('duplicate')} duplicates, ${count('error')} errors`);
        }
        if (outcomes.some((o) => o.status === 'error')) setExit(EXIT.usage);
      });
    });

  program
    .command('items')
    .description('list the items in the vault')
    .argument('<vault>')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts) => {
      await withVault(folder, opts, async (vault) => {
        const { total, items } = listItems(vault, 0, Number.MAX_SAFE_INTEGER);
        if (opts.json) return printJson({ total, items });
        for (const i of items) print(`${i.id}  ${i.sha256.slice(0, 16)}…  ${formatBytes(i.size).padStart(10)}  ${i.mediaType.padEnd(24)}  ${i.name}`);
        print(`${total} items`);
      });
    });

  program
    .command('show')
    .description('one item: hashes, metadata and custody events')
    .argument('<vault>')
    .argument('<item-id>')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, id: string, opts: Opts) => {
      await withVault(folder, opts, async (vault) => {
        const item = getItemDetail(vault, id);
        if (opts.json) return printJson(item);
        print(`${item.id}  ${item.name}`);
        print(`  SHA-256     ${item.sha256}`);
        print(`  size        ${item.size} bytes (${formatBytes(item.size)})`);
        print(`  type        ${item.mediaType}`);
        print(`  path        ${JSON.stringify(item.originalPath)}${item.wasSymlink ? ` (symlink → ${item.symlinkTarget ?? 'folder link'})` : ''}`);
        print(`  modified    ${item.fileMtime ?? '-'}`);
        print(`  ingested    ${item.ingestedAt} by ${item.operator}`);
        if (item.sourceNote) print(`  source      ${item.sourceNote}`);
        print('  metadata of the original');
        for (const [k, v] of Object.entries(item.metadata)) print(`    ${k.padEnd(36)} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
        const copy = item.shareable;
        if (!copy) print('  shareable copy: none made yet (run `strip`)');
        else {
          print(`  shareable copy: ${copy.status} (${copy.method}, ${copy.createdAt})${copy.reason ? `: ${copy.reason}` : ''}`);
          if (copy.sha256) print(`    SHA-256     ${copy.sha256}`);
          if (copy.proof) print(`    content     ${copy.proof.identical ? 'identical' : 'CHANGED'} (${copy.proof.kind} ${copy.proof.copy})`);
          if (copy.override) print(`    override    by ${copy.override.actor} at ${copy.override.at}: ${copy.override.reason}`);
          print(`    removed (${copy.removed.length})`);
          for (const r of copy.removed) print(`      ${r.name.padEnd(34)} ${r.value}`);
        }
        print('  custody');
        for (const e of item.events) print(`    #${e.seq}  ${e.at}  ${e.actor}  ${e.action}  ${e.hash.slice(0, 16)}…`);
      });
    });

  program
    .command('audit')
    .description('decrypt and re-hash every original and verify the custody chain (exit 1 on any problem)')
    .argument('<vault>')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts) => {
      await withVault(folder, opts, async (vault) => {
        const bar = progressBar('Auditing', 'bytes');
        let report: AuditReport;
        try {
          report = await auditVault(vault, { onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal) });
        } finally {
          bar.stop();
        }
        if (opts.json) printJson(report);
        else {
          for (const p of report.problems) print(`PROBLEM  ${p.itemId ?? `event #${p.eventSeq}`}  ${p.kind}: ${p.message}`);
          print(`${report.itemsChecked} items re-hashed (${formatBytes(report.bytesChecked)}), ${report.eventsChecked} custody events checked`);
          if (report.chainHead) print(`custody log head: #${report.chainHead.seq} ${report.chainHead.hash}`);
          print(report.ok ? 'audit: OK' : `audit: ${report.problems.length} problem(s)`);
        }
        if (!report.ok) setExit(EXIT.problems);
      });
    });

  program
    .command('log')
    .description('the custody log')
    .argument('<vault>')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts) => {
      await withVault(folder, opts, async (vault) => {
        const events = custodyLog(vault);
        if (opts.json) return printJson({ events });
        for (const e of events) print(`#${e.seq}  ${e.at}  ${e.actor}  ${e.action}${e.itemId ? `  ${e.itemId}` : ''}  ${e.hash}`);
      });
    });

  program
    .command('db-key')
    .description('print the hex SQLCipher key of vault.db for a forensic examiner (logged as a custody event)')
    .argument('<vault>')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts) => {
      await withVault(folder, opts, async (vault) => {
        const key = vault.disclosedDatabaseKey();
        if (opts.json) return printJson({ databaseKey: key });
        process.stderr.write('Anyone with this key and vault.db can read every record of the vault. Handle it like the passphrase.\n');
        print(key);
      });
    });

  program
    .command('passwd')
    .description('set a new passphrase (from EVIDENCE_VAULT_NEW_PASSPHRASE or a prompt); re-encrypts nothing')
    .argument('<vault>')
    .option(...passphraseFile)
    .option('--new-passphrase-file <file>', 'read the new passphrase from a file')
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts & { newPassphraseFile?: string }) => {
      await withVault(folder, opts, async (vault) => {
        const next = await readSecret({ env: 'EVIDENCE_VAULT_NEW_PASSPHRASE', file: opts.newPassphraseFile, prompt: 'New passphrase: ', confirm: true });
        await vault.changePassphrase(next);
        if (opts.json) printJson({ ok: true });
        else print('Passphrase changed.');
      });
    });

  program
    .command('recover')
    .description('unlock with the recovery key and set a new passphrase')
    .argument('<vault>')
    .option('--recovery-key-file <file>', 'read the recovery key from a file (else EVIDENCE_VAULT_RECOVERY_KEY or a prompt)')
    .option('--new-passphrase-file <file>', 'read the new passphrase from a file')
    .option('--json', 'machine-readable output')
    .action(async (folder: string, opts: Opts & { recoveryKeyFile?: string; newPassphraseFile?: string }) => {
      const recoveryKey = await readSecret({ env: 'EVIDENCE_VAULT_RECOVERY_KEY', file: opts.recoveryKeyFile, prompt: 'Recovery key: ' });
      const next = await readSecret({ env: 'EVIDENCE_VAULT_NEW_PASSPHRASE', file: opts.newPassphraseFile, prompt: 'New passphrase: ', confirm: true });
      const vault = await Vault.recover(path.resolve(folder), recoveryKey, next);
      vault.lock();
      if (opts.json) printJson({ ok: true });
      else print('Recovered: the new passphrase is set.');
    });
}
