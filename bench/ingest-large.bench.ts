/**
 * Target 1: ingest of one large file (1 GiB, and 4 GiB in a full run; 256 MiB with --quick).
 *   time ≤ 1.25 × `dd if=SRC of=DST bs=1M conv=fsync` (the I/O floor: read, write, sync)
 *   time ≤ `sha256sum SRC` (the hash alone)
 *   peak RSS growth of the ingesting process < 150 MB
 * All three commands run in the same page-cache state: the source is read once with cat right before
 * each timed step (warm cache), and dirty pages are flushed (sync) before it. Rounds interleave
 * dd → sha256sum → ingest so that drift in the machine's speed hits all three alike; medians are reported.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
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
  ratio,
  report,
  runIngestChild,
  settle,
  timeCommand,
  verdict,
  warm,
  withTempRoot,
  writeRandomFile,
} from './support.ts';
import type { IngestChildResult, Row } from './support.ts';

const args = parseArgs();
const RSS_LIMIT = 150e6;
const cpuProfDir = process.env.BENCH_CPU_PROF_DIR;
const cases = args.quick
  ? [{ size: 256 * MiB, rounds: 3 }]
  : [
      { size: GiB, rounds: 5 },
      { size: 4 * GiB, rounds: 2 },
    ];

const rows: Row[] = [];
const notes: string[] = [
  `core measured: ${process.env.BENCH_CORE_DIR ?? 'this checkout'}`,
  'cache state: warm — the source is read once with `cat SRC > /dev/null` before every timed dd, sha256sum and ingest; `sync` before each',
  'ingest: a fresh vault per round, in a child process (a warm-up file is ingested untimed first); RSS growth = max(50 ms rss samples, VmHWM) − rss before the ingest',
  'times are medians over the rounds; ratio and verdict use the median of the per-round ratios (each ingest against the references of its own round)',
];

await withTempRoot('large', async (root) => {
  const data = path.join(root, 'data');
  const vaults = path.join(root, 'vaults');
  await mkdir(data);
  await mkdir(vaults);
  assertSameFilesystem([root, data, vaults]);
  const disk = diskInfo(root);
  notes.push(`temp folder ${root} on ${disk.device} (${disk.fsType}, mounted on ${disk.mount}); source, dd copy and vaults share it`);
  const warmupFile = path.join(data, 'warmup.bin');
  writeRandomFile(warmupFile, 4096);

  for (const { size, rounds } of cases) {
    const label = fmtSize(size);
    const free = diskInfo(root).availBytes;
    if (free < 3 * size) {
      const msg = `skipped: ${fmtMB(free)} free in ${root}, ${label} needs 3× its size (${fmtMB(3 * size)})`;
      log(`${label}: ${msg}`);
      rows.push({ figure: `ingest ${label}`, target: '—', measured: msg, reference: '—', ratio: '—', result: 'SKIP' });
      continue;
    }

    log(`${label}: writing random source file…`);
    const src = path.join(data, `source-${label.replace(' ', '')}.bin`);
    const dst = path.join(data, 'dd-copy.bin');
    writeRandomFile(src, size);

    const dd: number[] = [];
    const sha: number[] = [];
    const ingest: IngestChildResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      settle();
      warm([src]);
      dd.push(timeCommand('dd', [`if=${src}`, `of=${dst}`, 'bs=1M', 'conv=fsync']).seconds);
      await rm(dst);

      settle();
      warm([src]);
      const s = timeCommand('sha256sum', [src]);
      sha.push(s.seconds);
      const expectedSha = s.stdout.split(/\s/)[0]!;

      const vaultDir = path.join(vaults, `v${round}`);
      settle();
      warm([src]);
      const r = await runIngestChild({ vaultDir, inputs: [src], warmupFile, ...(cpuProfDir ? { cpuProfDir } : {}) });
      if (r.ingested !== 1) throw new Error(`ingest did not succeed: ${JSON.stringify(r)}`);
      if (r.sha256s[0] !== expectedSha) throw new Error('ingest hash differs from sha256sum');
      // The vault's object file must hold the whole content (ciphertext is a little larger).
      const objects = path.join(vaultDir, 'objects');
      const stored = readdirSync(objects).flatMap((fan) => readdirSync(path.join(objects, fan)).map((f) => statSync(path.join(objects, fan, f)).size));
      if (Math.max(...stored) < size) throw new Error('stored object is smaller than the source');
      ingest.push(r);
      await rm(vaultDir, { recursive: true, force: true });
      log(
        `${label} round ${round}/${rounds}: dd ${fmtSeconds(dd.at(-1)!)}, sha256sum ${fmtSeconds(sha.at(-1)!)}, ` +
          `ingest ${fmtSeconds(r.seconds)} (${((size / MiB) / r.seconds).toFixed(0)} MiB/s), ` +
          `RSS +${fmtMB(Math.max(r.rssPeakSampled, r.hwmDuringIngest ?? 0) - r.rssBaseline)}`,
      );
    }
    await rm(src);

    const tIngest = median(ingest.map((r) => r.seconds));
    const tDd = median(dd);
    const tSha = median(sha);
    const vsDd = median(ingest.map((r, i) => r.seconds / dd[i]!));
    const vsSha = median(ingest.map((r, i) => r.seconds / sha[i]!));
    const peak = Math.max(...ingest.map((r) => Math.max(r.rssPeakSampled, r.hwmDuringIngest ?? 0)));
    const growth = Math.max(...ingest.map((r) => Math.max(r.rssPeakSampled, r.hwmDuringIngest ?? 0) - r.rssBaseline));
    const baseline = median(ingest.map((r) => r.rssBaseline));
    const rate = (t: number) => `${((size / MiB) / t).toFixed(0)} MiB/s`;
    rows.push(
      {
        figure: `ingest ${label} vs dd conv=fsync`,
        target: '≤ 1.25× dd',
        measured: `${fmtSeconds(tIngest)} (${rate(tIngest)})`,
        reference: `dd ${fmtSeconds(tDd)} (${rate(tDd)})`,
        ratio: `${vsDd.toFixed(2)}×`,
        result: verdict(vsDd <= 1.25),
      },
      {
        figure: `ingest ${label} vs sha256sum`,
        target: '≤ 1.00× sha256sum',
        measured: fmtSeconds(tIngest),
        reference: `sha256sum ${fmtSeconds(tSha)} (${rate(tSha)})`,
        ratio: `${vsSha.toFixed(2)}×`,
        result: verdict(vsSha <= 1),
      },
      {
        figure: `ingest ${label} peak RSS growth`,
        target: '< 150 MB',
        measured: `+${fmtMB(growth)} (worst of ${rounds}; peak ${fmtMB(peak)})`,
        reference: `rss before ${fmtMB(baseline)}`,
        ratio: ratio(growth, RSS_LIMIT) + ' of limit',
        result: verdict(growth < RSS_LIMIT),
      },
    );
  }
});

report(args, { bench: 'ingest-large', notes, rows });
