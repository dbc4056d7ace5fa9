/** Import: a dropped folder is walked; a large import can be cancelled; results can be filtered. */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeJpeg, makeText } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ImportPage } from './pages/ImportPage.ts';
import { ItemsPage } from './pages/ItemsPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

const PASSPHRASE = 'kettle orbit saffron glacier';

test('a dropped folder is imported with everything inside it, with the source note', async ({ app }) => {
  const { page } = app;
  const batch = path.join(app.workDir, 'phone-dump');
  await makeJpeg(path.join(batch, 'DCIM', 'IMG_0001.jpg'), { latitude: 50.45, longitude: 30.5233, artist: 'Witness C' });
  await makeJpeg(path.join(batch, 'DCIM', 'IMG_0002.jpg'), { latitude: 50.4501, longitude: 30.5234, artist: 'Witness C' }, 'blue');
  await makeText(path.join(batch, 'notes', 'timeline.txt'), '06:10 vans arrive\n06:25 shots heard\n');
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE);

  const frame = new AppFramePage(page);
  const importer = new ImportPage(page);
  await frame.open('import');
  await importer.note.fill('Phone of witness C, handed over 3 June');
  await importer.drop(['phone-dump']);
  await expect(importer.state).toHaveText('Finished');
  await expect(importer.files).toHaveText('3 of 3');
  await expect(importer.count('ingested')).toHaveText('3');
  await expect(importer.count('error')).toHaveText('0');
  await importer.filter('error').click();
  await expect(page.getByText('No files in this group.')).toBeVisible();
  await importer.filter('all').click();
  await expect(importer.results).toHaveCount(3);

  // The job survives moving to another screen and back.
  await frame.link('Items').click();
  await expect(new ItemsPage(page).total).toHaveText('3 in the vault');
  await frame.link('Import').click();
  await expect(importer.count('ingested')).toHaveText('3');
  await expect(importer.note).toHaveValue('Phone of witness C, handed over 3 June');

  // The same results in Russian.
  await frame.link('Settings').click();
  await new SettingsPage(page).language.selectOption('ru');
  await frame.link('Импорт').click();
  await expect(importer.state).toHaveText('Завершён');
  await expect(importer.filter('ingested')).toContainText('Импортированы');
  await expect(importer.results.first()).toContainText('Сохранён как ITM-');
  await app.screenshot('import-results-ru');
  await frame.link('Настройки').click();
  await new SettingsPage(page).language.selectOption('en');
  await frame.link('Import').click();
  await page.getByRole('button', { name: 'Clear results' }).click();
  await expect(importer.results).toHaveCount(0);

  const [item] = (await app.session.vault().store.listItems(0, 10)).filter((i) => i.originalName === 'timeline.txt');
  expect(item?.sourceNote).toBe('Phone of witness C, handed over 3 June');
});

test('a running import shows progress and can be cancelled; what was not imported says so', async ({ app }) => {
  const { page } = app;
  const big = path.join(app.workDir, 'recordings');
  await mkdir(big);
  const block = randomBytes(1 << 20);
  const files: string[] = [];
  for (let i = 0; i < 24; i++) {
    const file = path.join(big, `recording-${i}.bin`);
    await writeFile(file, Buffer.concat([Buffer.from(`recording ${i}\n`), ...Array<Buffer>(40).fill(block)]));
    files.push(file);
  }
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE);

  const frame = new AppFramePage(page);
  const importer = new ImportPage(page);
  await frame.open('import');
  app.dialogs.importPaths = files;
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Importing…');
  await expect(importer.chooseFiles).toBeDisabled();
  await importer.cancel.click();
  await expect(importer.state).toHaveText('Cancelled');
  await expect(importer.cancel).toHaveCount(0);
  await expect(importer.chooseFiles).toBeEnabled();
  await expect(importer.bytes).toContainText('of 960 MB');
  await expect(importer.count('all')).toHaveText('24');
  const errors = Number(await importer.count('error').textContent());
  expect(errors).toBeGreaterThan(0);
  await importer.filter('error').click();
  await expect(importer.results.first()).toContainText(/Cancelled/);
  await app.screenshot('import-cancelled');
  const ingested = Number(await importer.count('ingested').textContent());
  expect(app.session.vault().store.countItems()).toBe(ingested);
});
