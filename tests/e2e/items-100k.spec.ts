/**
 * The items list at 100,000 items. The rows are written straight into the vault's database (no
 * content files: only the list is under test), then the list must open, jump and scroll while
 * keeping a small window of rows in the DOM and fetching only the pages it shows.
 */
import path from 'node:path';
import { insertBulkItems } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ItemsPage } from './pages/ItemsPage.ts';

const PASSPHRASE = 'kettle orbit saffron glacier';
const COUNT = 100_000;
test('100,000 items: the list opens, jumps to the end and scrolls with a small window of rows', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE);
  insertBulkItems(app.session.vault(), COUNT, { first: 0, digits: 6 });

  const frame = new AppFramePage(page);
  const items = new ItemsPage(page);
  await frame.open('items');
  await expect(items.total).toHaveText('100,000 in the vault');
  await expect(items.row('scan-000000.pdf')).toBeVisible();
  expect(await items.rows.count()).toBeLessThan(60);

  // Keyboard: End goes to the last item, fetched on demand.
  await items.grid.focus();
  const started = Date.now();
  await page.keyboard.press('End');
  await expect(items.row('scan-099999.pdf')).toBeVisible();
  const jumpMs = Date.now() - started;
  expect(jumpMs, 'jump to the end').toBeLessThan(3000);
  expect(await items.rows.count()).toBeLessThan(60);

  // Dragging the scrollbar to the middle shows the rows there.
  await items.scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect(items.rows.filter({ hasText: /scan-0(49|50)\d{3}\.pdf/ }).first()).toBeVisible();
  await expect(items.rows.filter({ hasText: 'Loading' })).toHaveCount(0);
  expect(await items.rows.count()).toBeLessThan(60);

  // A burst of wheel scrolling keeps up: every row on screen ends up loaded.
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 2000);
  await items.scroller.hover();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 2000);
  await expect(items.rows.filter({ hasText: 'Loading' })).toHaveCount(0);
  expect(await items.rows.count()).toBeLessThan(60);
});
