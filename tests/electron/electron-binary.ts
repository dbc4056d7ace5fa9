import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The path of the Electron binary, or null with the reason it cannot run here. Looks the way the
 * electron package does, without calling it: requiring it starts a download when the binary is absent.
 */
export function findElectronBinary(): { path: string } | { path: null; reason: string } {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, reason: 'the Electron binary was not downloaded (no network access to its release host on this machine)' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(packageDir, 'dist');
  const binary = path.join(dist, relative);
  return existsSync(binary) ? { path: binary } : { path: null, reason: `the Electron binary is missing at ${binary}` };
}
