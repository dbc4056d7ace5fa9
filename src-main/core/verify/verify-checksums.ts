/**
 * Checks a plain checksum file against the files beside it: GNU coreutils lines (`hex  path`,
 * `hex *path`, and the `\`-escaped form for names holding a backslash or newline) and BSD / `--tag`
 * lines (`SHA256 (path) = hex`). The algorithm of a GNU line follows from its length.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from './hash-file.ts';
import { countStatuses, SUPPORTED_ALGORITHMS, unsafePathReason, UnusableInput } from './report.ts';
import type { FileCheck, VerifyReport } from './report.ts';
import type { VerifyOptions } from './verify-bag.ts';

type Entry = { path: string; alg: string; hex: string };

const BY_LENGTH = new Map(Object.entries(SUPPORTED_ALGORITHMS).map(([alg, len]) => [len, alg]));

function unescapeGnu(name: string): string {
  return name.replace(/\\(\\|n|r)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}

export function parseChecksumFile(text: string, problems: string[], file: string): Entry[] {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const rows = text.replace(/^\uFEFF/, '').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  rows.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file} line ${i + 1}`;
    let entry: Entry;
    const bsd = /^\\?([A-Za-z0-9-]+) \((.*)\) = ([0-9A-Fa-f]+)$/.exec(line);
    const gnu = /^(\\?)([0-9A-Fa-f]+) [ *](.+)$/.exec(line);
    if (bsd) {
      const alg = bsd[1]!.toLowerCase().replace(/-/g, '');
      if (!(alg in SUPPORTED_ALGORITHMS)) {
        problems.push(`${where}: unknown checksum algorithm "${bsd[1]}".`);
        return;
      }
      if (bsd[3]!.length !== SUPPORTED_ALGORITHMS[alg]) {
        problems.push(`${where}: the checksum has the wrong length for ${alg} (truncated or malformed line).`);
        return;
      }
      entry = { path: line.startsWith('\\') ? unescapeGnu(bsd[2]!) : bsd[2]!, alg, hex: bsd[3]!.toLowerCase() };
    } else if (gnu) {
      const alg = BY_LENGTH.get(gnu[2]!.length);
      if (!alg) {
        problems.push(`${where}: a checksum of ${gnu[2]!.length} hex digits matches no known algorithm (truncated or malformed line).`);
        return;
      }
      entry = { path: gnu[1] ? unescapeGnu(gnu[3]!) : gnu[3]!, alg, hex: gnu[2]!.toLowerCase() };
    } else {
      problems.push(`${where}: neither "<hex>  <file>" nor "ALG (<file>) = <hex>" (truncated or malformed line).`);
      return;
    }
    const unsafe = unsafePathReason(entry.path.replace(/^\.\//, ''));
    if (unsafe) {
      problems.push(`${where}: ${unsafe}; entry refused.`);
      return;
    }
    entry.path = entry.path.replace(/^\.\//, '');
    const key = `${entry.alg}:${entry.path.normalize('NFC')}`;
    if (seen.has(key)) {
      problems.push(`${where}: ${JSON.stringify(entry.path)} is listed more than once.`);
      return;
    }
    seen.add(key);
    entries.push(entry);
  });
  return entries;
}

export async function verifyChecksumFile(file: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UnusableInput('The checksum file cannot be read.');
  });
  const problems: string[] = [];
  const base = path.dirname(file);
  const entries = parseChecksumFile(text, problems, path.basename(file));
  if (entries.length === 0) throw new UnusableInput('Not a checksum file: no line has the form "<hex>  <file>" or "ALG (<file>) = <hex>".');

  const byPath = new Map<string, Entry[]>();
  for (const e of entries) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  const files: FileCheck[] = [];
  let total = 0;
  const present: string[] = [];
  for (const p of byPath.keys()) {
    const s = await stat(path.join(base, p)).catch(() => null);
    if (!s?.isFile()) files.push({ path: p, kind: 'file', status: 'missing' });
    else {
      total += s.size;
      present.push(p);
    }
  }
  // No 'extra' here: unlike a bag, a checksum file does not claim to list everything beside it.
  let done = 0;
  options.onProgress?.(0, total);
  for (const p of present) {
    const expected = byPath.get(p)!;
    const actual = await hashFile(path.join(base, p), [...new Set(expected.map((e) => e.alg))], (n) => {
      done += n;
      options.onProgress?.(done, total);
    }, options.signal);
    const failed = expected.filter((e) => actual[e.alg] !== e.hex).map((e) => e.alg);
    files.push(failed.length ? { path: p, kind: 'file', status: 'mismatched', failed } : { path: p, kind: 'file', status: 'ok' });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const counts = countStatuses(files);
  return {
    kind: 'checksums',
    ok: problems.length === 0 && counts.missing + counts.extra + counts.mismatched === 0,
    algorithms: [...new Set(entries.map((e) => e.alg))],
    files,
    problems,
    signature: { status: 'absent' },
    counts,
  };
}
