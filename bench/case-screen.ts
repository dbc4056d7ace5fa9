/**
 * The case page as a person sees it: the built renderer in Debian's Chromium, talking to the real
 * core through the browser suite's bridge, on the bench's vault. Measures from the moment the
 * address changes to the case's exhibits tab until its first exhibit row is on screen, and, as the
 * reference in the same page, the same for the items list's first row (another virtualized screen
 * over the same vault).
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { createHandlers } from '../src-main/api/handlers.ts';
import { AppSession } from '../src-main/api/session.ts';
import { attachBridge, emitTo, RENDERER_DIR } from '../tests/e2e/bridge.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ORIGIN } from '../tests/e2e/chromium.ts';

type PageGlobal = { location: { hash: string } };

export type ScreenTimes = { caseScreen: number[]; itemsScreen: number[]; caseCall: number[] };

/** Null (with the reason) where the renderer was not built or there is no Chromium. */
export async function measureCaseScreen(folder: string, passphrase: string, caseId: string, firstLabel: string, rounds: number): Promise<ScreenTimes | string> {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) return 'the renderer is not built (npm run build)';
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  const session = new AppSession({ emit: emitTo(page) });
  try {
    const handlers = createHandlers(
      { appVersion: 'bench', electronVersion: null, chromeVersion: null, chooseFolder: async () => null, chooseImportPaths: async () => [], chooseSavePath: async () => null, chooseKeyFile: async () => null },
      session,
    );
    await attachBridge(page, handlers, folder);
    await session.unlock(folder, passphrase);
    await page.goto(`${ORIGIN}/#/about`);
    const caseRow = page.getByText(firstLabel, { exact: true }).first();
    const itemRow = page.locator('[data-testid="items-grid"] [role="row"][aria-rowindex="2"]');
    const times: ScreenTimes = { caseScreen: [], itemsScreen: [], caseCall: [] };
    // One untimed round each: the first visit loads code and warms the database pages.
    for (let i = -1; i < rounds; i++) {
      const gone = () => Promise.all([caseRow.waitFor({ state: 'detached' }), itemRow.waitFor({ state: 'detached' })]);
      const caseTime = await timeTo(page, `#/cases/${caseId}/exhibits`, gone, () => caseRow.waitFor());
      const itemsTime = await timeTo(page, '#/items', gone, () => itemRow.waitFor());
      // The screen's one request on its own, timed in the page: what the bridge and the core take of the total.
      const callTime = await page.evaluate(async (id) => {
        const api = (globalThis as unknown as { evidenceVault: { invoke(c: string, r: unknown): Promise<unknown> } }).evidenceVault;
        const t0 = performance.now();
        await api.invoke('cases:get', { caseId: id });
        return performance.now() - t0;
      }, caseId);
      if (i >= 0) {
        times.caseScreen.push(caseTime);
        times.itemsScreen.push(itemsTime);
        times.caseCall.push(callTime);
      }
    }
    return times;
  } finally {
    await session.lock();
    await browser.close();
  }
}

/** Leaves for a neutral screen (until nothing measured is left on screen), then times setting the address until `shown`. */
async function timeTo(page: Page, hash: string, gone: () => Promise<unknown>, shown: () => Promise<void>): Promise<number> {
  // Page-side code names the page's global as globalThis: the bench type-checks without the DOM library.
  await page.evaluate(() => ((globalThis as unknown as PageGlobal).location.hash = '#/about'));
  await gone();
  const t0 = performance.now();
  await page.evaluate((h) => ((globalThis as unknown as PageGlobal).location.hash = h), hash);
  await shown();
  return performance.now() - t0;
}
