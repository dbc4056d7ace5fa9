#!/usr/bin/env node
// `npm run bench [-- --quick] [-- name…]`: runs every bench/*.bench.ts (or those whose name contains one
// of the given words) one after another, each in its own Node process, then prints one summary table.
// A missed target is reported, never a failure: the exit code is non-zero only when a bench crashed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const benchDir = import.meta.dirname;
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: npm run bench -- [--quick] [name …]\n  --quick  smaller sizes and fewer rounds\n  name     run only benches whose file name contains it');
  process.exit(0);
}
const quick = argv.includes('--quick');
const filters = argv.filter((a) => !a.startsWith('-'));
const all = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const selected = all.filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
if (selected.length === 0) {
  console.error(`no bench matches ${filters.join(', ')}; there are: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}`);
  process.exit(2);
}

const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'ev-bench-results-'));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`Evidence Vault benchmarks${quick ? ' (--quick)' : ''}: ${selected.join(', ')}`);
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${load()}`);

const results = [];
const crashed = [];
const started = Date.now();
for (const file of selected) {
  const name = file.replace('.bench.ts', '');
  console.log(`\n=== ${name}`);
  const resultFile = path.join(resultsDir, `${name}.json`);
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', path.join(benchDir, file), ...(quick ? ['--quick'] : []), '--result-file', resultFile],
    { stdio: 'inherit' },
  );
  let result;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch {
    result = undefined;
  }
  if (r.status !== 0 || !result) {
    crashed.push(name);
    console.log(`!!! ${name} crashed (exit ${r.status ?? r.signal})`);
  } else {
    results.push(result);
  }
  console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s, load average now ${load()})`);
}
rmSync(resultsDir, { recursive: true, force: true });

const rows = results.flatMap((res) => res.rows.map((row) => [res.bench, row.figure, row.target, row.measured, row.reference, row.ratio, row.result]));
for (const name of crashed) rows.push([name, '(crashed)', '', '', '', '', 'ERROR']);
const head = ['bench', 'figure', 'target', 'measured', 'reference', 'ratio', 'result'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i].length)));
const line = (c) => `| ${c.map((s, i) => s.padEnd(widths[i])).join(' | ')} |`;
console.log(`\n=== Summary (${((Date.now() - started) / 1000).toFixed(0)} s; ratio = measured ÷ reference)`);
console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
const count = (v) => rows.filter((r) => r[6] === v).length;
console.log(`${count('PASS')} pass, ${count('MISS')} miss, ${count('SKIP')} skipped${crashed.length ? `, ${crashed.length} crashed` : ''}`);
process.exit(crashed.length ? 1 : 0);
