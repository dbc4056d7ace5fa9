import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/cli/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Argon2id at 64 MiB and exiftool processes are heavy; two cores here.
    maxWorkers: 2,
  },
});
