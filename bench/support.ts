/**
 * Shared pieces of the benchmarks: argument parsing, the temp folder, reference commands, timing,
 * the random input files, the ingest child process and the result table. Every figure a bench
 * reports is measured in the same run as its reference, so a slow or fast machine moves both.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, fsyncSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const BENCH_DIR = import.meta.dirname;

export type BenchArgs = { quick: boolean; resultFile: string | undefined };

export function parseArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const at = argv.indexOf('--result-file');
  return { quick: argv.includes('--quick'), resultFile: at >= 0 ? argv[at + 1] : undefined };
}

/** One line of the result table. `ratio` is always measured ÷ reference; the target decides PASS/MISS. */
export type Row = {
  figure: string;
  target: string;
  measured: string;
  reference: string;
  ratio: string;
  result: 'PASS' | 'MISS' | 'INFO' | 'SKIP';
};

export type BenchResult = { bench: string; notes: string[]; rows: Row[] };

export function ratio(measured: number, reference: number): string {
  return reference > 0 ? `${(measured / reference).toFixed(2)}×` : '—';
}

export const verdict = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'MISS');

export function formatTable(rows: Row[], withBench?: (row: Row) => string): string {
  const head = ['figure', 'target', 'measured', 'reference', 'ratio', 'result'];
  const cells = rows.map((r) => [r.figure, r.target, r.measured, r.reference, r.ratio, r.result]);
  if (withBench) {
    head.unshift('bench');
    rows.forEach((r, i) => cells[i]!.unshift(withBench(r)));
  }
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((s, i) => s.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Prints the bench's own table and hands the rows to run-all through the result file. */
export function report(args: BenchArgs, result: BenchResult): void {
  // Other work on the machine moves every figure; the references measured alongside absorb part of it.
  result.notes.push(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
  console.log(`\n${result.bench}`);
  for (const note of result.notes) console.log(`  · ${note}`);
  console.log(formatTable(result.rows));
  if (args.resultFile) writeFileSync(args.resultFile, JSON.stringify(result));
}

export function log(message: string): void {
  console.log(`  ${message}`);
}

export async function makeTempRoot(name: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `ev-bench-${name}-`));
}

/** Removes the temp folder on normal exit and on Ctrl-C, so an interrupted run leaves no gigabytes behind. */
export async function withTempRoot<T>(name: string, fn: (root: string) => Promise<T>): Promise<T> {
  const root = await makeTempRoot(name);
  const onSignal = () => {
    spawnSync('rm', ['-rf', root]);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(root);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await rm(root, { recursive: true, force: true });
  }
}

/** `df` on the folder: free bytes, device and file system type. */
export function diskInfo(dir: string): { availBytes: number; device: string; fsType: string; mount: string } {
  const r = spawnSync('df', ['-P', '-B1', '-T', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`df failed: ${r.stderr}`);
  const fields = r.stdout.trim().split('\n').at(-1)!.split(/\s+/);
  // Filesystem Type 1-blocks Used Available Capacity Mounted-on
  return { device: fields[0]!, fsType: fields[1]!, availBytes: Number(fields[4]), mount: fields.slice(6).join(' ') };
}

/** Throws unless every path is on one file system (st_dev): a dd reference on another disk would be meaningless. */
export function assertSameFilesystem(paths: string[]): void {
  const devs = new Set(paths.map((p) => statSync(p).dev));
  if (devs.size !== 1) throw new Error(`bench folders are on different file systems: ${paths.join(', ')}`);
}

/** Flushes dirty pages (e.g. of the file just generated, or TRIM after a big delete) so each timed step starts settled. */
export function settle(): void {
  spawnSync('sync');
}

/** Reads files once so the page cache holds them: every timed step of a bench starts from this warm state. */
export function warm(files: string[]): void {
  for (let i = 0; i < files.length; i += 500) {
    const r = spawnSync('cat', files.slice(i, i + 500), { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('cat failed');
  }
}

/** Wall-clock seconds of an external command; its stdout is returned for checks (e.g. the hash). */
export function timeCommand(command: string, args: string[]): { seconds: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * MiB, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${command} failed (${r.status}): ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

/** Writes `size` bytes of fresh random data (1 MiB at a time) and syncs the file. */
export function writeRandomFile(file: string, size: number): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    const block = Buffer.allocUnsafe(Math.min(MiB, Math.max(1, size)));
    for (let done = 0; done < size; ) {
      const n = Math.min(block.length, size - done);
      randomFillSync(block, 0, n);
      for (let off = 0; off < n; ) off += writeSync(fd, block, off, n - off);
      done += n;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmtSeconds = (s: number): string => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
export const fmtMB = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
export const fmtSize = (bytes: number): string => (bytes >= GiB ? `${bytes / GiB} GiB` : bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / 1024} KiB`);

/** What bench/ingest-child.ts reports about one timed ingestPaths call. */
export type IngestChildResult = {
  seconds: number;
  files: number;
  bytes: number;
  ingested: number;
  duplicate: number;
  error: number;
  firstError?: string;
  sha256s: string[];
  /** RSS after warm-up and GC, just before the timed ingest. */
  rssBaseline: number;
  /** Highest RSS seen by the 50 ms sampler during the ingest. */
  rssPeakSampled: number;
  /** VmHWM during the ingest (reset through /proc/self/clear_refs just before), or null where unsupported. */
  hwmDuringIngest: number | null;
  /** RSS samples taken during the ingest. */
  samples: number;
};

export type IngestChildRequest = {
  vaultDir: string;
  inputs: string[];
  /** A small file ingested (untimed) first, so the exiftool pool, SQLite and the JIT are warm. */
  warmupFile: string;
  concurrency?: number;
  /** Write a V8 CPU profile of the child into this folder. */
  cpuProfDir?: string;
};

/** Runs one ingest in a fresh Node process (so its memory is its own) and returns what it measured. */
export async function runIngestChild(request: IngestChildRequest): Promise<IngestChildResult> {
  const nodeArgs = ['--expose-gc', '--disable-warning=ExperimentalWarning'];
  if (request.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${request.cpuProfDir}`);
  const child = spawn(process.execPath, [...nodeArgs, path.join(BENCH_DIR, 'ingest-child.ts'), JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ingest child exited with ${code}: ${stdout}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as IngestChildResult;
}
