/**
 * Target 2: 1,000 files of 100 KiB (102,400 bytes of random data each) ingest at ≥ 200 files/s
 * (200 files with --quick). Reference: `sha256sum` over the same files in one invocation, as files/s.
 * A second, informational reference is the durability floor for the same files: copy each one to a
 * temp name, fsync it, rename it into a fan-out folder and fsync that folder, two files at a time
 * (what ingest must do at least, minus hashing, encryption, metadata and the database commit).
 * Same page-cache state for all: the sources are read with cat right before each timed step.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  assertSameFilesystem,
  diskInfo,
  fmtSeconds,
  log,
  median,
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
const FILE_SIZE = 100 * 1024;
const COUNT = args.quick ? 200 : 1000;
const ROUNDS = args.quick ? 1 : 2;
const TARGET_FILES_PER_S = 200;
const cpuProfDir = process.env.BENCH_CPU_PROF_DIR;

const rows: Row[] = [];
const notes: string[] = [
  `core measured: ${process.env.BENCH_CORE_DIR ?? 'this checkout'}`,
  'cache state: warm — every source is read with cat before each timed step; `sync` before each',
  'ingest: a fresh vault per round, in a child process (one warm-up file ingested untimed first), default concurrency',
];

async function syncPath(p: string): Promise<void> {
  const fh = await open(p, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The durability floor: copy → fsync → rename into objects/xx/ → fsync objects/xx, two at a time. */
async function durableCopy(files: string[], dest: string): Promise<number> {
  await mkdir(path.join(dest, 'tmp'), { recursive: true });
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const name = randomBytes(16).toString('hex');
      const temp = path.join(dest, 'tmp', name);
      await copyFile(file, temp);
      await syncPath(temp);
      const fan = path.join(dest, 'objects', name.slice(0, 2));
      await mkdir(fan, { recursive: true });
      await rename(temp, path.join(fan, name));
      await syncPath(fan);
    }
  };
  await Promise.all([worker(), worker()]);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

await withTempRoot('small', async (root) => {
  const src = path.join(root, 'data', 'small-files');
  const vaults = path.join(root, 'vaults');
  const floorDir = path.join(root, 'floor');
  await mkdir(src, { recursive: true });
  await mkdir(vaults);
  await mkdir(floorDir);
  assertSameFilesystem([src, vaults, floorDir]);
  const disk = diskInfo(root);
  notes.push(`temp folder ${root} on ${disk.device} (${disk.fsType}, mounted on ${disk.mount})`);

  log(`writing ${COUNT} random files of ${FILE_SIZE} bytes…`);
  const files: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const f = path.join(src, `file-${String(i).padStart(4, '0')}.bin`);
    writeRandomFile(f, FILE_SIZE);
    files.push(f);
  }
  const warmupFile = path.join(root, 'data', 'warmup.bin');
  writeRandomFile(warmupFile, 4096);

  const sha: number[] = [];
  const floor: number[] = [];
  const ingest: IngestChildResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    settle();
    warm(files);
    const s = timeCommand('sha256sum', files);
    if (s.stdout.trim().split('\n').length !== COUNT) throw new Error('sha256sum did not hash every file');
    sha.push(s.seconds);

    settle();
    warm(files);
    const floorRound = path.join(floorDir, `r${round}`);
    floor.push(await durableCopy(files, floorRound));
    await rm(floorRound, { recursive: true, force: true });

    const vaultDir = path.join(vaults, `v${round}`);
    settle();
    warm(files);
    const r = await runIngestChild({ vaultDir, inputs: [src], warmupFile, ...(cpuProfDir ? { cpuProfDir } : {}) });
    if (r.ingested !== COUNT) throw new Error(`expected ${COUNT} ingested, got ${JSON.stringify({ ...r, sha256s: undefined })}`);
    const stored = (await readdir(path.join(vaultDir, 'objects'), { recursive: true })).length;
    if (stored < COUNT) throw new Error('fewer object files than items');
    ingest.push(r);
    await rm(vaultDir, { recursive: true, force: true });
    log(
      `round ${round}/${ROUNDS}: sha256sum ${fmtSeconds(sha.at(-1)!)}, durable copy ${fmtSeconds(floor.at(-1)!)}, ` +
        `ingest ${fmtSeconds(r.seconds)} → ${(COUNT / r.seconds).toFixed(0)} files/s`,
    );
  }

  const rate = (t: number) => COUNT / t;
  const tIngest = median(ingest.map((r) => r.seconds));
  const tSha = median(sha);
  const tFloor = median(floor);
  rows.push(
    {
      figure: `ingest ${COUNT} × 100 KiB`,
      target: `≥ ${TARGET_FILES_PER_S} files/s`,
      measured: `${rate(tIngest).toFixed(0)} files/s (${fmtSeconds(tIngest)})`,
      reference: `sha256sum ${rate(tSha).toFixed(0)} files/s`,
      ratio: ratio(rate(tIngest), rate(tSha)),
      result: verdict(rate(tIngest) >= TARGET_FILES_PER_S),
    },
    {
      figure: `durable copy ${COUNT} × 100 KiB (floor)`,
      target: '— (information)',
      measured: `${rate(tFloor).toFixed(0)} files/s (${fmtSeconds(tFloor)})`,
      reference: `ingest ${rate(tIngest).toFixed(0)} files/s`,
      ratio: ratio(rate(tFloor), rate(tIngest)),
      result: 'INFO',
    },
  );
});

report(args, { bench: 'ingest-small', notes, rows });
