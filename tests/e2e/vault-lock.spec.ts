/** Locking from main (idle, suspend, screen lock) and unlocking with every kind of problem. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ingestPaths, Vault } from '../../src-main/core/index.ts';
import { makeJpeg, makeText } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ImportPage } from './pages/ImportPage.ts';
import { ItemDetailPage } from './pages/ItemDetailPage.ts';
import { ItemsPage } from './pages/ItemsPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { VaultPage } from './pages/VaultPage.ts';

const PASSPHRASE = 'tundra-violin-47-marmalade';

test('a lock pushed by main returns to the unlock screen and leaves no item data behind', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const vault = new VaultPage(page);
  const vaultDir = path.join(app.workDir, 'vault');
  const photo = await makeJpeg(path.join(app.workDir, 'in', 'checkpoint-north-gate.jpg'), { latitude: 48.0159, longitude: 37.8028, artist: 'Source K' });
  const note = await makeText(path.join(app.workDir, 'in', 'detainee-list.txt'), 'Names of the detained.\n');
  await app.session.create(vaultDir, PASSPHRASE, 'Analyst P');
  const [outcome] = await ingestPaths(app.session.vault(), [photo]);
  const itemId = outcome!.id!;
  const hash = outcome!.sha256!;

  // An item on screen, and import results of another file in the import job's state.
  await frame.open('import');
  app.dialogs.importPaths = [note];
  const importer = new ImportPage(page);
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Finished');
  await frame.link('Items').click();
  await new ItemsPage(page).row('checkpoint-north-gate.jpg').click();
  await expect(new ItemDetailPage(page).sha256).toHaveText(hash);

  // Main locks (as on idle time or suspend): the app follows at once.
  await app.session.lock();
  await expect(frame.heading()).toHaveText('No vault open');
  await expect(vault.unlockForm).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/vault');
  const html = await page.content();
  for (const secret of [itemId, hash, 'checkpoint-north-gate', 'detainee-list', 'Source K', 'Analyst P']) expect(html).not.toContain(secret);

  // Back in history there is nothing to see either.
  await page.goBack();
  await expect(frame.heading()).toHaveText('Items');
  await expect(page.getByText('The vault is locked. Unlock it to see and import evidence.')).toBeVisible();
  expect(await page.content()).not.toContain(itemId);

  // Unlocking again starts clean: the earlier import's results are gone.
  await frame.link('Vault').click();
  await expect(vault.unlockPassphrase).toBeFocused();
  await vault.unlockPassphrase.fill(PASSPHRASE);
  await vault.unlockSubmit.click();
  await expect(frame.heading()).toHaveText('Vault');
  await frame.link('Import').click();
  await expect(importer.state).toHaveCount(0);
  await expect(importer.results).toHaveCount(0);
});

test('unlock says what is wrong: not a vault, vault in use, wrong passphrase (also in Russian)', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const vault = new VaultPage(page);
  const vaultDir = path.join(app.workDir, 'vault');
  const notAVault = path.join(app.workDir, 'holiday photos');
  await mkdir(notAVault);
  await app.session.create(vaultDir, PASSPHRASE);
  await app.session.lock();

  await frame.open();
  await expect(vault.unlockFolder).toHaveValue(vaultDir);

  // Both fields are required.
  await vault.unlockFolder.fill('');
  await vault.unlockSubmit.click();
  await expect(page.locator('#unlock-folder-error')).toHaveText('Enter or choose the vault folder.');
  await expect(vault.unlockFolder).toBeFocused();

  // The picker fills the folder.
  app.dialogs.folder = notAVault;
  await vault.unlockChoose.click();
  await expect(vault.unlockFolder).toHaveValue(notAVault);
  await vault.unlockPassphrase.fill(PASSPHRASE);
  await vault.unlockSubmit.click();
  await expect(vault.alert).toContainText('This folder is not an Evidence Vault, or its header is damaged.');

  // Held open by another program (here: a second handle in this process).
  const elsewhere = await Vault.unlock(vaultDir, PASSPHRASE);
  try {
    await vault.unlock(vaultDir, PASSPHRASE);
    await expect(vault.alert).toContainText('This vault is open in another window or program.');
  } finally {
    elsewhere.lock();
  }

  // In Russian, with the core's English detail folded away.
  await frame.link('Settings').click();
  await new SettingsPage(page).language.selectOption('ru');
  await frame.link('Хранилище').click();
  await vault.unlock(notAVault, PASSPHRASE);
  await expect(vault.alert).toContainText('Эта папка не является хранилищем Evidence Vault');
  await expect(vault.alert.locator('details')).not.toHaveAttribute('open', '');
  await vault.unlock(vaultDir, 'неверная фраза');
  await expect(vault.alert).toContainText('Неверная парольная фраза. Проверьте Caps Lock и раскладку клавиатуры');
  await app.screenshot('vault-unlock-ru');
  await vault.unlockPassphrase.fill(PASSPHRASE);
  await vault.unlockSubmit.click();
  await expect(frame.heading()).toHaveText('Хранилище');
  await expect(vault.overviewFolder).toHaveText(vaultDir);
});
