/**
 * The walk of issue #3 against the real core: create a vault (a weak passphrase refused, the
 * recovery key confirmed), import by drop and by picker, browse, inspect an item, switch to
 * Russian, lock with the shortcut, unlock with a wrong and then the right passphrase.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Vault } from '../../src-main/core/index.ts';
import { makeJpeg, makeText, sha256sum } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ImportPage } from './pages/ImportPage.ts';
import { ItemDetailPage } from './pages/ItemDetailPage.ts';
import { ItemsPage } from './pages/ItemsPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { VaultPage } from './pages/VaultPage.ts';

const PASSPHRASE = 'cobalt lantern drifts over quiet harbor';
const STATEMENT = 'Statement of witness B, 12 May: the men arrived at 06:10 in two unmarked vans.\n';

test('create, import, browse, inspect, lock with the shortcut, unlock', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const vault = new VaultPage(page);
  const evidence = path.join(app.workDir, 'evidence');
  const photo = await makeJpeg(path.join(evidence, 'photo.jpg'), { latitude: 55.7558, longitude: 37.6173, artist: 'Witness A' });
  await makeText(path.join(evidence, 'statement.txt'), STATEMENT);
  const statementCopy = await makeText(path.join(evidence, 'statement-copy.txt'), STATEMENT);
  const missing = path.join(evidence, 'missing.jpg');
  const vaultDir = path.join(app.workDir, 'vault');

  // Create: the folder comes from the native picker.
  await frame.open();
  await expect(frame.heading()).toHaveText('No vault open');
  await expect(frame.lockButton).toHaveCount(0);
  app.dialogs.folder = vaultDir;
  await vault.createChoose.click();
  await expect(vault.createFolder).toHaveValue(vaultDir);
  await vault.createOperator.fill('Investigator Ivanova');

  // A weak passphrase is refused with a reason, and nothing is created.
  await vault.fillCreate('password123');
  await expect(vault.strengthLabel).toContainText('very weak');
  await vault.createSubmit.click();
  await expect(page.locator('#create-passphrase-error')).toContainText('too easy to guess');
  await expect(vault.createPassphrase).toBeFocused();
  await expect(vault.createPassphrase).toHaveAttribute('aria-invalid', 'true');
  expect(existsSync(vaultDir)).toBe(false);

  // Two different strong passphrases are refused too.
  await vault.fillCreate(PASSPHRASE, `${PASSPHRASE}!`);
  await expect(vault.strengthLabel).toContainText('very strong');
  await vault.createSubmit.click();
  await expect(page.locator('#create-confirm-error')).toHaveText('The two passphrases are not the same.');

  await vault.fillCreate(PASSPHRASE);
  await app.screenshot('vault-create');
  await vault.createSubmit.click();

  // The recovery key, once, in eight groups; the app cannot be left until it is confirmed.
  await expect(vault.recoveryKey).toBeVisible();
  await expect(vault.recoveryGroups).toHaveCount(8);
  const recoveryKey = await vault.recoveryKeyText();
  expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  await expect(frame.nav).toHaveAttribute('inert', '');
  await app.screenshot('vault-recovery-key');
  await vault.recoveryContinue.click();
  await expect(page.locator('#recovery-written-error')).toBeVisible();
  await vault.recoveryWritten.check();
  await vault.recoveryContinue.click();
  await expect(vault.recoveryGroups).toHaveCount(0);
  const lastGroup = recoveryKey.split('-').at(-1)!;
  await vault.recoveryLastGroup.fill(lastGroup.startsWith('A') ? 'B' + lastGroup.slice(1) : 'A' + lastGroup.slice(1));
  await vault.recoveryFinish.click();
  await expect(page.locator('#recovery-last-group-error')).toBeVisible();
  await vault.recoveryLastGroup.fill(lastGroup.toLowerCase());
  await vault.recoveryFinish.click();

  // Overview of the open vault.
  await expect(frame.heading()).toHaveText('Vault');
  await expect(vault.overviewFolder).toHaveText(vaultDir);
  await expect(vault.overviewItems).toHaveText('0');
  await expect(frame.lockButton).toBeVisible();

  // Import by drag and drop, with a source note.
  await frame.link('Import').click();
  const importer = new ImportPage(page);
  await importer.note.fill('Phone of witness B, received 12 May');
  await importer.drop(['evidence/statement.txt']);
  await expect(importer.state).toHaveText('Finished');
  await expect(importer.count('ingested')).toHaveText('1');
  const statementId = (await importer.result('statement.txt').locator('a').textContent())!;
  expect(statementId).toMatch(/^ITM-[0-9A-Z]{10}$/);

  // Import by picker: one new file, one duplicate of the statement, one path that does not exist.
  await importer.note.fill('');
  app.dialogs.importPaths = [photo, statementCopy, missing];
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Finished');
  await expect(importer.files).toHaveText('3 of 3');
  await expect(importer.count('all')).toHaveText('3');
  await expect(importer.count('ingested')).toHaveText('1');
  await expect(importer.count('duplicate')).toHaveText('1');
  await expect(importer.count('error')).toHaveText('1');
  await expect(importer.result('photo.jpg')).toContainText('Imported');
  await expect(importer.result('statement-copy.txt')).toContainText(`Already in the vault as ${statementId}`);
  await expect(importer.result('missing.jpg')).toContainText('No such file or folder.');
  await app.screenshot('import-results');
  await importer.filter('error').click();
  await expect(importer.results).toHaveCount(1);
  await importer.filter('all').click();

  // The duplicate links to the item it duplicates; its custody shows both imports.
  await importer.result('statement-copy.txt').getByRole('link', { name: statementId }).click();
  const detail = new ItemDetailPage(page);
  await expect(frame.heading()).toHaveText('statement.txt');
  await expect(detail.fact('id')).toHaveText(statementId);
  await expect(detail.fact('source-note')).toHaveText('Phone of witness B, received 12 May');
  // Import, the shareable copy made at import, the second import.
  await expect(detail.custodyEvents).toHaveCount(3);
  await expect(detail.custodyEvents.filter({ hasText: 'Shareable copy made' })).toHaveCount(1);
  await expect(detail.custodyEvents.last()).toContainText('Same content imported again (duplicate)');

  // The list, then the photo by keyboard alone.
  await frame.link('Items').click();
  const items = new ItemsPage(page);
  await expect(items.total).toHaveText('2 in the vault');
  await expect(items.rows).toHaveCount(2);
  await expect(items.row('photo.jpg')).toContainText('image/jpeg');
  await app.screenshot('items-list');
  await items.grid.focus();
  await page.keyboard.press('Home');
  await expect(items.activeRow()).toContainText('statement.txt');
  await page.keyboard.press('ArrowDown');
  await expect(items.activeRow()).toContainText('photo.jpg');
  await page.keyboard.press('Enter');

  // Item detail: the hash the standard tool computes, GPS and author metadata, custody.
  await expect(frame.heading()).toHaveText('photo.jpg');
  const photoHash = await sha256sum(photo);
  await expect(detail.sha256).toHaveText(photoHash);
  // Refused (no clipboard permission, window not focused): the person is told to copy by hand.
  await page.evaluate(() => {
    Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
  });
  await detail.copyHash.click();
  await expect(page.getByText('Could not copy: select the text and copy it by hand.')).toBeVisible();
  await page.evaluate(() => delete (navigator.clipboard as unknown as Record<string, unknown>)['writeText']);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await detail.copyHash.click();
  await expect(page.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(photoHash);
  await expect(detail.fact('path')).toHaveText(photo);
  await expect(detail.fact('operator')).toHaveText('Investigator Ivanova');
  await expect(detail.fact('source-note')).toHaveText('none');
  await expect(detail.metadata('GPS', 'GPSLatitude').first()).toContainText(`55 deg 45' 20.88"`);
  await expect(detail.metadata('GPS', 'GPSLongitude').first()).toContainText(`37 deg 37' 2.28"`);
  await expect(detail.metadata('IFD0', 'Artist')).toContainText('Witness A');
  await detail.metadataFilter.fill('gpslat');
  await expect(detail.metadataRows).not.toHaveCount(0);
  for (const row of await detail.metadataRows.all()) await expect(row).toContainText(/GPSLatitude/);
  await detail.metadataFilter.fill('');
  await expect(detail.custodyEvents).toHaveCount(2);
  await expect(detail.custodyEvents.first()).toContainText('Imported');
  await expect(detail.custodyEvents.nth(1)).toContainText('Shareable copy made');
  await expect(detail.custodyEvents.first()).toContainText('by Investigator Ivanova');
  await app.screenshot('item-detail');

  // The same item in Russian.
  await frame.link('Settings').click();
  await new SettingsPage(page).language.selectOption('ru');
  await frame.link('Материалы').click();
  await items.row('photo.jpg').click();
  await expect(page.getByRole('heading', { name: 'Метаданные' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Цепочка хранения' })).toBeVisible();
  await expect(detail.custodyEvents.first()).toContainText('Импортирован');
  await expect(detail.sha256).toHaveText(await sha256sum(photo));
  await app.screenshot('item-detail-ru');
  await frame.link('Настройки').click();
  await new SettingsPage(page).language.selectOption('en');

  // Lock with the keyboard: back to the unlock screen, the folder remembered, no evidence shown.
  await frame.pressLockShortcut();
  await expect(frame.heading()).toHaveText('No vault open');
  await expect(frame.lockButton).toHaveCount(0);
  await expect(vault.unlockFolder).toHaveValue(vaultDir);
  expect(await page.content()).not.toContain(statementId);
  expect(app.session.status().state).toBe('locked');

  // A wrong passphrase is refused with a clear message, then the right one opens the vault.
  await vault.unlockPassphrase.fill('cobalt lantern drifts over quiet harbour');
  await vault.unlockSubmit.click();
  await expect(vault.alert).toContainText('Wrong passphrase. Check Caps Lock and the keyboard layout');
  await expect(vault.unlockPassphrase).toHaveValue('');
  await expect(vault.unlockPassphrase).toBeFocused();
  await app.screenshot('vault-unlock-wrong');
  await vault.unlockPassphrase.fill(PASSPHRASE);
  await vault.unlockSubmit.click();
  await expect(frame.heading()).toHaveText('Vault');
  await expect(vault.overviewItems).toHaveText('2');

  // The key shown once really opens this vault.
  await frame.lockButton.click();
  await expect(frame.heading()).toHaveText('No vault open');
  const recovered = await Vault.recover(vaultDir, recoveryKey, 'a new passphrase set with the recovery key');
  recovered.lock();
});
