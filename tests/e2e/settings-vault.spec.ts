/** Vault settings (operator, idle lock) and changing the passphrase, when a vault is open. */
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { VaultPage } from './pages/VaultPage.ts';

const PASSPHRASE = 'kettle orbit saffron glacier';
const NEXT = 'marble heron quietly folds seven maps';

test('operator, idle lock and passphrase are changed in Settings', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const settings = new SettingsPage(page);
  const vaultDir = path.join(app.workDir, 'vault');

  // Locked: only the language, and a word on why.
  await frame.open('settings');
  await expect(page.getByText('Unlock a vault to change its operator name')).toBeVisible();
  await expect(settings.operator).toHaveCount(0);

  await app.session.create(vaultDir, PASSPHRASE, 'First Operator');
  await page.reload();
  await expect(settings.operator).toHaveValue('First Operator');
  await expect(settings.idleMinutes).toHaveValue('10');

  await settings.operator.fill('  ');
  await settings.idleMinutes.fill('-3');
  await settings.save.click();
  await expect(page.locator('#settings-operator-error')).toHaveText('The operator name must not be empty.');
  await expect(page.locator('#settings-idle-error')).toHaveText('Enter a whole number of minutes from 0 to 1440.');
  await expect(settings.operator).toBeFocused();

  await settings.operator.fill('Lawyer Petrova');
  await settings.idleMinutes.fill('5');
  await settings.save.click();
  await expect(settings.saved).toHaveText('Saved.');
  expect(app.session.settings()).toEqual({ operator: 'Lawyer Petrova', idleLockMinutes: 5 });

  // Change passphrase: a wrong current one, a weak new one, then a good change.
  await settings.currentPassphrase.fill('not the passphrase');
  await settings.newPassphrase.fill(NEXT);
  await settings.confirmPassphrase.fill(NEXT);
  await settings.changePassphrase.click();
  await expect(page.getByRole('alert')).toContainText('The current passphrase is wrong.');
  await expect(settings.currentPassphrase).toBeFocused();

  await settings.currentPassphrase.fill(PASSPHRASE);
  await settings.newPassphrase.fill('qwerty2024');
  await settings.confirmPassphrase.fill('qwerty2024');
  await settings.changePassphrase.click();
  await expect(page.locator('#passphrase-next-error')).toContainText('too easy to guess');

  await settings.newPassphrase.fill(NEXT);
  await settings.confirmPassphrase.fill(NEXT);
  await settings.changePassphrase.click();
  await expect(settings.passphraseChanged).toHaveText('Passphrase changed.');
  await expect(settings.currentPassphrase).toHaveValue('');
  await app.screenshot('settings-vault');

  // The old passphrase no longer opens the vault; the new one does.
  await frame.lockButton.click();
  const vault = new VaultPage(page);
  await vault.unlock(vaultDir, PASSPHRASE);
  await expect(vault.alert).toContainText('Wrong passphrase');
  await vault.unlock(vaultDir, NEXT);
  await expect(frame.heading()).toHaveText('Vault');
  await expect(page.getByText('after 5 min without input')).toBeVisible();
});
