/** Creating a vault in Russian, typed on a Russian keyboard layout, with the lock shortcut. */
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { VaultPage } from './pages/VaultPage.ts';

test('create a vault in Russian: strength advice, recovery key and its check are all in Russian', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const vault = new VaultPage(page);
  const vaultDir = path.join(app.workDir, 'хранилище');

  await frame.open('settings');
  await new SettingsPage(page).language.selectOption('ru');
  await frame.link('Хранилище').click();
  await expect(frame.heading()).toHaveText('Хранилище не открыто');

  await vault.createFolder.fill(vaultDir);
  await vault.createOperator.fill('Следователь Иванова');
  await vault.fillCreate('qwerty123');
  await expect(vault.strengthLabel).toContainText('Надёжность: очень слабая — недостаточно для хранилища');
  await expect(page.getByText('Это распространённый пароль.')).toBeVisible();
  await vault.createSubmit.click();
  await expect(page.locator('#create-passphrase-error')).toContainText('Эту парольную фразу слишком легко подобрать');
  await app.screenshot('vault-create-weak-ru');

  // Cyrillic passphrases are fine when they are long enough.
  await vault.fillCreate('ржавый фонарь тихо плывёт над гаванью');
  await expect(vault.strengthLabel).toContainText('очень надёжная');
  await vault.createSubmit.click();

  await expect(frame.heading()).toHaveText('Запишите ключ восстановления');
  const key = await vault.recoveryKeyText();
  await app.screenshot('vault-recovery-key-ru');
  await vault.recoveryWritten.check();
  await vault.recoveryContinue.click();
  await expect(frame.heading()).toHaveText('Проверьте ключ восстановления');
  await vault.recoveryLastGroup.fill(key.split('-').at(-1)!);
  await app.screenshot('vault-recovery-confirm-ru');
  await vault.recoveryFinish.click();
  await expect(frame.heading()).toHaveText('Хранилище');
  await expect(page.getByText('через 10 мин бездействия')).toBeVisible();
  await app.screenshot('vault-overview-ru');

  // Ctrl+L is matched by key position, so it locks with the Russian layout too (where L types «д»).
  await page.evaluate(() =>
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'д', code: 'KeyL', ctrlKey: true, bubbles: true, cancelable: true })),
  );
  await expect(frame.heading()).toHaveText('Хранилище не открыто');
  await expect(page.getByTestId('vault-badge')).toHaveText('Хранилище заблокировано');
});
