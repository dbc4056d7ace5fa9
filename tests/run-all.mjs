#!/usr/bin/env node
// `npm test`: type-check, lint (with the layer rules), vitest, the browser suite in Chromium and the
// Electron suite, then one summary. Every step runs even after a failure, so one run shows all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(title, command, args) {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status === 0;
}

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(full) : st.mtimeMs);
  }
  return newest;
}

/** The browser suite loads out/renderer; build it when missing or older than the sources. */
function bundlesAreFresh() {
  const marker = path.join(root, 'out/renderer/index.html');
  if (!existsSync(marker)) return false;
  const sources = ['src-main', 'src-preload', 'src-renderer', 'src-shared'].map((d) => newestMtime(path.join(root, d)));
  return statSync(marker).mtimeMs >= Math.max(...sources);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function countPlaywright(report) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const status = t.status === 'expected' ? 'passed' : t.status === 'skipped' ? 'skipped' : 'failed';
        counts[status]++;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return counts;
}

rmSync(results, { recursive: true, force: true });
mkdirSync(path.join(results, 'screenshots'), { recursive: true });

const steps = [];
steps.push(['typecheck', run('Type-check', 'npm', ['run', '--silent', 'typecheck'])]);
steps.push(['lint', run('Lint (including layer rules)', npx, ['eslint', '--max-warnings', '0', '.'])]);

// The official SQLCipher 4 library, built once into .tools/, reads vault databases independently
// of the library the app uses (tests/unit/db-open.test.ts). Without gcc/OpenSSL headers that test skips.
const sqlcipher4 = path.join(root, '.tools/sqlcipher4');
if (!existsSync(sqlcipher4)) {
  process.stdout.write('\n=== Building the official SQLCipher 4 reader for the tests (once)\n');
  const built = spawnSync('bash', ['tests/tools/build-sqlcipher4.sh', sqlcipher4], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.stdout.write('Could not build it (needs gcc and libssl-dev): the SQLCipher 4 shell test will be skipped.\n');
}
if (existsSync(sqlcipher4)) process.env.SQLCIPHER4_SHELL = sqlcipher4;

const vitestJson = path.join(results, 'vitest-results.json');
steps.push(['vitest', run('Unit and CLI tests (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])]);

let built = bundlesAreFresh();
if (!built) built = run('Build (electron-vite)', npx, ['electron-vite', 'build']);
steps.push(['build', built]);

steps.push(['browser', built && run('Browser suite (Playwright + Chromium)', npx, ['playwright', 'test', '--config', 'tests/e2e/playwright.config.ts'])]);
steps.push(['electron', built && run('Electron suite (Playwright _electron)', npx, ['playwright', 'test', '--config', 'tests/electron/playwright.config.ts'])]);

const vitest = readJson(vitestJson);
const e2e = countPlaywright(readJson(path.join(results, 'e2e-results.json')));
const el = countPlaywright(readJson(path.join(results, 'electron-results.json')));
const passed = (vitest?.numPassedTests ?? 0) + e2e.passed + el.passed;
// A test file that fails to load counts as a failure too.
const failed = (vitest?.numFailedTests ?? 0) + (vitest?.numFailedTestSuites ?? 0) + e2e.failed + el.failed;
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + e2e.skipped + el.skipped;

process.stdout.write('\n=== Summary\n');
for (const [name, ok] of steps) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}\n`);
if (el.skipped > 0 && el.passed === 0) {
  process.stdout.write('Electron suite skipped: no Electron binary on this machine (it cannot be downloaded here); it runs where one is installed.\n');
}
const allOk = steps.every(([, ok]) => ok);
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(allOk && failed === 0 ? 0 : 1);
