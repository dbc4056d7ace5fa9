/**
 * One timed ingest in its own process, started by bench/support.ts runIngestChild (not a bench by
 * itself). Creates a vault, ingests a small warm-up file untimed (starts exiftool, SQLite, the JIT),
 * then times ingestPaths over the inputs while watching the process's RSS two ways: a 50 ms sampler
 * of process.memoryUsage.rss() and the kernel's VmHWM, reset through /proc/self/clear_refs just before.
 * Prints one JSON line (IngestChildResult) last on stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Core from '../src-main/core/index.ts';
import type { IngestChildRequest, IngestChildResult } from './support.ts';

// BENCH_CORE_DIR=<another checkout> measures that checkout's core instead (before/after comparisons).
const coreIndex = path.join(process.env.BENCH_CORE_DIR ?? path.join(import.meta.dirname, '..'), 'src-main/core/index.ts');
const { closeExiftool, ingestPaths, KDF_PARAMS_FOR_TESTS, Vault } = (await import(pathToFileURL(coreIndex).href)) as typeof Core;

const request = JSON.parse(process.argv[2] ?? '') as IngestChildRequest;

function readHwm(): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function resetHwm(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

// The vault's KDF cost is irrelevant to ingest; the test parameters only make the set-up quicker.
const { vault } = await Vault.create(request.vaultDir, 'bench passphrase', { kdf: KDF_PARAMS_FOR_TESTS });
try {
  const warmup = await ingestPaths(vault, [request.warmupFile]);
  if (warmup[0]?.status !== 'ingested') throw new Error(`warm-up ingest failed: ${JSON.stringify(warmup)}`);

  // Twice, with a turn of the event loop between: the Argon2id memory of Vault.create is only
  // released once the promises that held it are gone, and would otherwise hide inside the baseline.
  globalThis.gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc?.();
  const rssBaseline = process.memoryUsage.rss();
  const hwmReset = resetHwm();
  let rssPeakSampled = rssBaseline;
  let samples = 0;
  const sampler = setInterval(() => {
    rssPeakSampled = Math.max(rssPeakSampled, process.memoryUsage.rss());
    samples++;
  }, 50);

  const start = process.hrtime.bigint();
  const outcomes = await ingestPaths(vault, request.inputs, request.concurrency ? { concurrency: request.concurrency } : {});
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  clearInterval(sampler);
  rssPeakSampled = Math.max(rssPeakSampled, process.memoryUsage.rss());
  const hwm = hwmReset ? readHwm() : null;

  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  const result: IngestChildResult = {
    seconds,
    files: outcomes.length,
    bytes: 0,
    ingested: count('ingested'),
    duplicate: count('duplicate'),
    error: count('error'),
    sha256s: outcomes.length <= 4 ? outcomes.map((o) => o.sha256 ?? '') : [],
    rssBaseline,
    rssPeakSampled,
    hwmDuringIngest: hwm,
    samples,
  };
  const firstError = outcomes.find((o) => o.status === 'error')?.error;
  if (firstError) result.firstError = firstError;
  result.bytes = outcomes.reduce((sum, o) => sum + (o.id ? (vault.store.getItem(o.id)?.size ?? 0) : 0), 0);
  console.log(JSON.stringify(result));
} finally {
  vault.lock();
  await closeExiftool();
}
