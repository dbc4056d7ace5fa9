/** A progress bar on stderr when it is a terminal; silent otherwise (scripts, CI, pipes). */
import cliProgress from 'cli-progress';

export type Progress = { update(done: number, total: number): void; stop(): void };

export function progressBar(label: string, unit: 'bytes' | 'items'): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {done}/{all} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(total, 1), done, { done: '', all: '' });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      const fmt = unit === 'bytes' ? formatBytes : String;
      bar.update(done, { done: fmt(done), all: fmt(total) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${i === 0 ? value : value.toFixed(1)} ${units[i]}`;
}
