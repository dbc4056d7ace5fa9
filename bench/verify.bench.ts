/**
 * Target: verifying a bag of 2 GiB (512 MiB with --quick) runs at ≥ 0.9× the speed of
 * `sha256sum -c manifest-sha256.txt` on the same manifest.
 * The bag is a BagIt 1.0 bag in the layout the core's verifier reads (bagit.txt, bag-info.txt with
 * Payload-Oxum, manifest-sha256.txt, tagmanifest-sha256.txt) holding four random payload files. Only a
 * sha256 payload manifest is written, so both sides hash exactly the same bytes with the same algorithm.
 * Both run in the same page-cache state: every bag file is read once with cat right before each timed
 * step (warm cache), and dirty pages are flushed (sync) before it. Rounds interleave sha256sum → verify
 * so that drift in the machine's speed hits both alike; medians are reported.
 * The ratio here is a speed ratio: sha256sum time ÷ verify time (1.00× = as fast, higher is faster).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Core from '../src-main/core/index.ts';
import {
  assertSameFilesystem,
  diskInfo,
  fmtMB,
  fmtSeconds,
  fmtSize,
  GiB,
  log,
  median,
  MiB,
  parseArgs,
  report,
  settle,
  timeCommand,
  verdict,
  warm,
  withTempRoot,
  writeRandomFile,
} from './support.ts';
import type { Row } from './support.ts';

// BENCH_CORE_DIR=<another checkout> measures that checkout's core instead (before/after comparisons).
const coreIndex = path.join(process.env.BENCH_CORE_DIR ?? path.join(import.meta.dirname, '..'), 'src-main/core/index.ts');
const { verifyPath } = (await import(pathToFileURL(coreIndex).href)) as typeof Core;

const args = parseArgs();
const TARGET_SPEED = 0.9;
const PAYLOAD_FILES = 4;
const size = args.quick ? 512 * MiB : 2 * GiB;
const rounds = args.quick ? 3 : 5;
const label = fmtSize(size);

const rows: Row[] = [];
const notes: string[] = [
  `core measured: ${process.env.BENCH_CORE_DIR ?? 'this checkout'}`,
  `bag: ${PAYLOAD_FILES} random payload files of ${fmtSize(size / PAYLOAD_FILES)}, manifest-sha256.txt only (no other payload manifest), tagmanifest-sha256.txt, no signature`,
  'cache state: warm — every file of the bag is read once with `cat` before every timed sha256sum -c and verify; `sync` before each',
  'reference: `sha256sum -c manifest-sha256.txt` with cwd = the bag (payload only); measured: verifyPath(bag) in this process (payload + tag files, Payload-Oxum)',
  'ratio here is a SPEED ratio, sha256sum time ÷ verify time (≥ 0.90× passes); times are medians, the ratio is the median of the per-round ratios',
];

await withTempRoot('verify', async (root) => {
  const bag = path.join(root, 'bag');
  const data = path.join(bag, 'data');
  await mkdir(data, { recursive: true });
  assertSameFilesystem([root, bag, data]);
  const disk = diskInfo(root);
  notes.push(`temp folder ${root} on ${disk.device} (${disk.fsType}, mounted on ${disk.mount})`);
  if (disk.availBytes < 2 * size) {
    const msg = `skipped: ${fmtMB(disk.availBytes)} free in ${root}, ${label} needs 2× its size (${fmtMB(2 * size)})`;
    log(msg);
    rows.push({ figure: `verify bag of ${label}`, target: '—', measured: msg, reference: '—', ratio: '—', result: 'SKIP' });
    return;
  }

  log(`${label}: writing ${PAYLOAD_FILES} random payload files…`);
  const payload: string[] = [];
  for (let i = 1; i <= PAYLOAD_FILES; i++) {
    const rel = `data/payload-${i}.bin`;
    writeRandomFile(path.join(bag, rel), size / PAYLOAD_FILES);
    payload.push(rel);
  }
  // The manifest comes from sha256sum itself (untimed), in its own "<hex>  <path>" format, which is also BagIt's.
  log(`${label}: writing manifests…`);
  const manifest = timeCommand('sh', ['-c', `cd "$1" && shift && sha256sum "$@"`, 'sh', bag, ...payload]).stdout;
  const tagFiles: Record<string, string> = {
    'bagit.txt': 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    'bag-info.txt': `Bagging-Date: ${new Date().toISOString().slice(0, 10)}\nPayload-Oxum: ${size}.${PAYLOAD_FILES}\nBag-Count: 1 of 1\n`,
    'manifest-sha256.txt': manifest,
  };
  for (const [name, text] of Object.entries(tagFiles)) writeFileSync(path.join(bag, name), text);
  const tagManifest = Object.entries(tagFiles)
    .map(([name, text]) => `${createHash('sha256').update(text).digest('hex')}  ${name}\n`)
    .join('');
  writeFileSync(path.join(bag, 'tagmanifest-sha256.txt'), tagManifest);
  const allFiles = [...payload, ...Object.keys(tagFiles), 'tagmanifest-sha256.txt'].map((f) => path.join(bag, f));
  if (readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8').trim().split('\n').length !== PAYLOAD_FILES) throw new Error('manifest is incomplete');

  const sha: number[] = [];
  const ver: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    settle();
    warm(allFiles);
    const s = timeCommand('sh', ['-c', 'cd "$1" && exec sha256sum -c manifest-sha256.txt', 'sh', bag]);
    const okLines = s.stdout.split('\n').filter((l) => l.endsWith(': OK')).length;
    if (okLines !== PAYLOAD_FILES) throw new Error(`sha256sum -c did not confirm every file: ${s.stdout}`);
    sha.push(s.seconds);

    settle();
    warm(allFiles);
    const start = process.hrtime.bigint();
    const r = await verifyPath(bag);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!r.ok || r.counts.ok !== PAYLOAD_FILES + Object.keys(tagFiles).length) throw new Error(`verify did not pass the bag: ${JSON.stringify(r)}`);
    ver.push(seconds);
    log(
      `${label} round ${round}/${rounds}: sha256sum -c ${fmtSeconds(s.seconds)} (${(size / MiB / s.seconds).toFixed(0)} MiB/s), ` +
        `verify ${fmtSeconds(seconds)} (${(size / MiB / seconds).toFixed(0)} MiB/s), speed ${(s.seconds / seconds).toFixed(2)}× sha256sum`,
    );
  }

  const tVer = median(ver);
  const tSha = median(sha);
  const speed = median(ver.map((t, i) => sha[i]! / t));
  const rate = (t: number) => `${(size / MiB / t).toFixed(0)} MiB/s`;
  rows.push({
    figure: `verify bag of ${label} vs sha256sum -c`,
    target: `speed ≥ ${TARGET_SPEED.toFixed(2)}× sha256sum -c`,
    measured: `${fmtSeconds(tVer)} (${rate(tVer)})`,
    reference: `sha256sum -c ${fmtSeconds(tSha)} (${rate(tSha)})`,
    ratio: `${speed.toFixed(2)}× speed (ref ÷ measured)`,
    result: verdict(speed >= TARGET_SPEED),
  });
});

report(args, { bench: 'verify', notes, rows });
