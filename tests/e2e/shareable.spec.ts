/**
 * Shareable copies in the app (issue #4): a tagged JPEG gets a stripped copy whose removed tags are
 * highlighted and which the independent Debian exiftool finds clean once saved; the original is
 * saved only after a warning; a file of an unknown kind is unsupported until someone declares it
 * shareable with a reason; the items list filters by copy status.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sha256sum } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ImportPage } from './pages/ImportPage.ts';
import { ItemDetailPage } from './pages/ItemDetailPage.ts';
import { ItemsPage } from './pages/ItemsPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { ShareablePage } from './pages/ShareablePage.ts';

const run = promisify(execFile);
const EXIFTOOL = '/usr/bin/exiftool';
const PASSPHRASE = 'violet harbour cobbles midnight ferry';

/** A 64×64 JPEG from ffmpeg, tagged by Debian's exiftool with a position, an author and a camera serial. */
async function makeTaggedJpeg(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=teal:s=64x64', '-frames:v', '1', file]);
  await run(EXIFTOOL, [
    '-q',
    '-overwrite_original',
    '-GPSLatitude=50.4501',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=30.5234',
    '-GPSLongitudeRef=E',
    '-Artist=Witness K',
    '-SerialNumber=SN-77341-CAM',
    file,
  ]);
  return file;
}

/** Every tag Debian's exiftool reads, keyed "Group:Tag". */
async function exiftoolTags(file: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(EXIFTOOL, ['-j', '-G1', '-a', '-u', file]);
  return (JSON.parse(stdout) as Record<string, unknown>[])[0]!;
}

test('shareable copies: stripped photo, saved copy and original, unsupported file shared with a reason, filter', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const evidence = path.join(app.workDir, 'evidence');
  const photo = await makeTaggedJpeg(path.join(evidence, 'checkpoint.jpg'));
  const blob = path.join(evidence, 'recorder-dump.bin');
  await writeFile(blob, randomBytes(4096));
  const before = await exiftoolTags(photo);
  expect(before['GPS:GPSLatitude']).toBeDefined();
  expect(before['IFD0:Artist']).toBe('Witness K');

  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Investigator Petrenko');
  await frame.open('import');
  const importer = new ImportPage(page);
  app.dialogs.importPaths = [photo, blob];
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Finished');
  await expect(importer.count('ingested')).toHaveText('2');

  // The photo: stripped, content proof, both hashes, removed tags highlighted.
  await importer.result('checkpoint.jpg').locator('a').click();
  await expect(frame.heading()).toHaveText('checkpoint.jpg');
  const detail = new ItemDetailPage(page);
  const share = new ShareablePage(page);
  await expect(share.badge).toHaveAttribute('data-status', 'stripped');
  await expect(share.badge).toHaveText('stripped');
  await expect(share.proof).toContainText('Image data identical');
  const photoHash = await sha256sum(photo);
  await expect(share.originalSha256).toHaveText(photoHash);
  await expect(share.copySha256).toHaveText(/^[0-9a-f]{64}$/);
  const copyHash = (await share.copySha256.textContent())!;
  expect(copyHash).not.toBe(photoHash);
  await expect(share.method).toHaveText('jpeg-segments');
  await expect(share.tools).toContainText('exiftool');
  for (const [group, tag] of [['GPS', 'GPSLatitude'], ['GPS', 'GPSLongitude'], ['IFD0', 'Artist'], ['ExifIFD', 'SerialNumber']] as const) {
    const row = detail.metadata(group, tag).first();
    await expect(row).toHaveClass(/meta-removed/);
    await expect(row).toContainText('removed');
  }
  await expect(detail.metadata('Composite', 'GPSPosition').first()).toHaveClass(/meta-removed/);
  // ffmpeg's JPEG comment: the stripper's JPEG:Comment is ExifTool's File:Comment, not an extra entry.
  await expect(detail.metadata('File', 'Comment').first()).toHaveClass(/meta-removed/);
  await expect(share.alsoRemoved.filter({ hasText: 'JPEG:Comment' })).toHaveCount(0);
  await expect(detail.metadata('File', 'ImageWidth').first()).not.toHaveClass(/meta-removed/);
  await expect(detail.metadata('File', 'ImageWidth').first()).toContainText('file fact');
  await expect(detail.custodyEvents.filter({ hasText: 'Shareable copy made' })).toHaveCount(1);

  // Save the shareable copy: what Debian's exiftool reads in it has no position, author or serial.
  const savedCopy = path.join(app.workDir, 'shareable-checkpoint.jpg');
  app.dialogs.savePath = savedCopy;
  await share.saveCopy.click();
  await expect(share.notice).toContainText(`Shareable copy saved to ${savedCopy}.`);
  expect(await sha256sum(savedCopy)).toBe(copyHash);
  const after = await exiftoolTags(savedCopy);
  const leftovers = Object.keys(after).filter((k) => /GPS|Artist|Serial/i.test(k));
  expect(leftovers).toEqual([]);
  expect(JSON.stringify(after)).not.toContain('Witness K');
  expect(JSON.stringify(after)).not.toContain('SN-77341-CAM');
  await expect(detail.custodyEvents.filter({ hasText: 'Shareable copy saved' })).toHaveCount(1);

  // The original only after a warning; Cancel (and Escape) write nothing.
  const savedOriginal = path.join(app.workDir, 'original-checkpoint.jpg');
  app.dialogs.savePath = savedOriginal;
  await share.saveOriginal.click();
  await expect(share.confirmDialog).toBeVisible();
  await expect(share.confirmDialog).toContainText('GPS position');
  await expect(share.confirmCancel).toBeFocused();
  await app.screenshot('item-original-confirm');
  await share.confirmCancel.click();
  await expect(share.confirmDialog).toBeHidden();
  await share.saveOriginal.click();
  await page.keyboard.press('Escape');
  await expect(share.confirmDialog).toBeHidden();
  expect(existsSync(savedOriginal)).toBe(false);
  await share.saveOriginal.click();
  await share.confirmSave.click();
  await expect(share.notice).toContainText(`Original saved to ${savedOriginal}.`);
  expect(await sha256sum(savedOriginal)).toBe(photoHash);
  await expect(detail.custodyEvents.filter({ hasText: 'Original saved (with its metadata)' })).toHaveCount(1);
  await app.screenshot('item-shareable');

  // Making the copy again records another custody event and keeps the same clean copy.
  await share.remake.click();
  await expect(share.notice).toContainText('The shareable copy was made again.');
  await expect(detail.custodyEvents.filter({ hasText: 'Shareable copy made' })).toHaveCount(2);
  await expect(share.copySha256).toHaveText(copyHash);

  // The same screen in Russian.
  await frame.link('Settings').click();
  await new SettingsPage(page).language.selectOption('ru');
  await frame.link('Материалы').click();
  const items = new ItemsPage(page);
  await items.row('checkpoint.jpg').click();
  await expect(page.getByRole('heading', { name: 'Копия для передачи', exact: true })).toBeVisible();
  await expect(share.badge).toHaveText('очищена');
  await expect(share.proof).toContainText('Данные изображения идентичны');
  await expect(detail.metadata('IFD0', 'Artist')).toContainText('удалено');
  await expect(detail.custodyEvents.filter({ hasText: 'Создана копия для передачи' })).toHaveCount(2);
  await app.screenshot('item-shareable-ru');
  await frame.link('Настройки').click();
  await new SettingsPage(page).language.selectOption('en');

  // The list: a status column, and a filter whose total follows it.
  await frame.link('Items').click();
  await expect(items.total).toHaveText('2 in the vault');
  await expect(items.row('checkpoint.jpg').getByTestId('shareable-badge')).toHaveText('stripped');
  await expect(items.row('recorder-dump.bin').getByTestId('shareable-badge')).toHaveText('unsupported');
  await items.filter('Unsupported').click();
  await expect(items.filter('Unsupported')).toHaveAttribute('aria-pressed', 'true');
  await expect(items.total).toHaveText('1 with this status');
  await expect(items.rows).toHaveCount(1);
  await expect(items.rows.first()).toContainText('recorder-dump.bin');
  await app.screenshot('items-filter');
  await items.filter('Stripped').click();
  await expect(items.rows).toHaveCount(1);
  await expect(items.rows.first()).toContainText('checkpoint.jpg');
  await items.filter('Failed').click();
  await expect(items.total).toHaveText('0 with this status');
  await expect(page.getByTestId('items-filter-empty')).toHaveText('No items with this status.');
  await items.filter('Not made yet').click();
  await expect(items.rows).toHaveCount(0);
  // Keyboard: the chips are buttons in the tab order.
  await items.filter('All').focus();
  await page.keyboard.press('Enter');
  await expect(items.total).toHaveText('2 in the vault');
  await expect(items.rows).toHaveCount(2);

  // The unknown file: unsupported with its reason; shared anyway only with a reason, as a custody event.
  await items.row('recorder-dump.bin').click();
  await expect(frame.heading()).toHaveText('recorder-dump.bin');
  await expect(share.badge).toHaveAttribute('data-status', 'unsupported');
  await expect(share.reason).toContainText('Shareable copies of this kind of file cannot be made yet.');
  await expect(share.method).toHaveText('none (no cleaner for this kind of file)');
  await expect(share.saveCopy).toBeDisabled();
  await share.shareAnyway.click();
  await expect(share.overrideReason).toBeFocused();
  await expect(page.getByTestId('override-form')).toContainText('may still carry a GPS position');
  await share.overrideSubmit.click();
  await expect(page.locator('#override-reason-error')).toHaveText('Say why the item may be shared as it is.');
  await share.overrideReason.fill('Checked by hand: raw audio samples, no header or tags.');
  await share.overrideSubmit.click();
  await expect(share.badge).toContainText('override');
  await expect(share.override).toContainText('by Investigator Petrenko');
  await expect(share.override).toContainText('Checked by hand: raw audio samples, no header or tags.');
  await expect(share.shareAnyway).toHaveCount(0);
  await expect(detail.custodyEvents.filter({ hasText: 'Declared shareable without cleaning' })).toHaveCount(1);
  await app.screenshot('item-unsupported-override');
});
