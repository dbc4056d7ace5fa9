/**
 * Plain text and CSV have no metadata container: the shareable copy is the original, byte for byte.
 * That is only true of text, so the whole file is checked as it streams through — the media type was
 * sniffed from the first 64 KiB, and binary data further on (a file that only starts like text) is
 * not passed through as clean. Legacy 8-bit encodings are fine: they are still text.
 */
import { createHash } from 'node:crypto';
import type { ByteSink, ByteSource, FormatStripper, StripContext, StripOutcome } from './types.ts';
import { StripUnsupported } from './types.ts';

/** Same rule as the sniffer: no NUL, no C0 controls besides whitespace and ESC. */
function hasBinaryBytes(chunk: Buffer): boolean {
  for (const b of chunk) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) return true;
  }
  return false;
}

export const textStripper: FormatStripper = {
  name: 'text',
  mediaTypes: ['text/plain', 'text/csv'],
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const original = createHash('sha256');
    const copy = createHash('sha256');
    for await (const chunk of src.chunks()) {
      if (hasBinaryBytes(chunk)) throw new StripUnsupported('The file starts like text but holds binary data further on.');
      original.update(chunk);
      await sink.write(chunk);
      copy.update(chunk);
    }
    const a = original.digest('hex');
    const b = copy.digest('hex');
    return { method: 'none-needed', removed: [], proof: { kind: 'bytes', original: a, copy: b, identical: a === b } };
  },
};
