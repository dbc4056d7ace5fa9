/**
 * A second process for tests: `node tests/helpers/vault-child.ts <vault folder> <passphrase> [paths…]`.
 * Unlocks the vault (Node 22 runs this TypeScript directly), ingests the given paths if any, locks.
 * Prints one JSON line per step so the test can time a kill: {"event":"unlocked"}, one
 * {"event":"outcome",…} per file, {"event":"done"}; a failure prints {"event":"error","code":…} and exits 2.
 * Test-only: it prints paths and hashes of test fixtures, which the app itself never does.
 */
import { closeExiftool, ingestPaths, Vault, VaultError } from '../../src-main/core/index.ts';

const [folder, passphrase, ...paths] = process.argv.slice(2);
const say = (line: object): void => {
  process.stdout.write(JSON.stringify(line) + '\n');
};

try {
  if (folder === undefined || passphrase === undefined) throw new Error('usage: vault-child.ts <folder> <passphrase> [paths…]');
  const vault = await Vault.unlock(folder, passphrase);
  say({ event: 'unlocked' });
  try {
    if (paths.length > 0) {
      await ingestPaths(vault, paths, { onOutcome: (o) => say({ event: 'outcome', ...o }) });
    }
  } finally {
    vault.lock();
    await closeExiftool();
  }
  say({ event: 'done' });
} catch (err) {
  say({ event: 'error', code: err instanceof VaultError ? err.code : 'UNEXPECTED', message: (err as Error).message });
  process.exitCode = 2;
}
