/**
 * Target 3: unlock in ≤ 1.5 s with DEFAULT_KDF_PARAMS. Reference: the Argon2id derivation alone
 * with the same parameters (noble's argon2idAsync, which the vault uses), measured in the same run.
 * Two settings: cold (a fresh Node process, as when the app has just started — the figure the target
 * is judged on) and warm (repeated in one process, median).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { DEFAULT_KDF_PARAMS, Vault } from '../src-main/core/index.ts';
import { BENCH_DIR, fmtSeconds, log, median, parseArgs, ratio, report, verdict, withTempRoot } from './support.ts';
import type { Row } from './support.ts';

const PASSPHRASE = 'correct horse battery staple, benchmark edition';
const TARGET_S = 1.5;

async function timeUnlock(folder: string): Promise<number> {
  const start = process.hrtime.bigint();
  const vault = await Vault.unlock(folder, PASSPHRASE);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  vault.lock();
  return seconds;
}

async function timeArgon2(): Promise<number> {
  const p = DEFAULT_KDF_PARAMS;
  const start = process.hrtime.bigint();
  await argon2idAsync(new TextEncoder().encode(PASSPHRASE), randomBytes(16), {
    m: p.memoryKiB,
    t: p.iterations,
    p: p.parallelism,
    version: 0x13,
    dkLen: 32,
    maxmem: p.memoryKiB * 1024,
  });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** `--child unlock FOLDER` / `--child argon2`: one cold measurement in this fresh process, printed as JSON. */
const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const what = process.argv[childAt + 1];
  const seconds = what === 'unlock' ? await timeUnlock(process.argv[childAt + 2]!) : await timeArgon2();
  console.log(JSON.stringify({ seconds }));
  process.exit(0);
}

function cold(args: string[]): number {
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(BENCH_DIR, 'unlock.bench.ts'), '--child', ...args], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`unlock child failed: ${r.stderr}`);
  return (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number }).seconds;
}

const args = parseArgs();
const COLD_ROUNDS = args.quick ? 1 : 3;
const WARM_ROUNDS = args.quick ? 2 : 5;
const rows: Row[] = [];
const p = DEFAULT_KDF_PARAMS;
const notes = [
  `DEFAULT_KDF_PARAMS: Argon2id m=${p.memoryKiB} KiB, t=${p.iterations}, p=${p.parallelism} (noble, pure JS)`,
  `cold: a fresh process per measurement, median of ${COLD_ROUNDS} (unlock and Argon2id alternate); warm: median of ${WARM_ROUNDS} in one process`,
];

await withTempRoot('unlock', async (root) => {
  const folder = path.join(root, 'vault');
  const { vault } = await Vault.create(folder, PASSPHRASE);
  vault.lock();

  const coldUnlock: number[] = [];
  const coldArgon: number[] = [];
  for (let i = 0; i < COLD_ROUNDS; i++) {
    coldUnlock.push(cold(['unlock', folder]));
    coldArgon.push(cold(['argon2']));
    log(`cold round ${i + 1}/${COLD_ROUNDS}: unlock ${fmtSeconds(coldUnlock.at(-1)!)}, Argon2id ${fmtSeconds(coldArgon.at(-1)!)}`);
  }
  const warmUnlock: number[] = [];
  const warmArgon: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    warmUnlock.push(await timeUnlock(folder));
    warmArgon.push(await timeArgon2());
  }
  log(`warm: unlock ${warmUnlock.map(fmtSeconds).join(', ')}; Argon2id ${warmArgon.map(fmtSeconds).join(', ')}`);

  const cu = median(coldUnlock);
  const ca = median(coldArgon);
  const wu = median(warmUnlock);
  const wa = median(warmArgon);
  rows.push(
    {
      figure: 'unlock, cold process',
      target: `≤ ${TARGET_S} s`,
      measured: `${fmtSeconds(cu)} (worst ${fmtSeconds(Math.max(...coldUnlock))})`,
      reference: `Argon2id ${fmtSeconds(ca)}`,
      ratio: ratio(cu, ca),
      result: verdict(cu <= TARGET_S),
    },
    {
      figure: 'unlock, warm process',
      target: `≤ ${TARGET_S} s`,
      measured: fmtSeconds(wu),
      reference: `Argon2id ${fmtSeconds(wa)}`,
      ratio: ratio(wu, wa),
      result: verdict(wu <= TARGET_S),
    },
  );
});

report(args, { bench: 'unlock', notes, rows });
