/**
 * Serves the built renderer to a Chromium page and installs the same API object the preload would,
 * forwarding every call through the real dispatch (schema validation, error mapping) to a real
 * handler table and session in this Node process. Used by the browser suite's fixture and by the
 * case-screen benchmark.
 */
import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dispatch } from '../../src-main/api/dispatch.ts';
import type { Handlers } from '../../src-main/api/handlers.ts';
import type { Emit } from '../../src-main/api/session.ts';
import { ORIGIN } from './chromium.ts';

export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

/**
 * Runs in the page before any app script: the same shape the preload exposes. Page-side code names
 * the page's global as `globalThis`, so this module also type-checks where there is no DOM (the bench).
 */
function installBridge() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const w = globalThis as unknown as Record<string, unknown>;
  const invoke = w['__evidenceVaultInvoke'] as (c: string, r: unknown) => Promise<unknown>;
  w['evidenceVault'] = Object.freeze({
    invoke: (channel: string, request: unknown) => invoke(channel, request),
    on: (event: string, listener: (payload: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
    // Browsers hide the paths of dropped files; tests drop files whose names are paths below workDir.
    pathForFile: (file: { name: string }) => (w['__evidenceVaultDropRoot'] as string) + '/' + file.name,
  });
  w['__evidenceVaultEmit'] = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
}

/** Session events go to the page's listeners. */
export function emitTo(page: Page): Emit {
  return (event, payload) => {
    void page.evaluate(([e, p]) => (globalThis as unknown as { __evidenceVaultEmit(e: unknown, p: unknown): void }).__evidenceVaultEmit(e, p), [event, payload] as const).catch(() => undefined);
  };
}

export async function attachBridge(page: Page, handlers: Handlers, dropRoot: string): Promise<void> {
  await page.addInitScript((root) => {
    (globalThis as unknown as Record<string, unknown>)['__evidenceVaultDropRoot'] = root;
  }, dropRoot);
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
}
