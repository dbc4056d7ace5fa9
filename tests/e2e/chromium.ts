/** Where the browser suite serves the renderer, and how it starts Debian's Chromium. Plain data: the Playwright config loads it. */
export const ORIGIN = 'http://evidence-vault.test';
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The test origin must count as secure, as app:// does, or APIs such as navigator.clipboard are missing. */
export const CHROMIUM_ARGS = [
  `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
