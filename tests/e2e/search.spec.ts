/**
 * Global search (issue #5): the search box in the sidebar reached by Ctrl+K or "/", results as you
 * type grouped by kind with the matched words marked, Cyrillic and Latin prefixes, an item found by
 * its camera model, keyboard navigation that opens the record, and the search screen's filters.
 * The vault is made through the UI and the photos imported through the import screen; the case
 * records are written through the core on the same open session.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { addIncident, addNote, addPerson, createCase, linkItems } from '../../src-main/core/index.ts';
import { makeJpeg } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ImportPage } from './pages/ImportPage.ts';
import { SearchPage } from './pages/SearchPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { VaultPage } from './pages/VaultPage.ts';

const run = promisify(execFile);
const PASSPHRASE = 'lantern quarry juniper tideway';
const SHORTCUT = process.platform === 'darwin' ? '⌘K' : 'Ctrl+K';

test('search: shortcut, results as you type in Russian and English, keyboard to the record, search screen filters', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const vault = new VaultPage(page);
  const importer = new ImportPage(page);
  const search = new SearchPage(page);

  // Two photos; the first also names its camera, which the search finds in its metadata.
  const evidence = path.join(app.workDir, 'evidence');
  const checkpoint = await makeJpeg(path.join(evidence, 'checkpoint-north.jpg'), { latitude: 43.3178, longitude: 45.6949, artist: 'Witness A' });
  await run('exiftool', ['-q', '-overwrite_original', '-Make=NIKON CORPORATION', '-Model=NIKON D7500', checkpoint]);
  const market = await makeJpeg(path.join(evidence, 'market-square.jpg'), { latitude: 43.32, longitude: 45.69, artist: 'Witness B' }, 'blue');

  // A vault made through the UI: no search box until it is open and its recovery key confirmed.
  await frame.open();
  await expect(search.box).toHaveCount(0);
  app.dialogs.folder = path.join(app.workDir, 'vault');
  await vault.createChoose.click();
  await vault.fillCreate(PASSPHRASE);
  await vault.createSubmit.click();
  await expect(vault.recoveryGroups).toHaveCount(8);
  const recoveryKey = await vault.recoveryKeyText();
  await expect(search.box).toHaveCount(0);
  await vault.recoveryWritten.check();
  await vault.recoveryContinue.click();
  await vault.recoveryLastGroup.fill(recoveryKey.split('-').at(-1)!);
  await vault.recoveryFinish.click();
  await expect(search.box).toBeVisible();
  await expect(search.shortcutHint).toHaveText(SHORTCUT);
  await expect(search.box).toHaveAttribute('aria-keyshortcuts', process.platform === 'darwin' ? 'Meta+K /' : 'Control+K /');

  await frame.link('Import').click();
  app.dialogs.importPaths = [checkpoint, market];
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Finished');
  await expect(importer.count('ingested')).toHaveText('2');

  const v = app.session.vault();
  const items = v.store.listItems(0, 10);
  const photo = items.find((i) => i.originalName === 'checkpoint-north.jpg')!;
  const grozny = createCase(v, { number: 'ECHR-4471/19', title: 'Задержание активистов в Грозном', openedOn: '2019-03-04' });
  const journalists = createCase(v, {
    number: 'ECHR-1022/21',
    title: 'Detention of journalists',
    openedOn: '2021-06-10',
    description: 'Three reporters held after filming at the checkpoint.',
  });
  const witness = addPerson(v, grozny.id, { pseudonym: 'Свидетель А', role: 'witness', identity: { realName: 'Ахмед Хасанов' } });
  addIncident(v, grozny.id, {
    date: '2019-03-02',
    place: 'Грозный, улица Мира',
    description: 'Задержание четырёх активистов у здания администрации; свидетель видел, как их увезли.',
    personIds: [witness.id],
  });
  linkItems(v, grozny.id, [photo.id]);
  addNote(v, { itemId: photo.id }, 'Снимок сделан свидетелем у КПП на въезде в Грозный.');
  addNote(v, { caseRef: journalists.id }, 'Ask the editors for the reporters’ press cards.');

  // Ctrl+K from anywhere puts the cursor in the box.
  await frame.link('Items').focus();
  await search.pressShortcut();
  await expect(search.box).toBeFocused();

  // A Cyrillic prefix: the case under Cases with the matched word marked, the incident under Incidents.
  await search.box.pressSequentially('задерж');
  await expect(search.popup).toBeVisible();
  await expect(search.box).toHaveAttribute('aria-expanded', 'true');
  const cases = search.group('Cases');
  await expect(cases.getByRole('option')).toHaveCount(1);
  await expect(cases.getByRole('option')).toContainText('ECHR-4471/19 — Задержание активистов в Грозном');
  await expect(search.marks(cases)).toHaveText(['Задержание']);
  await expect(search.group('Incidents').getByRole('option')).toHaveCount(1);
  await expect(search.marks(search.group('Incidents')).first()).toHaveText('Задержание');
  await expect(search.popup).not.toContainText('Detention of journalists');

  // Results follow the typing: more letters, fewer results.
  await search.box.fill('гроз');
  await expect(search.group('Cases').getByRole('option')).toHaveCount(1);
  await expect(search.group('Incidents').getByRole('option')).toContainText('Грозный, улица Мира');
  await expect(search.group('Notes').getByRole('option')).toContainText('Снимок сделан свидетелем');
  await expect(search.group('Notes').getByRole('option')).toContainText('ECHR-4471/19');
  await expect(search.options).toHaveCount(4);
  await search.box.pressSequentially('ном');
  await expect(search.options).toHaveCount(2);
  await expect(search.group('Incidents')).toHaveCount(0);
  await expect(search.group('Cases').getByRole('option')).toContainText('Задержание активистов в Грозном');
  await expect(search.marks(search.group('Cases'))).toHaveText(['Грозном']);

  // A Latin prefix finds the English case; arrow keys and Enter open it.
  await search.box.fill('journ');
  await expect(search.group('Cases').getByRole('option')).toHaveCount(1);
  await expect(search.group('Cases').getByRole('option')).toContainText('Detention of journalists');
  await expect(search.marks(search.group('Cases'))).toHaveText(['journalists']);
  await page.keyboard.press('ArrowDown');
  await expect(search.activeOption).toContainText('Detention of journalists');
  const activeId = await search.activeOption.getAttribute('id');
  await expect(search.box).toHaveAttribute('aria-activedescendant', activeId!);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/cases/${journalists.id}$`));
  await expect(frame.heading()).toHaveText('Detention of journalists');
  await expect(search.popup).toBeHidden();

  // The camera model from the photo's metadata finds the item; Enter opens it.
  await search.pressShortcut();
  await search.box.pressSequentially('d7500');
  const photos = search.group('Items');
  await expect(photos.getByRole('option')).toHaveCount(1);
  await expect(photos.getByRole('option')).toContainText('checkpoint-north.jpg');
  await expect(search.marks(photos)).toHaveText(['D7500']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/items/${photo.id}$`));
  await expect(frame.heading()).toHaveText('checkpoint-north.jpg');

  // So does the file name.
  await search.pressShortcut();
  await search.box.pressSequentially('market');
  await expect(search.group('Items').getByRole('option')).toHaveText(['market-square.jpg']);

  // "/" from outside a text field; a person, an incident and a note in one popup; Escape closes it
  // and puts focus back where it was.
  await page.keyboard.press('Escape');
  await expect(search.popup).toBeHidden();
  await frame.link('Cases').click();
  await expect(frame.link('Cases')).toBeFocused();
  await page.keyboard.press('/');
  await expect(search.box).toBeFocused();
  await expect(search.box).toHaveValue('market');
  await search.box.fill('свид');
  const people = search.group('People').getByRole('option');
  await expect(people).toHaveCount(1);
  await expect(people.locator('.hit-title')).toHaveText('Свидетель А');
  await expect(people.locator('.hit-case')).toHaveText(['ECHR-4471/19']);
  await expect(search.group('Incidents').getByRole('option')).toHaveCount(1);
  await expect(search.group('Notes').getByRole('option')).toHaveCount(1);
  await expect(search.marks(search.group('Notes'))).toHaveText(['свидетелем']);
  await app.screenshot('search-popup');
  await page.keyboard.press('Escape');
  await expect(search.popup).toBeHidden();
  await expect(search.box).toHaveAttribute('aria-expanded', 'false');
  await expect(frame.link('Cases')).toBeFocused();

  // The person opens in the people tab of their case; only the pseudonym is ever shown.
  await search.pressShortcut();
  await expect(search.popup).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(search.activeOption).toContainText('Свидетель А');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/cases/${grozny.id}/people$`));

  // The protected real name is not searchable: nothing found, and the popup says so.
  await search.pressShortcut();
  await search.box.fill('Хасан');
  await expect(search.popupStatus).toHaveText('Nothing found for “Хасан”.');
  await expect(search.options).toHaveCount(1);
  await expect(search.allResults).toBeVisible();

  // All results: the search screen with the same query, a section per kind with its count.
  await search.box.fill('echr');
  await expect(search.group('Cases').getByRole('option')).toHaveCount(2);
  await page.keyboard.press('ArrowUp');
  await expect(search.activeOption).toHaveText(/All results for “echr”/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/search\/echr$/);
  await expect(frame.heading()).toHaveText('Search');
  await expect(search.screenQuery).toHaveValue('echr');
  await expect(search.sectionHits('case')).toHaveCount(2);
  await expect(search.section('case').getByTestId('search-section-count')).toHaveText('2');
  await expect(search.screenStatus).toHaveText('Results: 2');

  // The case filter narrows to that case's records.
  await search.caseFilter.selectOption('ECHR-1022/21');
  await expect(search.sectionHits('case')).toHaveCount(1);
  await expect(search.sectionHits('case')).toContainText('Detention of journalists');
  await search.clearFilters.click();
  await expect(search.sectionHits('case')).toHaveCount(2);

  // A date range: cases by their opening date; a range that ends before it starts is refused.
  await search.fromFilter.fill('2021-01-01');
  await expect(search.sectionHits('case')).toHaveCount(1);
  await expect(search.sectionHits('case')).toContainText('Detention of journalists');
  await search.toFilter.fill('2020-12-31');
  await expect(page.locator('#search-to-error')).toHaveText('The end date is before the start date.');
  await expect(search.toFilter).toHaveAttribute('aria-invalid', 'true');
  await expect(search.sections()).toHaveCount(0);
  await search.clearFilters.click();
  await expect(search.fromFilter).toHaveValue('');
  await expect(search.sectionHits('case')).toHaveCount(2);

  // Every kind in one list: the incident with the excerpt around the match, the person by pseudonym.
  await search.screenQuery.fill('свид');
  await expect(search.sectionHits('person')).toHaveText([/Свидетель А/]);
  await expect(search.sectionHits('incident').locator('mark')).toHaveText(['свидетель']);
  await expect(search.sectionHits('note')).toHaveCount(1);
  await app.screenshot('search-screen');

  // Kind filters: only incidents left of three kinds of hits.
  await search.screenQuery.fill('гроз');
  await expect(page).toHaveURL(new RegExp(`#/search/${encodeURIComponent('гроз')}$`));
  await expect(search.sectionHits('case')).toHaveCount(1);
  await expect(search.sectionHits('incident')).toHaveCount(1);
  await expect(search.sectionHits('note')).toHaveCount(1);
  await search.kindFilter('Cases').uncheck();
  await search.kindFilter('Notes').uncheck();
  await expect(search.section('case')).toHaveCount(0);
  await expect(search.section('note')).toHaveCount(0);
  await expect(search.sectionHits('incident')).toHaveCount(1);
  await expect(search.sectionHits('incident')).toContainText('Грозный, улица Мира');

  // Media type leaves only items; with a query only cases match, that says so.
  await search.clearFilters.click();
  await search.screenQuery.fill('checkpoint');
  await expect(search.sectionHits('case')).toContainText('Detention of journalists');
  await expect(search.sectionHits('item')).toContainText('checkpoint-north.jpg');
  await search.mediaFilter.selectOption('image');
  await expect(search.section('case')).toHaveCount(0);
  await expect(search.sectionHits('item')).toHaveCount(1);
  await search.screenQuery.fill('echr');
  await expect(search.screenStatus).toHaveText('Nothing found for “echr” with these filters.');
  await expect(search.sections()).toHaveCount(0);

  // "/" typed in a field is text, not the shortcut.
  await search.screenQuery.press('End');
  await search.screenQuery.press('/');
  await expect(search.screenQuery).toHaveValue('echr/');
  await expect(search.box).not.toBeFocused();

  // A hit on the screen is a link to its record.
  await search.clearFilters.click();
  await search.screenQuery.fill('d7500');
  await search.sectionHits('item').click();
  await expect(page).toHaveURL(new RegExp(`#/items/${photo.id}$`));

  // In Russian: the group headings, the link to all results, the screen.
  await frame.link('Settings').click();
  await new SettingsPage(page).language.selectOption('ru');
  await search.pressShortcut();
  await search.box.fill('гроз');
  await expect(search.group('Дела').getByRole('option')).toHaveCount(1);
  await expect(search.group('Эпизоды').getByRole('option')).toHaveCount(1);
  await expect(search.group('Заметки').getByRole('option')).toHaveCount(1);
  await expect(search.allResults).toHaveText(/Все результаты по запросу «гроз»/);
  await app.screenshot('search-popup-ru');
  // Enter with no hit chosen opens all results.
  await page.keyboard.press('Enter');
  await expect(frame.heading()).toHaveText('Поиск');
  await expect(search.screenStatus).toHaveText('Найдено: 3');
  await expect(search.section('incident').getByRole('heading')).toContainText('Эпизоды');
  await app.screenshot('search-screen-ru');
  await frame.link('Настройки').click();
  await new SettingsPage(page).language.selectOption('en');

  // Locking takes the search box away with everything else.
  await frame.lockButton.click();
  await expect(search.box).toHaveCount(0);
});
