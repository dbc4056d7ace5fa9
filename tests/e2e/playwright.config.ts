import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ORIGIN } from './chromium.ts';

/**
 * The renderer, built by electron-vite, runs in Debian's Chromium; a test bridge installs the same
 * API object the preload would and forwards every call to the real core in this test process.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  tsconfig: './tsconfig.runtime.json',
  outputDir: '../../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e-results.json' }]],
  use: {
    baseURL: `${ORIGIN}/`,
    viewport: { width: 1280, height: 820 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
