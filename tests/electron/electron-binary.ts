import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The path of the Electron binary, or null with the reason it cannot run here. */
export function findElectronBinary(): { path: string } | { path: null; reason: string } {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary)) return { path: binary };
    return { path: null, reason: 'the electron package resolved to no binary' };
  } catch {
    return { path: null, reason: 'the Electron binary is not installed (downloads are impossible on this machine)' };
  }
}
