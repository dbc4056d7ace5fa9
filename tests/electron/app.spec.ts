/**
 * Launches the real app (the production bundles in out/) where an Electron binary exists.
 * Elsewhere every test here reports itself skipped, with the reason.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const binary = findElectronBinary();
test.skip(binary.path === null, `Electron suite skipped: ${binary.path === null ? binary.reason : ''}`);

let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  app = await electron.launch({
    executablePath: binary.path ?? undefined,
    args: [path.resolve(import.meta.dirname, '../../out/main/index.js')],
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
});

test('loads the renderer from app:// with no Node or Electron in the page', async () => {
  expect(new URL(page.url()).protocol).toBe('app:');
  const exposed = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    api: Object.keys((window as unknown as { evidenceVault: object }).evidenceVault).sort(),
  }));
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'on', 'pathForFile'] });
});

test('the window is sandboxed and isolated', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const wc = BrowserWindow.getAllWindows()[0]!.webContents;
    return (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
  });
  expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
});

test('diagnostics over real IPC report the Electron version', async () => {
  await page.goto('app://evidence-vault/index.html#/about');
  const electronVersion = await app.evaluate(() => process.versions.electron);
  await expect(page.getByTestId('diag-electron')).toHaveText(electronVersion);
  await expect(page.getByTestId('diag-encryption')).toHaveText('passed');
  await mkdir(path.resolve(import.meta.dirname, '../../test-results/screenshots'), { recursive: true });
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../../test-results/screenshots/electron-about.png') });
});

test('navigation away from the app and new windows are refused', async () => {
  const before = page.url();
  await page.evaluate(() => {
    window.location.href = 'https://example.org/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  const opened = await page.evaluate(() => window.open('https://example.org/') === null);
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
});

test('permission requests are denied, except writing to the clipboard', async () => {
  const geolocation = await page.evaluate(async () => (await navigator.permissions.query({ name: 'geolocation' })).state);
  expect(geolocation).not.toBe('granted');
  const wrote = await page.evaluate(async () => {
    try {
      await navigator.clipboard.writeText('evidence-vault-test');
      return true;
    } catch {
      return false;
    }
  });
  expect(wrote).toBe(true);
});
