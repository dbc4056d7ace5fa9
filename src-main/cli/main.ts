/**
 * The evidence-vault command-line tool over the same core as the app.
 * Contract (scripts rely on it): command names, flags, JSON fields, exit codes
 * 0 ok · 1 a check found problems · 2 usage or input error · 3 the vault could not be unlocked.
 */
import { Command, CommanderError, Option } from 'commander';
import { closeExiftool, closeStripTools, toAppError, VaultError } from '../core/index.ts';
import { registerShareableCommands } from './shareable-commands.ts';
import { registerVaultCommands, withVault } from './vault-commands.ts';
import { registerCaseCommands } from './case-commands.ts';
import { registerVerifyCommands } from './verify-commands.ts';
import { registerExportCommands } from './export-commands.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('evidence-vault')
    .description('Keeps evidence safe and provable: an encrypted vault with SHA-256 chain of custody.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  // Secrets on the command line would be visible to every user of the machine (ps, shell history).
  program.addOption(new Option('--passphrase <value>').hideHelp());
  program.hook('preAction', (cmd) => {
    if (cmd.opts()['passphrase'] !== undefined) {
      throw new VaultError('INPUT_ERROR', 'Passphrases are never taken from the command line: use EVIDENCE_VAULT_PASSPHRASE, --passphrase-file or the prompt.');
    }
  });

  let status: number = EXIT.ok;
  registerVaultCommands(program, (code) => {
    status = code;
  });
  registerCaseCommands(program);
  registerShareableCommands(program, withVault, (code) => {
    status = code;
  });
  registerVerifyCommands(program, (code) => {
    status = code;
  });
  registerExportCommands(program, withVault, (code) => {
    status = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const error = toAppError(err);
    process.stderr.write(`evidence-vault: ${error.message}\n`);
    return exitCodeFor(error.code);
  } finally {
    await closeExiftool();
    await closeStripTools();
  }
}
