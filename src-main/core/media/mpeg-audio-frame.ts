/** MPEG audio frame headers (MPEG-1/2/2.5, layers I–III): whether a frame sync is real, and the frame's length. */
const BITRATES_KBPS: Readonly<Record<string, readonly number[]>> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Readonly<Record<number, readonly number[]>> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

/** The stream's fixed header bits: version, layer, sample rate. Frames of another stream are not ours. */
export type StreamKey = number;
export const streamKey = (h: Uint8Array, o: number): StreamKey => (((h[o + 1] ?? 0) & 0x1e) << 8) | ((h[o + 2] ?? 0) & 0x0c);

export const FREE_FORMAT = -1;

/** Length of the frame whose header is at `o`, FREE_FORMAT for a free-format header, undefined when not a header. */
export function mpegFrameLength(h: Uint8Array, o: number, key?: StreamKey): number | undefined {
  const b1 = h[o + 1];
  const b2 = h[o + 2];
  const b3 = h[o + 3];
  if (h[o] !== 0xff || b1 === undefined || b2 === undefined || b3 === undefined || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  if (versionBits === 1 || layerBits === 0) return undefined;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 15 || rateIndex === 3) return undefined;
  if ((b3 & 3) === 2) return undefined; // reserved emphasis
  if (key !== undefined && streamKey(h, o) !== key) return undefined;
  if (bitrateIndex === 0) return FREE_FORMAT;
  const layer = 4 - layerBits;
  const mpeg1 = versionBits === 3;
  const kbps = BITRATES_KBPS[`${mpeg1 ? 1 : 2}-${layer}`]?.[bitrateIndex];
  const rate = SAMPLE_RATES[versionBits]?.[rateIndex];
  if (kbps === undefined || rate === undefined) return undefined;
  const padding = (b2 >> 1) & 1;
  if (layer === 1) return (Math.floor((12 * kbps * 1000) / rate) + padding) * 4;
  const perSample = layer === 3 && !mpeg1 ? 72 : 144;
  return Math.floor((perSample * kbps * 1000) / rate) + padding;
}
