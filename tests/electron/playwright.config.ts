import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  tsconfig: '../e2e/tsconfig.runtime.json',
  outputDir: '../../test-results/electron',
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '../../test-results/electron-results.json' }]],
});
