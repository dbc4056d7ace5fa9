/**
 * Cases (issue #5's UI) against the real core: a case made from an import's results, exhibits
 * with both hashes reordered by keyboard, labels kept unique, the item page showing its cases, and
 * both found again with the global search;
 * people whose protected identity shows only after a confirmed, recorded reveal; incidents with
 * dates as people state them, in the timeline; the case page in Russian.
 */
import path from 'node:path';
import { addPerson, createCase, custodyLog, linkItems } from '../../src-main/core/index.ts';
import { insertBulkItems, makeJpeg, sha256sum } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import type { AppFixture } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { CasePage } from './pages/CasePage.ts';
import { CaseFormPart, CasesPage } from './pages/CasesPage.ts';
import { ImportPage } from './pages/ImportPage.ts';
import { SearchPage } from './pages/SearchPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { VaultPage } from './pages/VaultPage.ts';

const PASSPHRASE = 'copper meadow whistles under ninth lantern';

/** Three photos from a witness's phone, as the picker would hand them over. */
async function photos(app: AppFixture): Promise<string[]> {
  const dir = path.join(app.workDir, 'phone');
  return [
    await makeJpeg(path.join(dir, 'IMG_0001.jpg'), { latitude: 43.3178, longitude: 45.6981, artist: 'Witness W-1' }, 'red'),
    await makeJpeg(path.join(dir, 'IMG_0002.jpg'), { latitude: 43.3179, longitude: 45.6982, artist: 'Witness W-1' }, 'blue'),
    await makeJpeg(path.join(dir, 'IMG_0003.jpg'), { latitude: 43.318, longitude: 45.6983, artist: 'Witness W-1' }, 'green'),
  ];
}

async function createVaultThroughTheUi(app: AppFixture): Promise<void> {
  const { page } = app;
  const frame = new AppFramePage(page);
  const vault = new VaultPage(page);
  await frame.open();
  await vault.createFolder.fill(path.join(app.workDir, 'vault'));
  await vault.createOperator.fill('Lawyer Petrova');
  await vault.fillCreate(PASSPHRASE);
  await vault.createSubmit.click();
  await expect(vault.recoveryGroups).toHaveCount(8);
  const key = await vault.recoveryKeyText();
  await vault.recoveryWritten.check();
  await vault.recoveryContinue.click();
  await vault.recoveryLastGroup.fill(key.split('-').at(-1)!);
  await vault.recoveryFinish.click();
  await expect(frame.heading()).toHaveText('Vault');
}

test('from an import to a case: exhibits with both hashes, reordered by keyboard, unique labels, the item shows its case, both found by search', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const files = await photos(app);
  await createVaultThroughTheUi(app);

  // No cases yet: the empty state offers the form; an earlier case is made through it.
  await frame.link('Cases').click();
  const cases = new CasesPage(page);
  await expect(frame.heading()).toHaveText('No cases yet');
  await cases.newCase.click();
  await cases.form.fill({ number: 'RLN-2017-003', title: 'Search of the family home', forum: 'Prosecutor, Chechen Republic' });
  await cases.form.submit.click();
  const casePage = new CasePage(page);
  await expect(casePage.number).toHaveText('RLN-2017-003');
  await expect(casePage.tab('Overview')).toHaveAttribute('aria-selected', 'true');

  // Import three photos; from the results, add them all to a new case.
  await frame.link('Import').click();
  const importer = new ImportPage(page);
  app.dialogs.importPaths = files;
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Finished');
  await expect(importer.count('ingested')).toHaveText('3');
  const toCase = page.getByTestId('import-to-case');
  await expect(toCase).toContainText('3 items');
  await toCase.getByRole('button', { name: 'New case…' }).click();
  const form = new CaseFormPart(page, 'import-case');
  await expect(form.field('number')).toBeFocused();

  // Required fields are checked before anything is sent; a taken number comes back at its field.
  await form.fill({ number: 'RLN-2017-003', title: '   ' });
  await form.submit.click();
  await expect(form.error('title')).toHaveText('Enter a title.');
  await expect(form.field('title')).toBeFocused();
  await expect(form.field('title')).toHaveAttribute('aria-invalid', 'true');
  await form.fill({ title: 'Detention of W-1 in Grozny', forum: 'UN Committee against Torture', openedOn: '2018-03-14' });
  await form.submit.click();
  await expect(form.error('number')).toHaveText('A case with this number already exists.');
  await expect(form.field('number')).toBeFocused();
  await form.fill({ number: 'RLN-2018-014' });
  await app.screenshot('import-to-case-form');
  await form.submit.click();
  await expect(toCase.getByTestId('import-to-case-result')).toContainText('3 added to RLN-2018-014 as EX-001 – EX-003.');
  await toCase.getByRole('link', { name: 'Open the exhibits of RLN-2018-014' }).click();

  // EX-001…EX-003 in import order, each with the original's SHA-256 as sha256sum computes it and
  // the shareable copy's own hash.
  await expect(casePage.tab(/Exhibits/)).toHaveAttribute('aria-selected', 'true');
  await expect(casePage.exhibitLabels).toHaveText(['EX-001', 'EX-002', 'EX-003']);
  for (const [i, label] of ['EX-001', 'EX-002', 'EX-003'].entries()) {
    await expect(casePage.exhibit(label).getByTestId('exhibit-name')).toHaveText(path.basename(files[i]!));
    expect(await casePage.originalSha256(label)).toBe(await sha256sum(files[i]!));
    const shareable = await casePage.shareableSha256(label);
    expect(shareable).toMatch(/^[0-9a-f]{64}$/);
    expect(shareable).not.toBe(await sha256sum(files[i]!));
  }
  await expect(casePage.exhibit('EX-001').getByTestId('shareable-badge')).toHaveAttribute('data-status', 'stripped');
  await app.screenshot('case-exhibits');

  // Keyboard: arrows go through the rows, Alt+↑ moves the focused exhibit; focus stays with it.
  await casePage.exhibitRows.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(casePage.exhibit('EX-003')).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(casePage.exhibitLabels).toHaveText(['EX-001', 'EX-003', 'EX-002']);
  await expect(casePage.exhibit('EX-003')).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(casePage.exhibitLabels).toHaveText(['EX-003', 'EX-001', 'EX-002']);
  await expect(casePage.exhibit('EX-003')).toBeFocused();
  await expect(casePage.exhibitsNotice).toHaveText('EX-003 is now number 1.');

  // The order is the vault's, not the screen's: it survives a reload.
  await page.reload();
  await expect(casePage.exhibitLabels).toHaveText(['EX-003', 'EX-001', 'EX-002']);
  await expect(casePage.exhibit('EX-003').getByTestId('exhibit-position')).toHaveText('1');
  // The arrow buttons do the same, and keep focus on the button that moved.
  const down = casePage.exhibit('EX-003').getByRole('button', { name: 'Move EX-003 down' });
  await down.click();
  await expect(casePage.exhibitLabels).toHaveText(['EX-001', 'EX-003', 'EX-002']);
  await expect(casePage.exhibit('EX-003').getByRole('button', { name: 'Move EX-003 down' })).toBeFocused();
  // Another tab and back: the table opens in the new order.
  await casePage.tab('Overview').click();
  await casePage.tab(/Exhibits/).click();
  await expect(casePage.exhibitLabels).toHaveText(['EX-001', 'EX-003', 'EX-002']);

  // A label already used in the case is refused at the field; another one is kept.
  await casePage.exhibit('EX-002').getByRole('button', { name: 'Edit EX-002' }).click();
  await expect(casePage.editLabel).toBeFocused();
  await casePage.editLabel.fill('EX-001');
  await casePage.editDialog.getByRole('button', { name: 'Save' }).click();
  await expect(casePage.editLabelError).toHaveText('Label already used in this case.');
  await expect(casePage.editLabel).toHaveAttribute('aria-invalid', 'true');
  await casePage.editLabel.fill('EX-002-A');
  await page.locator('#exhibit-edit-description').fill('Photo of the van, taken from the balcony');
  await casePage.editDialog.getByRole('button', { name: 'Save' }).click();
  await expect(casePage.editDialog).toHaveCount(0);
  await expect(casePage.exhibitLabels).toHaveText(['EX-001', 'EX-003', 'EX-002-A']);
  await expect(casePage.exhibit('EX-002-A').getByTestId('exhibit-description')).toHaveText('Photo of the van, taken from the balcony');

  // Removing asks first and says that the item stays in the vault.
  await casePage.exhibit('EX-001').getByRole('button', { name: 'Remove EX-001 from the case' }).click();
  await expect(casePage.unlinkDialog).toContainText('The item stays in the vault');
  await expect(casePage.unlinkDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(casePage.unlinkDialog).toHaveCount(0);
  await expect(casePage.exhibitLabels).toHaveCount(3);

  // Enter on a row opens its item; the item page lists its case, with the label, linking back.
  await casePage.exhibit('EX-003').focus();
  await page.keyboard.press('Enter');
  await expect(frame.heading()).toHaveText('IMG_0003.jpg');
  const itemCases = page.getByTestId('item-cases').getByTestId('item-case');
  await expect(itemCases).toHaveCount(1);
  await expect(itemCases.first()).toContainText('RLN-2018-014');
  await expect(itemCases.first()).toContainText('Detention of W-1 in Grozny');
  await expect(itemCases.first().getByTestId('item-case-label')).toHaveText('EX-003');
  // Added to the other case too, under a label of its own; a tag and a note go with it.
  await page.locator('#add-to-case-label').fill('A-1');
  await page.getByTestId('add-to-case').getByRole('button', { name: 'Add to case' }).click();
  await expect(itemCases).toHaveCount(2);
  await expect(page.getByTestId('item-cases')).toContainText('Added to RLN-2017-003 as A-1.');
  await page.locator('#item-annotations-tag').fill('balcony');
  await page.locator('#item-annotations-tag').press('Enter');
  await expect(page.getByTestId('tag')).toHaveText(['balcony×']);
  await page.locator('#item-annotations-note').fill('W-1 confirmed this is the van from 14 March.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('note')).toContainText(['W-1 confirmed this is the van from 14 March.']);
  await expect(page.getByTestId('custody-event').getByText('Tagged', { exact: true })).toBeVisible();
  await page.getByTestId('item-cases').scrollIntoViewIfNeeded();
  await app.screenshot('item-cases');
  await itemCases.filter({ hasText: 'RLN-2018-014' }).getByRole('link', { name: 'RLN-2018-014' }).click();
  await expect(casePage.tab(/Exhibits/)).toHaveAttribute('aria-selected', 'true');

  // The list: both cases with their counts.
  await frame.link('Cases').click();
  await expect(cases.total).toHaveText('2 in this vault');
  await expect(cases.row('RLN-2018-014')).toContainText('Detention of W-1 in Grozny');
  await expect(cases.row('RLN-2018-014')).toContainText('UN Committee against Torture');
  await expect(cases.row('RLN-2018-014').locator('td.num').first()).toHaveText('3');
  await expect(cases.row('RLN-2017-003').locator('td.num').first()).toHaveText('1');
  await expect(cases.row('RLN-2018-014')).toContainText('Opened Mar 14, 2018');
  await app.screenshot('cases-list');

  // Search, from anywhere: the case by a word of its title, and the item by its tag, each opening its record.
  const search = new SearchPage(page);
  await search.pressShortcut();
  await expect(search.box).toBeFocused();
  await search.box.fill('grozn');
  await expect(search.group('Cases').getByRole('option')).toHaveCount(1);
  await expect(search.group('Cases').getByRole('option')).toContainText('Detention of W-1 in Grozny');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(casePage.number).toHaveText('RLN-2018-014');
  await search.pressShortcut();
  await search.box.fill('balc');
  await expect(search.group('Items').getByRole('option')).toContainText('IMG_0003.jpg');
  await search.group('Items').getByRole('option').first().click();
  await expect(frame.heading()).toHaveText('IMG_0003.jpg');
});

test('a protected identity stays hidden until a confirmed reveal, which the timeline then shows', async ({ app }) => {
  const { page } = app;
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Lawyer Petrova');
  const vault = app.session.vault();
  const c = createCase(vault, { number: 'RLN-2018-014', title: 'Detention of W-1 in Grozny' });
  addPerson(vault, c.id, { pseudonym: 'Complainant C-1', role: 'complainant' });
  const casePage = new CasePage(page);
  await casePage.open(c.id, 'people');

  await casePage.addPerson.click();
  await expect(casePage.pseudonym).toBeFocused();
  await casePage.savePerson.click();
  await expect(page.locator('#person-pseudonym-error')).toHaveText('Enter a pseudonym.');
  await casePage.pseudonym.fill('Witness W-1');
  await casePage.role.selectOption('witness');
  await casePage.realName.fill('Ruslan Protectedov');
  await casePage.contacts.fill('+7 900 555 01 99, safe house on Markerstreet');
  await app.screenshot('case-person-form');
  await casePage.savePerson.click();
  await expect(casePage.person('Witness W-1')).toContainText('Witness');
  await expect(casePage.person('Witness W-1')).toContainText('Protected identity recorded');
  await expect(casePage.person('Complainant C-1')).toContainText('No identity recorded');
  await expect(casePage.person('Complainant C-1').getByRole('button', { name: /Reveal/ })).toHaveCount(0);

  // Hidden: nowhere in the page, not even in attributes.
  const hidden = async () => {
    const html = await page.content();
    for (const secret of ['Protectedov', '555 01 99', 'Markerstreet']) expect(html).not.toContain(secret);
  };
  await hidden();

  // The reveal asks first; cancelling reveals and records nothing.
  const reveals = () => custodyLog(app.session.vault()).filter((e) => e.action === 'person.identity_revealed').length;
  await casePage.person('Witness W-1').getByRole('button', { name: 'Reveal identity…' }).click();
  await expect(casePage.revealDialog).toContainText('Reveal the protected identity of Witness W-1?');
  await expect(casePage.revealDialog).toContainText('recorded in the custody log');
  await expect(casePage.revealDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await casePage.revealDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(casePage.revealDialog).toHaveCount(0);
  await hidden();
  expect(reveals()).toBe(0);

  await casePage.person('Witness W-1').getByRole('button', { name: 'Reveal identity…' }).click();
  await casePage.revealReason.fill('preparing the witness statement');
  await casePage.revealDialog.getByRole('button', { name: 'Reveal identity' }).click();
  const panel = casePage.person('Witness W-1').getByTestId('identity-panel');
  await expect(panel).toContainText('Protected identity of Witness W-1');
  await expect(panel.getByTestId('identity-real-name')).toHaveText('Ruslan Protectedov');
  await expect(panel).toContainText('safe house on Markerstreet');
  await expect(panel.getByRole('button', { name: 'Hide' })).toBeFocused();
  expect(reveals()).toBe(1);
  await app.screenshot('case-people-revealed');

  // The reveal is on the case's record, with the reason and without the identity.
  await casePage.tab('Timeline').click();
  const reveal = casePage.timelineEntries.filter({ hasText: 'Protected identity revealed' });
  await expect(reveal).toHaveCount(1);
  await expect(reveal).toContainText('Witness W-1');
  await expect(reveal).toContainText('reason: preparing the witness statement');
  await expect(reveal).toContainText('by Lawyer Petrova');
  await hidden();

  // Leaving the tab hid it again; Hide does too.
  await casePage.tab(/People/).click();
  await expect(casePage.identityPanels).toHaveCount(0);
  await hidden();
  await casePage.person('Witness W-1').getByRole('button', { name: 'Reveal identity…' }).click();
  await casePage.revealDialog.getByRole('button', { name: 'Reveal identity' }).click();
  await expect(casePage.identityPanels).toHaveCount(1);
  await casePage.identityPanels.getByRole('button', { name: 'Hide' }).click();
  await expect(casePage.identityPanels).toHaveCount(0);
  await expect(casePage.person('Witness W-1').getByRole('button', { name: 'Reveal identity…' })).toBeFocused();
  await hidden();
  expect(reveals()).toBe(2);
});

test('incidents: a date the core cannot read is explained; the rest appear in date order, also in the timeline', async ({ app }) => {
  const { page } = app;
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Lawyer Petrova');
  const vault = app.session.vault();
  const c = createCase(vault, { number: 'RLN-2018-014', title: 'Detention of W-1 in Grozny' });
  addPerson(vault, c.id, { pseudonym: 'Witness W-1', role: 'witness' });
  const casePage = new CasePage(page);
  await casePage.open(c.id, 'incidents');

  await casePage.addIncident.click();
  await expect(casePage.incidentDate).toBeFocused();
  await casePage.saveIncident.click();
  await expect(casePage.incidentDateError).toHaveText('Enter the date, as precisely as it is known.');
  await casePage.incidentDate.fill('sometime in the spring');
  await casePage.incidentPlace.fill('Grozny, Staropromyslovsky district');
  await casePage.saveIncident.click();
  await expect(casePage.incidentDateError).toContainText('The incident date must look like 2017, 2017-03, 2017-03-14 or 14.03.2017');
  await expect(casePage.incidentDate).toBeFocused();
  await expect(casePage.incidents).toHaveCount(0);
  await app.screenshot('case-incident-form');

  await casePage.incidentDate.fill('around 2018-07-20');
  await casePage.incidentDescription.fill('W-1 detained at the checkpoint and taken away in a van.');
  await page.locator('#incident-latitude').fill('43,3178');
  await page.locator('#incident-longitude').fill('45.6981');
  await page.getByRole('checkbox', { name: 'Witness W-1' }).check();
  await casePage.saveIncident.click();
  await expect(casePage.incidents).toHaveCount(1);
  await expect(casePage.incidents.first()).toContainText('approximate');
  await expect(casePage.incidents.first()).toContainText('Involved: Witness W-1');

  // An earlier incident, added later, is listed first.
  await casePage.addIncident.click();
  await casePage.incidentDate.fill('2017-03');
  await casePage.incidentPlace.fill('Grozny');
  await casePage.incidentDescription.fill('Search of the family home.');
  await casePage.saveIncident.click();
  await expect(casePage.incidents.getByTestId('incident-date')).toHaveText(['2017-03', 'around 2018-07-20']);
  await expect(casePage.tab(/Incidents/)).toContainText('2');

  // The timeline: the incidents by their dates, then the record's events (made today).
  await casePage.tab('Timeline').click();
  await expect(casePage.timelineEntries.first()).toContainText('2017-03');
  await expect(casePage.timelineEntries.nth(1)).toContainText('around 2018-07-20');
  await expect(casePage.timelineEntries.nth(0)).toHaveAttribute('data-kind', 'incident');
  await expect(casePage.timelineEntries.nth(2)).toHaveAttribute('data-kind', 'event');
  await expect(casePage.timelineEntries.nth(2)).toContainText('Case created');
  await expect(casePage.timelineEntries.filter({ hasText: 'Incident added' })).toHaveCount(2);
  await app.screenshot('case-timeline');

  // Arrow keys move between the tabs, and the URL follows.
  await casePage.tab('Timeline').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(casePage.tab(/Incidents/)).toBeFocused();
  await expect(casePage.tab(/Incidents/)).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(new RegExp(`#/cases/${c.id}/incidents$`));
  await page.keyboard.press('Home');
  await expect(casePage.tab('Overview')).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`#/cases/${c.id}/overview$`));
});

test('the case page in Russian, with a Cyrillic title and exhibits added from an import', async ({ app }) => {
  const { page } = app;
  const files = await photos(app);
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Адвокат Петрова');
  const vault = app.session.vault();
  const c = createCase(vault, { number: 'RLN-2018-014', title: 'Задержание свидетеля W-1 в Грозном', forum: 'Комитет ООН против пыток', openedOn: '2018-03-14' });
  addPerson(vault, c.id, { pseudonym: 'Свидетель W-1', role: 'witness', identity: { realName: 'Скрытое Имя' } });
  const frame = new AppFramePage(page);
  await frame.open('settings');
  await new SettingsPage(page).language.selectOption('ru');

  await frame.link('Импорт').click();
  const importer = new ImportPage(page);
  app.dialogs.importPaths = files;
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Завершён');
  const toCase = page.getByTestId('import-to-case');
  await expect(toCase.getByRole('heading')).toHaveText('Добавить импортированные материалы в дело');
  await app.screenshot('import-to-case-ru');
  await toCase.getByRole('button', { name: 'Добавить в это дело (3)' }).click();
  await expect(toCase.getByTestId('import-to-case-result')).toContainText('Добавлено в дело RLN-2018-014: 3, номера EX-001 – EX-003.');
  await toCase.getByRole('link', { name: 'Открыть приложения дела RLN-2018-014' }).click();

  const casePage = new CasePage(page);
  await expect(casePage.title).toHaveText('Задержание свидетеля W-1 в Грозном');
  await expect(page.getByTestId('case-status')).toHaveText('Открыто');
  await expect(casePage.tabs.getByRole('tab')).toHaveText(['Обзор', 'Приложения 3', 'Люди 1', 'Эпизоды 0', 'Хронология']);
  await expect(casePage.exhibitLabels).toHaveText(['EX-001', 'EX-002', 'EX-003']);
  await expect(casePage.exhibit('EX-001')).toContainText('Оригинал');
  await expect(casePage.exhibit('EX-001').getByRole('button', { name: 'Изменить EX-001' })).toBeVisible();
  await app.screenshot('case-ru');

  await casePage.tab('Обзор').click();
  await expect(casePage.panel).toContainText('Комитет ООН против пыток');
  await expect(casePage.panel).toContainText('14 мар. 2018');
  await expect(page.getByRole('link', { name: 'Экспортировать пакет для подачи' })).toHaveAttribute('href', `#/export/${c.id}`);
  await app.screenshot('case-overview-ru');
  await casePage.tab(/Люди/).click();
  await expect(casePage.person('Свидетель W-1')).toContainText('Личные данные записаны');
  expect(await page.content()).not.toContain('Скрытое Имя');
  await casePage.person('Свидетель W-1').getByRole('button', { name: 'Раскрыть личность…' }).click();
  await expect(casePage.revealDialog).toContainText('Убедитесь, что ваш экран никто не видит.');
  await app.screenshot('case-reveal-confirm-ru');
  await casePage.revealDialog.getByRole('button', { name: 'Отмена' }).click();
  await casePage.tab('Хронология').click();
  await expect(casePage.timelineEntries.filter({ hasText: 'Добавлен в дело' })).toHaveCount(3);
  await expect(casePage.timelineEntries.first()).toContainText('Дело создано');
  await app.screenshot('case-timeline-ru');
});

test('the item picker: newest first, found by name, items already in the case marked; chosen ones linked in order; removing one keeps the item', async ({ app }) => {
  const { page } = app;
  const files = await photos(app);
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Lawyer Petrova');
  const frame = new AppFramePage(page);
  const importer = new ImportPage(page);
  await frame.open('import');
  // One import each, so that "newest first" has one answer.
  for (const file of files) {
    app.dialogs.importPaths = [file];
    await importer.chooseFiles.click();
    await expect(importer.state).toHaveText('Finished');
    await expect(importer.result(path.basename(file))).toBeVisible();
  }
  const vault = app.session.vault();
  const c = createCase(vault, { number: 'RLN-2018-014', title: 'Detention of W-1 in Grozny' });
  const ids = Object.fromEntries(vault.store.listItems(0, 10).map((i) => [i.originalName, i.id]));
  linkItems(vault, c.id, [ids['IMG_0002.jpg']!]);

  const casePage = new CasePage(page);
  await casePage.open(c.id, 'exhibits');
  await expect(casePage.exhibitLabels).toHaveText(['EX-001']);
  await casePage.addItems.click();
  const picker = casePage.picker;
  const rows = picker.getByTestId('picker-row');
  await expect(picker.getByTestId('picker-status')).toHaveText('3 items in the vault, newest first');
  await expect(rows.locator('label')).toHaveText(['IMG_0003.jpg', 'IMG_0002.jpg', 'IMG_0001.jpg']);
  await expect(picker.getByRole('checkbox', { name: 'IMG_0002.jpg' })).toBeDisabled();
  await expect(rows.nth(1)).toContainText('Already EX-001 in this case');
  await expect(page.locator('#picker-filter')).toBeFocused();

  // Found by name; ticked; the filter cleared; another ticked with the keyboard.
  await page.locator('#picker-filter').fill('IMG_0001');
  await expect(rows.locator('label')).toHaveText(['IMG_0001.jpg']);
  await picker.getByRole('checkbox', { name: 'IMG_0001.jpg' }).check();
  await page.locator('#picker-filter').fill('');
  await expect(rows).toHaveCount(3);
  await picker.getByRole('checkbox', { name: 'IMG_0003.jpg' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(picker.getByRole('checkbox', { name: 'IMG_0002.jpg' })).toBeFocused();
  await expect(picker.getByTestId('picker-chosen')).toHaveText('Chosen: 2');
  await app.screenshot('case-item-picker');
  await picker.getByRole('button', { name: 'Add 2 to the case' }).click();
  await expect(picker).toHaveCount(0);
  await expect(casePage.exhibitsNotice).toHaveText('Added as EX-002 – EX-003.');
  // In the order they were ticked.
  await expect(casePage.exhibitRows.getByTestId('exhibit-name')).toHaveText(['IMG_0002.jpg', 'IMG_0001.jpg', 'IMG_0003.jpg']);
  await expect(casePage.tab(/Exhibits/)).toContainText('3');

  // Removing asks, then the item leaves the case but not the vault.
  await casePage.exhibit('EX-002').getByRole('button', { name: 'Remove EX-002 from the case' }).click();
  await casePage.unlinkDialog.getByRole('button', { name: 'Remove from the case' }).click();
  await expect(casePage.exhibitLabels).toHaveText(['EX-001', 'EX-003']);
  await expect(casePage.exhibitsNotice).toHaveText('EX-002 was removed from the case. The item is still in the vault.');
  // Focus goes to the row that took its place.
  await expect(casePage.exhibit('EX-003')).toBeFocused();
  expect(vault.store.getItem(ids['IMG_0001.jpg']!)).toBeTruthy();
  await expect(casePage.tab(/Exhibits/)).toContainText('2');
});

test('the overview: details edited with the same checks, tags and timestamped notes on the case', async ({ app }) => {
  const { page } = app;
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Lawyer Petrova');
  const vault = app.session.vault();
  createCase(vault, { number: 'RLN-2017-003', title: 'Search of the family home' });
  const c = createCase(vault, { number: 'RLN-2018-014', title: 'Detention of W-1 in Grozny' });
  const casePage = new CasePage(page);
  await casePage.open(c.id);
  await expect(casePage.tab('Overview')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('case-fact-forum')).toHaveText('Not given');

  await casePage.edit.click();
  const form = casePage.editForm;
  await expect(form.field('number')).toBeFocused();
  await form.fill({ number: 'RLN-2017-003', forum: 'UN Committee against Torture', exhibitPattern: 'EX-{n:03}-{n}' });
  await form.field('status').selectOption('filed');
  await form.field('filedOn').fill('2019-02-01');
  await form.submit.click();
  await expect(form.error('exhibitPattern')).toHaveText('The pattern must contain the exhibit number once, as {n} or {n:03}.');
  await form.fill({ exhibitPattern: 'Annex {n}' });
  await form.submit.click();
  await expect(form.error('number')).toHaveText('A case with this number already exists.');
  await form.fill({ number: 'RLN-2018-014' });
  await form.submit.click();
  await expect(form.form).toHaveCount(0);
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(casePage.edit).toBeFocused();
  await expect(page.getByTestId('case-status')).toHaveText(['Filed', 'Filed']);
  await expect(page.getByTestId('case-fact-forum')).toHaveText('UN Committee against Torture');
  await expect(page.getByTestId('case-fact-filedOn')).toHaveText('Feb 1, 2019');
  await expect(page.getByTestId('case-fact-exhibitPattern')).toHaveText('Annex {n}');
  await expect(page.getByTestId('case-fact-number')).toHaveText('RLN-2018-014');

  await page.locator('#case-annotations-tag').fill('UN CAT');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await page.locator('#case-annotations-tag').fill('urgent');
  await page.locator('#case-annotations-tag').press('Enter');
  await expect(page.getByTestId('tag').locator('.tag-text')).toHaveText(['UN CAT', 'urgent']);
  await page.getByRole('button', { name: 'Remove tag urgent' }).click();
  await expect(page.getByTestId('tag').locator('.tag-text')).toHaveText(['UN CAT']);
  await expect(page.getByRole('button', { name: 'Remove tag UN CAT' })).toBeFocused();
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('#case-annotations-note-error')).toHaveText('Write the note first.');
  await page.locator('#case-annotations-note').fill('Communication registered by the Committee as No. 1234/2019.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('note')).toHaveCount(1);
  await expect(page.getByTestId('note')).toContainText('Lawyer Petrova');
  await app.screenshot('case-overview');

  // Kept in the vault: they are there after a reload, and each change is on the case's record.
  await page.reload();
  await expect(page.getByTestId('tag').locator('.tag-text')).toHaveText(['UN CAT']);
  await expect(page.getByTestId('note')).toContainText('Communication registered by the Committee as No. 1234/2019.');
  await casePage.tab('Timeline').click();
  await expect(casePage.timelineEntries.filter({ hasText: 'Case details changed' })).toContainText('Forum, Status, Filed on, Exhibit label pattern');
  await expect(casePage.timelineEntries.filter({ hasText: 'Note added' })).toHaveCount(1);
});

test('5,000 exhibits: the table keeps a small window of rows, jumps to the end, and moves the last one by keyboard', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Lawyer Petrova');
  const vault = app.session.vault();
  // Rows straight into the database (no content files: only the table is under test).
  const ids = insertBulkItems(vault, 5000, { first: 1, digits: 4 });
  const c = createCase(vault, { number: 'RLN-2018-014', title: 'Detention of W-1 in Grozny' });
  linkItems(vault, c.id, ids);

  const casePage = new CasePage(page);
  await casePage.open(c.id, 'exhibits');
  await expect(page.getByTestId('exhibits-total')).toHaveText('5,000 in this case, in filing order');
  await expect(casePage.exhibit('EX-001')).toBeVisible();
  expect(await casePage.exhibitRows.count()).toBeLessThan(60);

  await casePage.exhibitRows.first().focus();
  await page.keyboard.press('End');
  await expect(casePage.exhibit('EX-5000')).toBeFocused();
  await expect(casePage.exhibit('EX-5000').getByTestId('exhibit-position')).toHaveText('5,000');
  expect(await casePage.exhibitRows.count()).toBeLessThan(60);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(casePage.exhibit('EX-5000').getByTestId('exhibit-position')).toHaveText('4,999');
  await expect(casePage.exhibit('EX-5000')).toBeFocused();
  await expect(casePage.exhibit('EX-4999').getByTestId('exhibit-position')).toHaveText('5,000');
  expect(listedPosition(vault, c.id, ids[4999]!)).toBe(4999);

  // The timeline holds the 5,000 link events and the move, a window at a time.
  await casePage.tab('Timeline').click();
  await expect(page.getByRole('button', { name: /Record events/ })).toContainText('5,002');
  expect(await casePage.timelineEntries.count()).toBeLessThan(60);
  // The picker lists the vault newest first.
  await casePage.tab(/Exhibits/).click();
  await casePage.addItems.click();
  await expect(casePage.picker.getByTestId('picker-row').first()).toContainText('scan-5000.pdf');
  await expect(casePage.picker.getByTestId('picker-row').first()).toContainText('Already EX-5000 in this case');
});

function listedPosition(vault: ReturnType<AppFixture['session']['vault']>, caseId: string, itemId: string): number | undefined {
  return vault.store.cases.listExhibits(caseId, 0, 5000).find((e) => e.itemId === itemId)?.position;
}
