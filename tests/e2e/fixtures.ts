/**
 * Each test gets a page running the built renderer against the real core: a fresh temp folder for
 * vaults, the real handler table, the same dispatch (schema validation, error mapping) as main.
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../src-main/api/dispatch.ts';
import { createHandlers } from '../../src-main/api/handlers.ts';
import { AppSession } from '../../src-main/api/session.ts';
import { KDF_PARAMS_FOR_TESTS } from '../../src-main/core/index.ts';

const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
const ORIGIN = 'http://evidence-vault.test';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

/** Runs in the page before any app script: the same shape the preload exposes. */
function installBridge() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const w = window as unknown as Record<string, unknown>;
  const invoke = w['__evidenceVaultInvoke'] as (c: string, r: unknown) => Promise<unknown>;
  w['evidenceVault'] = Object.freeze({
    invoke: (channel: string, request: unknown) => invoke(channel, request),
    on: (event: string, listener: (payload: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
    // Browsers hide the paths of dropped files; tests drop files whose names are paths below workDir.
    pathForFile: (file: File) => (w['__evidenceVaultDropRoot'] as string) + '/' + file.name,
  });
  w['__evidenceVaultEmit'] = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
}

export interface AppFixture {
  page: Page;
  /** A fresh temp folder for this test (vaults, files to import); removed afterwards. */
  workDir: string;
  session: AppSession;
  /** What the native pickers "choose" next. */
  dialogs: { folder: string | null; importPaths: string[]; savePath: string | null };
  screenshot(name: string): Promise<string>;
}

export const test = base.extend<{ app: AppFixture }>({
  app: async ({ page }, use, testInfo) => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'ev-e2e-'));
    const dialogs: AppFixture['dialogs'] = { folder: null, importPaths: [], savePath: null };
    const session = new AppSession({
      kdf: KDF_PARAMS_FOR_TESTS,
      emit: (event, payload) => {
        void page.evaluate(([e, p]) => (window as unknown as { __evidenceVaultEmit(e: unknown, p: unknown): void }).__evidenceVaultEmit(e, p), [event, payload] as const).catch(() => undefined);
      },
    });
    const handlers = createHandlers(
      {
        appVersion: '0.1.0',
        electronVersion: null,
        chromeVersion: null,
        chooseFolder: async () => dialogs.folder,
        chooseImportPaths: async () => dialogs.importPaths,
        chooseSavePath: async () => dialogs.savePath,
      },
      session,
    );
    await page.addInitScript((root) => {
      (window as unknown as Record<string, unknown>)['__evidenceVaultDropRoot'] = root;
    }, workDir);
    await page.exposeBinding('__evidenceVaultInvoke', (_source, channel: unknown, request: unknown) => dispatch(handlers, channel, request));
    await page.addInitScript(installBridge);
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = path.resolve(RENDERER_DIR, rel);
      if (!file.startsWith(RENDERER_DIR + path.sep)) return route.fulfill({ status: 404 });
      try {
        const body = await readFile(file);
        await route.fulfill({ status: 200, body, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
      } catch {
        await route.fulfill({ status: 404 });
      }
    });
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
