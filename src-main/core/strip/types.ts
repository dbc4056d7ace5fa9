/**
 * The contract every format stripper implements. A stripper reads the original through a
 * ByteSource (random access, so a 2 GiB video is never held in memory), writes the shareable copy
 * to a ByteSink, and reports what it removed and the proof that the content is unchanged.
 * It never writes plaintext anywhere else; a tool that needs a file goes through ctx.withTempFile.
 */

export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes unless the range passes the end (then fewer). */
  read(offset: number, length: number): Promise<Buffer>;
  /** Sequential chunks of [start, end) — end exclusive, defaults to the whole source. */
  chunks(start?: number, end?: number): AsyncIterable<Buffer>;
}

export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
}

/** One identifying thing that was removed, e.g. { name: 'ID3v2:TPE1', value: 'Witness name' }. */
export type RemovedEntry = { name: string; value: string };

export type ContentProofKind =
  | 'image-data' // decoded/encoded image data hash (exiftool ImageDataHash or the entropy-coded data)
  | 'media-data' // audio/video sample data (mdat, audio frames, PCM data) byte-identical
  | 'pdf-text' // extracted text identical
  | 'document' // document body parts identical after the rewrite
  | 'bytes'; // the copy is the original byte for byte (formats without metadata)

export type ContentProof = {
  kind: ContentProofKind;
  /** SHA-256 hex of the content measured in the original and in the copy. */
  original: string;
  copy: string;
  identical: boolean;
};

export type StripOutcome = {
  /** How the copy was made, e.g. 'jpeg-segments', 'id3-remove', 'exiftool', 'none-needed'. */
  method: string;
  removed: RemovedEntry[];
  proof: ContentProof | null;
};

export interface StripContext {
  /**
   * For tools that need a file: writes `bytes` to a private folder (memory-backed where the OS
   * has one), runs fn with its path, and removes the folder whatever happens.
   */
  withTempFile<T>(bytes: Uint8Array, extension: string, fn: (path: string) => Promise<T>): Promise<T>;
}

export interface FormatStripper {
  readonly name: string;
  /** Media types as sniffed by src-main/core/ingest/media-type.ts. */
  readonly mediaTypes: readonly string[];
  strip(src: ByteSource, sink: ByteSink, ctx: StripContext): Promise<StripOutcome>;
}

/** The original is corrupt, truncated or not what its type claims: the copy fails with this reason. */
export class StripFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'StripFailure';
  }
}

/** The engine cannot clean this format (the copy is 'unsupported', never passed through). */
export class StripUnsupported extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'StripUnsupported';
  }
}

/** Test and in-memory helpers: a ByteSource over a Buffer, a ByteSink that collects. */
export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)),
    chunks: async function* (start = 0, end = buffer.length) {
      const CHUNK = 1 << 20;
      for (let at = start; at < end; at += CHUNK) yield buffer.subarray(at, Math.min(end, at + CHUNK));
    },
  };
}

export function collectingSink(): ByteSink & { bytes(): Buffer } {
  const parts: Buffer[] = [];
  return {
    write: async (chunk) => {
      parts.push(Buffer.from(chunk));
    },
    bytes: () => Buffer.concat(parts),
  };
}
