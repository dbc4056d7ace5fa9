import { defineConfig } from '@playwright/test';

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
    baseURL: 'http://evidence-vault.test/',
    viewport: { width: 1280, height: 820 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      // The app runs from app://, which the shell registers as a secure scheme; the test origin has
      // to be secure too, or APIs such as navigator.clipboard do not exist in the page.
      args: ['--unsafely-treat-insecure-origin-as-secure=http://evidence-vault.test', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
