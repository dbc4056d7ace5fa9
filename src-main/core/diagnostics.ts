/**
 * Reports the versions the core really runs with: each value is read from a live component
 * (a freshly keyed database file, a running exiftool process), never from package.json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostics } from '../../src-shared/types/diagnostics.ts';
import { encryptionSelfTest, sqliteVersions } from './db/self-test.ts';
import { exiftoolVersion } from './metadata/exiftool.ts';

export interface HostVersions {
  appVersion: string;
  electronVersion: string | null;
  chromeVersion: string | null;
}

export async function getDiagnostics(host: HostVersions): Promise<Diagnostics> {
  const versions = sqliteVersions();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ev-diag-'));
  let selfTest: Diagnostics['encryptionSelfTest'];
  try {
    selfTest = encryptionSelfTest(path.join(dir, 'probe.db')) ? 'passed' : 'failed';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  let exiftool: string | null;
  try {
    exiftool = await exiftoolVersion();
  } catch {
    exiftool = null;
  }
  return {
    app: host.appVersion,
    node: process.versions.node,
    electron: host.electronVersion,
    chrome: host.chromeVersion,
    platform: process.platform,
    arch: process.arch,
    sqlite: versions.sqlite,
    sqlcipher: versions.cipher,
    encryptionSelfTest: selfTest,
    exiftool,
  };
}
