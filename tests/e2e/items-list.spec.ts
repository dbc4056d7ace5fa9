/** The items list over many items: a window of rows in the DOM, pages fetched as they scroll in. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ingestPaths } from '../../src-main/core/index.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ItemDetailPage } from './pages/ItemDetailPage.ts';
import { ItemsPage } from './pages/ItemsPage.ts';

const PASSPHRASE = 'kettle orbit saffron glacier';
const COUNT = 300;

test('300 items scroll as a window of rows, by mouse and by keyboard', async ({ app }) => {
  const { page } = app;
  const many = path.join(app.workDir, 'many');
  await mkdir(many);
  const name = (i: number) => `report-${String(i).padStart(3, '0')}.txt`;
  await Promise.all(Array.from({ length: COUNT }, (_, i) => writeFile(path.join(many, name(i)), `Report ${i}: unique content ${i * 7919}\n`)));
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE);
  const outcomes = await ingestPaths(app.session.vault(), [many], { concurrency: 4 });
  expect(outcomes.filter((o) => o.status === 'ingested')).toHaveLength(COUNT);

  const frame = new AppFramePage(page);
  const items = new ItemsPage(page);
  await frame.open('items');
  await expect(items.total).toHaveText('300 in the vault');
  await expect(items.rows.first()).toContainText(/report-\d{3}\.txt/);
  const windowed = await items.rows.count();
  expect(windowed).toBeGreaterThan(5);
  expect(windowed).toBeLessThan(60);
  await expect(items.grid).toHaveAttribute('aria-rowcount', String(COUNT + 1));
  await app.screenshot('items-list-many');

  // Scrolling to the end loads the second page (rows 200–299) and still keeps only a window.
  await items.scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.locator(`#item-row-${COUNT - 1}`)).toContainText(/report-\d{3}\.txt/);
  await expect(page.locator('#item-row-0')).toHaveCount(0);
  expect(await items.rows.count()).toBeLessThan(60);
  await expect(items.rows.filter({ hasText: 'Loading' })).toHaveCount(0);

  // Keyboard: Home, down twice, Page Down, End, up, Enter opens the active row.
  await items.grid.focus();
  await page.keyboard.press('Home');
  await expect(page.locator('#item-row-0')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(items.activeRow()).toHaveAttribute('aria-rowindex', '4');
  await page.keyboard.press('PageDown');
  const afterPageDown = Number(await items.activeRow().getAttribute('aria-rowindex'));
  expect(afterPageDown).toBeGreaterThan(8);
  await page.keyboard.press('End');
  await expect(items.activeRow()).toHaveAttribute('aria-rowindex', String(COUNT + 1));
  await page.keyboard.press('ArrowUp');
  const chosen = (await items.activeRow().locator('.cell-name').textContent())!;
  await page.keyboard.press('Enter');
  await expect(frame.heading()).toHaveText(chosen);
  await expect(new ItemDetailPage(page).fact('type')).toHaveText('text/plain');

  // Back to the list: the place in it is kept.
  await new ItemDetailPage(page).back.click();
  await expect(items.activeRow()).toHaveAttribute('aria-rowindex', String(COUNT));
  await expect(items.activeRow()).toBeInViewport();
});
