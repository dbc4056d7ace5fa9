import { expect, test } from './fixtures.ts';
import { AboutPage } from './pages/AboutPage.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

test('the app frame shows every section and the diagnostics page reports live versions from the core', async ({ app }) => {
  const frame = new AppFramePage(app.page);
  await frame.open();
  for (const name of ['Vault', 'Cases', 'Items', 'Import', 'Export', 'Verify', 'Settings', 'About']) {
    await expect(frame.link(name)).toBeVisible();
  }
  await expect(frame.heading()).toHaveText('No vault open');

  await frame.link('About').click();
  await expect(frame.heading()).toHaveText('About and diagnostics');
  const about = new AboutPage(app.page);
  await expect(about.value('sqlite')).toHaveText(/^3\.\d+\.\d+$/);
  await expect(about.value('sqlcipher')).toContainText('SQLCipher 4');
  await expect(about.value('encryption')).toHaveText('passed');
  await expect(about.value('exiftool')).toHaveText(/^\d+\.\d+/);
  await expect(about.value('node')).toHaveText(process.versions.node);
  await expect(about.value('electron')).toHaveText('not running in Electron');
  await app.screenshot('about-diagnostics');
});

test('the language can be switched to Russian and back, and the choice is kept', async ({ app }) => {
  const frame = new AppFramePage(app.page);
  await frame.open('settings');
  const settings = new SettingsPage(app.page);
  await settings.language.selectOption('ru');
  await expect(frame.heading()).toHaveText('Настройки');
  await expect(frame.link('Хранилище')).toBeVisible();
  await app.page.reload();
  await expect(frame.heading()).toHaveText('Настройки');
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'ru');
  await frame.link('О программе').click();
  await expect(new AboutPage(app.page).value('encryption')).toHaveText('пройдена');
  await app.screenshot('about-diagnostics-ru');
  await frame.link('Настройки').click();
  await settings.language.selectOption('en');
  await expect(frame.heading()).toHaveText('Settings');
});

test('a screen can be reached with the keyboard alone', async ({ app }) => {
  const frame = new AppFramePage(app.page);
  await frame.open();
  await frame.link('Vault').focus();
  for (let i = 0; i < 7; i++) await app.page.keyboard.press('Tab');
  await app.page.keyboard.press('Enter');
  await expect(frame.heading()).toHaveText('About and diagnostics');
});
