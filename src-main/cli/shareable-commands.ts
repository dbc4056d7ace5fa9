/** strip, get, override: shareable copies from the command line. */
import type { Command } from 'commander';
import path from 'node:path';
import { exportItemFile, makeShareableCopy, overrideShareable, VaultError } from '../core/index.ts';
import type { Vault } from '../core/index.ts';
import type { ShareableSummary } from '../../src-shared/types/shareable.ts';
import { EXIT } from './exit-codes.ts';
import { confirm } from './secrets.ts';
import { PASSPHRASE_FILE_OPTION, print, printJson } from './output.ts';

type Opts = { json?: boolean; passphraseFile?: string };
type WithVault = <T>(folder: string, opts: Opts, fn: (vault: Vault) => Promise<T>) => Promise<T>;


export function registerShareableCommands(program: Command, withVault: WithVault, setExit: (code: number) => void): void {
  const passphraseFile = PASSPHRASE_FILE_OPTION;

  program
    .command('strip')
    .description('make the shareable copy of items again (e.g. after an engine upgrade); each is a custody event')
    .argument('<vault>')
    .argument('<item-id...>')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, ids: string[], opts: Opts) => {
      await withVault(folder, opts, async (vault) => {
        const results: ({ id: string; shareable: ShareableSummary } | { id: string; error: string })[] = [];
        for (const id of ids) {
          try {
            results.push({ id, shareable: await makeShareableCopy(vault, id) });
          } catch (err) {
            if (!(err instanceof VaultError)) throw err;
            results.push({ id, error: err.message });
          }
        }
        if (opts.json) printJson({ items: results });
        else
          for (const r of results) {
            if ('error' in r) print(`error      ${r.id}: ${r.error}`);
            else print(`${r.shareable.status.padEnd(11)}${r.id}${r.shareable.sha256 ? `  ${r.shareable.sha256}` : ''}${r.shareable.reason ? `  (${r.shareable.reason})` : ''}`);
          }
        if (results.some((r) => 'error' in r)) setExit(EXIT.usage);
        else if (results.some((r) => 'shareable' in r && r.shareable.status !== 'stripped')) setExit(EXIT.problems);
      });
    });

  program
    .command('get')
    .description('write an item\'s shareable copy (or, with --original, the untouched original) to a file')
    .argument('<vault>')
    .argument('<item-id>')
    .requiredOption('--out <path>', 'the file to write (never overwritten)')
    .option('--original', 'write the original, WITH its identifying metadata (asks to confirm)')
    .option('--yes', 'confirm --original without asking (for scripts)')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, id: string, opts: Opts & { out: string; original?: boolean; yes?: boolean }) => {
      if (opts.original && !opts.yes) {
        const ok = await confirm('The original keeps every piece of identifying metadata (GPS, device serials, names). Write it? [y/N] ');
        if (!ok) throw new VaultError('CANCELLED', 'Not written.');
      }
      await withVault(folder, opts, async (vault) => {
        const written = await exportItemFile(vault, id, path.resolve(opts.out), opts.original ? 'original' : 'shareable');
        if (opts.json) printJson(written);
        else print(`wrote ${written.which} of ${written.itemId} to ${written.path}\n  SHA-256 ${written.sha256}`);
      });
    });

  program
    .command('override')
    .description('declare an item whose copy is not stripped shareable anyway (recorded in the custody log)')
    .argument('<vault>')
    .argument('<item-id>')
    .requiredOption('--reason <text>', 'why this item may be shared as it is')
    .option(...passphraseFile)
    .option('--json', 'machine-readable output')
    .action(async (folder: string, id: string, opts: Opts & { reason: string }) => {
      await withVault(folder, opts, async (vault) => {
        const detail = overrideShareable(vault, id, opts.reason);
        if (opts.json) printJson({ id, shareable: detail });
        else print(`override recorded for ${id} (${detail.status}) by ${detail.override?.actor}`);
      });
    });
}
