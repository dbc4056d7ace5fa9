/** `verify <path>`: a bag folder (or its bagit.txt), or a checksum file with the files beside it. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UnusableInput } from './report.ts';
import type { VerifyReport } from './report.ts';
import { isBag, verifyBag } from './verify-bag.ts';
import type { VerifyOptions } from './verify-bag.ts';
import { verifyChecksumFile } from './verify-checksums.ts';

export async function verifyPath(target: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const s = await stat(target).catch(() => null);
  if (!s) throw new UnusableInput('Nothing to verify: the path does not exist.');
  if (options.keyFile && !(await stat(options.keyFile).catch(() => null))) throw new UnusableInput('The key file given with --key does not exist.');
  if (s.isDirectory()) {
    if (!(await isBag(target))) throw new UnusableInput('Not a bag: the folder has no bagit.txt (give a checksum file to check plain files).');
    return verifyBag(target, options);
  }
  if (path.basename(target) === 'bagit.txt') return verifyBag(path.dirname(target), options);
  return verifyChecksumFile(target, options);
}
