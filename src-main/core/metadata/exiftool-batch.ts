/**
 * Group reads for warm ExifTool processes: while every process is busy, requests queue up, and the
 * next command reads everything queued with the same arguments at once (`-j file1 file2 …`). A single
 * request still goes out at once. ExifTool's per-command round trip costs as much as reading a small
 * file, so a burst of small files (an import, a batch of shareable copies) is read several times faster.
 *
 * Commands go through a plain task, not exiftool-vendored's readRaw, which would add its per-value UTF-8
 * repair filter (a Perl closure per value, ~5 ms per photo); invalid UTF-8 in a value is decoded with
 * replacement characters instead.
 */
import { ExifToolTask } from 'exiftool-vendored';
import type { ExifTool } from 'exiftool-vendored';

export type Tags = Record<string, unknown>;
/** A file's tags, and the lines ExifTool wrote to stderr about that file (warnings, errors). */
export type BatchRead = { tags: Tags; stderr: string[] };

/** One ExifTool command reading several files: JSON objects in the order given, stderr kept apart. */
class BatchReadTask extends ExifToolTask<{ objects: Tags[]; stderr: string[] }> {
  protected parse(input: string): { objects: Tags[]; stderr: string[] } {
    let objects: Tags[] = [];
    try {
      const parsed: unknown = JSON.parse(input);
      if (Array.isArray(parsed)) objects = parsed as Tags[];
    } catch {
      objects = [];
    }
    return { objects, stderr: [...this.errors, ...this.warnings] };
  }
}

/** Why ExifTool gave nothing for a file; the message never names it. */
export class ExiftoolReadError extends Error {
  readonly notFound: boolean;
  constructor(notFound: boolean) {
    super(notFound ? 'ExifTool found no such file.' : 'ExifTool could not read the file.');
    this.notFound = notFound;
  }
}

type Pending = { file: string; resolve: (read: BatchRead) => void; reject: (err: Error) => void };
type Queue = { args: string[]; solo: boolean; items: Pending[] };

/** File names are passed as UTF-8 on every platform (ExifTool's default on Windows is the ANSI code page). */
const FILENAME_ARGS = ['-charset', 'filename=utf8'];

export class ExiftoolBatcher {
  readonly #queues = new Map<string, Queue>();
  #inFlight = 0;
  readonly #exiftool: () => ExifTool;
  readonly #maxBatch: number;
  /** Commands in flight at once: one per warm ExifTool process. */
  readonly #maxInFlight: number;

  constructor(exiftool: () => ExifTool, options: { maxBatch: number; maxInFlight: number }) {
    this.#exiftool = exiftool;
    this.#maxBatch = options.maxBatch;
    this.#maxInFlight = options.maxInFlight;
  }

  /**
   * Rejects (with a message that names no file) only when ExifTool gave nothing for the file. A `solo`
   * read (a large file, slow to scan) gets a command of its own, so it cannot hold up small ones.
   */
  read(file: string, args: readonly string[], solo = false): Promise<BatchRead> {
    return new Promise((resolve, reject) => {
      const key = `${solo ? 'solo' : 'batch'}\u0000${args.join('\u0000')}`;
      let q = this.#queues.get(key);
      if (q === undefined) this.#queues.set(key, (q = { args: [...args], solo, items: [] }));
      q.items.push({ file, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight) {
      let best: Queue | undefined;
      for (const q of this.#queues.values()) if (q.items.length > 0 && (best === undefined || q.items.length > best.items.length)) best = q;
      if (best === undefined) return;
      const batch = best.items.splice(0, best.solo ? 1 : this.#maxBatch);
      this.#inFlight++;
      void this.#run(best.args, batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #run(args: string[], batch: Pending[]): Promise<void> {
    let result: { objects: Tags[]; stderr: string[] } | undefined;
    try {
      result = await this.#exiftool().enqueueTask(() => new BatchReadTask([...FILENAME_ARGS, ...args, '-j', ...batch.map((p) => p.file)]));
    } catch {
      result = undefined;
    }
    const bySource = new Map<string, Tags>();
    for (const o of result?.objects ?? []) if (typeof o.SourceFile === 'string') bySource.set(o.SourceFile, o);
    const retry: Pending[] = [];
    for (const p of batch) {
      const tags = bySource.get(p.file);
      if (tags === undefined) {
        retry.push(p);
        continue;
      }
      // Lines on stderr end with " - <file>": they belong to that file only.
      p.resolve({ tags, stderr: (result?.stderr ?? []).filter((l) => l.endsWith(` - ${p.file}`)) });
    }
    // A file the batch could not answer for is read on its own, so it cannot fail the others.
    for (const p of retry) {
      if (batch.length === 1) {
        const notFound = (result?.stderr ?? []).some((l) => /file not found/i.test(l));
        p.reject(new ExiftoolReadError(notFound));
        continue;
      }
      this.read(p.file, args).then(p.resolve, p.reject);
    }
  }
}
