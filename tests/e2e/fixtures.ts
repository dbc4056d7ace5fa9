/**
 * Each test gets a page running the built renderer against the real core: a fresh temp folder for
 * vaults, the real handler table, the same dispatch (schema validation, error mapping) as main.
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHandlers } from '../../src-main/api/handlers.ts';
import { AppSession } from '../../src-main/api/session.ts';
import { KDF_PARAMS_FOR_TESTS } from '../../src-main/core/index.ts';
import { attachBridge, emitTo } from './bridge.ts';

export interface AppFixture {
  page: Page;
  /** A fresh temp folder for this test (vaults, files to import); removed afterwards. */
  workDir: string;
  session: AppSession;
  /** What the native pickers "choose" next. */
  dialogs: { folder: string | null; importPaths: string[]; savePath: string | null; keyFile: string | null };
  screenshot(name: string): Promise<string>;
}

export const test = base.extend<{ app: AppFixture }>({
  app: async ({ page }, use, testInfo) => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'ev-e2e-'));
    const dialogs: AppFixture['dialogs'] = { folder: null, importPaths: [], savePath: null, keyFile: null };
    const session = new AppSession({ kdf: KDF_PARAMS_FOR_TESTS, emit: emitTo(page) });
    const handlers = createHandlers(
      {
        appVersion: '0.1.0',
        electronVersion: null,
        chromeVersion: null,
        chooseFolder: async () => dialogs.folder,
        chooseImportPaths: async () => dialogs.importPaths,
        chooseSavePath: async () => dialogs.savePath,
        chooseKeyFile: async () => dialogs.keyFile,
      },
      session,
    );
    await attachBridge(page, handlers, workDir);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    const screenshot = async (name: string) => {
      const file = path.resolve(import.meta.dirname, '../../test-results/screenshots', `${name}.png`);
      // From the top: a page scrolled by focus would otherwise leave the sticky sidebar mid-image.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
      return file;
    };
    await use({ page, workDir, session, dialogs, screenshot });
    await session.lock();
    await rm(workDir, { recursive: true, force: true });
    expect(errors, 'the page logged errors').toEqual([]);
  },
});

export { expect };
