/**
 * The verification scan: the shareable copy is read back with ExifTool — every group, duplicates,
 * unknown tags, embedded documents, tags that are only made on request — and every tag found must be
 * on an ALLOW-LIST of structural tags for the file's family (image, audio, video, pdf, office, text).
 * Anything else (GPS, make/model, serials, names, comments, real dates, XMP, IPTC, maker notes,
 * thumbnails, titles…) fails the copy. A warning or error from ExifTool fails it too: a file ExifTool
 * cannot fully read is a file nobody has checked.
 *
 * Results carry tag NAMES only; values never leave this module (they may be the very thing that was
 * supposed to be removed).
 *
 * ExifTool runs as two warm stay_open processes (exiftool-vendored), which read files: the copy is
 * handed over through ctx.withTempFile (a private, memory-backed folder where the OS has one).
 * runExiftool() is the other way in, a one-off process fed on stdin, for tools that write.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { ExifTool, exiftoolPath, type ExifToolOptions } from 'exiftool-vendored';
import { ExiftoolBatcher } from '../metadata/exiftool-batch.ts';
import type { Tags } from '../metadata/exiftool-batch.ts';
import { gifEndsAtTrailer } from './formats/gif.ts';
import { jpegMetadataView } from './formats/jpeg.ts';
import type { StripContext } from './types.ts';

// ───────────────────────── ExifTool processes ─────────────────────────

const noop = (): void => undefined;
// exiftool-vendored logs task descriptions, which contain paths: never let it.
const SILENT = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };

let pool: ExifTool | undefined;

function scanner(): ExifTool {
  pool ??= new ExifTool({
    maxProcs: 2,
    logger: (() => SILENT) as ExifToolOptions['logger'],
    useMWG: false,
    // A full parse of a large video's H.264 stream (-ee3) takes minutes, not seconds.
    taskTimeoutMillis: 15 * 60_000,
  });
  return pool;
}

/** The version of the ExifTool that scans (and, through runExiftool, writes). */
export async function scannerVersion(): Promise<string> {
  return scanner().version();
}

export async function closeScanner(): Promise<void> {
  const current = pool;
  pool = undefined;
  if (current !== undefined) await current.end();
}

export type ExiftoolRun = { code: number | null; stdout: Buffer; stderr: string };

/** exiftool-vendored's rule: the script's /usr/bin/perl shebang where that exists, else perl from PATH. */
async function exiftoolCommand(): Promise<[string, string[]]> {
  const script = await exiftoolPath();
  if (process.platform === 'win32') return [script, []];
  return fs.existsSync('/usr/bin/perl') ? ['/usr/bin/perl', [script]] : ['perl', [script]];
}

/**
 * One ExifTool process for one job, the file on stdin (`-` in args) and the result on stdout: nothing
 * is written to disk. Killed after `timeoutMs`.
 */
export async function runExiftool(args: readonly string[], stdin: Uint8Array | undefined, timeoutMs = 120_000): Promise<ExiftoolRun> {
  const [command, prefix] = await exiftoolCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LANG: 'C' }, windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`ExifTool could not be started (${(e as NodeJS.ErrnoException).code ?? 'error'}).`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined); // ExifTool may stop reading early; its exit code tells
    child.stdin.end(stdin === undefined ? undefined : Buffer.from(stdin.buffer, stdin.byteOffset, stdin.byteLength));
  });
}

// ───────────────────────────── allow-list ─────────────────────────────

export type ScanFamily = 'image' | 'audio' | 'video' | 'pdf' | 'office' | 'text';

export function familyOf(mediaType: string): ScanFamily | undefined {
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType.startsWith('video/') || mediaType === 'application/ogg') return 'video';
  if (mediaType === 'application/pdf') return 'pdf';
  if (/^application\/(vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.|epub\+zip$|zip$)/.test(mediaType)) return 'office';
  if (mediaType === 'text/plain' || mediaType === 'text/csv') return 'text';
  return undefined;
}

type Condition = (value: unknown) => boolean;

const isBlank: Condition = (v) => v === null || v === undefined || (typeof v === 'string' && v.replace(/\0/g, '').trim() === '') || (Array.isArray(v) && v.every(isBlank));
/** A date that says nothing: all zeros (QuickTime, Exif), or the DOS epoch zip writers use for "no date". */
const isZeroDate: Condition = (v) => isBlank(v) || v === 0 || (typeof v === 'string' && (/^[0:\s.+-]*(Z|[+-]00:00)?$/.test(v) || /^1980:01:01 00:00:00$/.test(v)));
/** An empty binary block, e.g. a `free` atom. */
const isEmptyBinary: Condition = (v) => isBlank(v) || (typeof v === 'string' && /^\(Binary data 0 bytes/.test(v));
/** Encoder library strings that the format requires (Vorbis/Theora vendor) or that sit inside the coded data. */
const ENCODER_LIBRARY = /^(Lav[cf](\d[\d.]*)?( lib\w+)?|FFmpeg|Xiph\.Org libVorbis I \d+|Xiph\.Org libTheora I \d+.*|libopus [\w.-]+|reference libFLAC [\d.]+( \d+)?|LAME ?\d[\d.]*\w*|x264|x265)$/i;
/** What the Ogg/FLAC strippers write in place of a vendor string that the format requires. */
const NEUTRAL_VENDOR = 'Evidence Vault';
const isEncoderLibrary: Condition = (v) => isBlank(v) || v === NEUTRAL_VENDOR || (typeof v === 'string' && ENCODER_LIBRARY.test(v.trim()));
/** Codec names as sample descriptions carry them — anything more (a device or app name) fails. */
const CODEC_NAME = /^(H\.264|H\.265|HEVC|AVC Coding|AVC|MPEG-4 Video|MPEG4 Video|JPEG|Photo - JPEG|Motion JPEG|AV1|VP9|Apple ProRes.*|Lav[cf](\d[\d.]*)?( lib\w+)?)$/i;
const isCodecName: Condition = (v) => isBlank(v) || (typeof v === 'string' && CODEC_NAME.test(v.trim()));
const isFfmpegOrBlank: Condition = (v) => isBlank(v) || v === 'FFmpeg';

type Rule = { group: RegExp; tags: ReadonlySet<string> | 'any'; when?: Condition };

/** `group` may use `#` for a number (Track#) and `*` for anything; `tags` is a space-separated list or `*`. */
function allow(group: string, tags: string, when?: Condition): Rule {
  const pattern = new RegExp(`^${group.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/#/g, '\\d+').replace(/\*/g, '.*')}$`);
  return { group: pattern, tags: tags === '*' ? 'any' : new Set(tags.split(/\s+/).filter(Boolean)), ...(when ? { when } : {}) };
}

/** Every family: what ExifTool says about the file type and about itself. */
const COMMON: Rule[] = [
  allow('ExifTool', 'ExifToolVersion Now NewGUID NewUUID FileSequence ProcessingTime'),
  allow('File', 'FileType FileTypeExtension MIMEType'),
  allow('Composite', 'ImageSize Megapixels'),
];

/** TIFF/Exif tags that describe how the pixels are stored (and the orientation we keep on purpose). */
const TIFF_STRUCTURE =
  'SubfileType OldSubfileType ImageWidth ImageHeight BitsPerSample Compression PhotometricInterpretation Thresholding ' +
  'CellWidth CellLength FillOrder StripOffsets Orientation SamplesPerPixel RowsPerStrip StripByteCounts MinSampleValue ' +
  'MaxSampleValue XResolution YResolution PlanarConfiguration ResolutionUnit T4Options T6Options TransferFunction Predictor ' +
  'WhitePoint PrimaryChromaticities ColorMap HalftoneHints TileWidth TileLength TileOffsets TileByteCounts InkSet ' +
  'NumberofInks DotRange ExtraSamples SampleFormat SMinSampleValue SMaxSampleValue TransferRange JPEGTables JPEGProc ' +
  'YCbCrCoefficients YCbCrSubSampling YCbCrPositioning ReferenceBlackWhite PageNumber GrayResponseUnit GrayResponseCurve ' +
  // DNG: what a raw converter needs to turn the sensor data into a picture
  'DNGVersion DNGBackwardVersion CFARepeatPatternDim CFAPattern2 CFAPlaneColor CFALayout LinearizationTable BlackLevelRepeatDim ' +
  'BlackLevel BlackLevelDeltaH BlackLevelDeltaV WhiteLevel DefaultScale DefaultCropOrigin DefaultCropSize ColorMatrix1 ' +
  'ColorMatrix2 CameraCalibration1 CameraCalibration2 ReductionMatrix1 ReductionMatrix2 AnalogBalance AsShotNeutral ' +
  'AsShotWhiteXY BaselineExposure BaselineNoise BaselineSharpness BayerGreenSplit LinearResponseLimit LensInfo ChromaBlurRadius ' +
  'AntiAliasStrength ShadowScale BestQualityScale CalibrationIlluminant1 CalibrationIlluminant2 ActiveArea MaskedAreas ' +
  'AsShotICCProfile AsShotPreProfileMatrix CurrentICCProfile CurrentPreProfileMatrix ColorimetricReference ' +
  'ProfileCalibrationSignature AsShotProfileName NoiseReductionApplied ProfileName ProfileHueSatMapDims ProfileHueSatMapData1 ' +
  'ProfileHueSatMapData2 ProfileToneCurve ProfileEmbedPolicy ForwardMatrix1 ForwardMatrix2 PreviewColorSpace OpcodeList1 ' +
  'OpcodeList2 OpcodeList3 NoiseProfile DefaultUserCrop DefaultBlackRender BaselineExposureOffset ProfileLookTableDims ' +
  'ProfileLookTableData ProfileLookTableEncoding NewRawImageDigest RawImageDigest OriginalDefaultFinalSize';

/** For the exiftool stripper: IFD0 tags outside this set are deleted one by one (ExifTool never deletes IFD0 itself). */
export const TIFF_STRUCTURE_TAGS: ReadonlySet<string> = new Set(TIFF_STRUCTURE.split(' '));

const IMAGE: Rule[] = [
  allow('File', 'ExifByteOrder ImageWidth ImageHeight EncodingProcess BitsPerSample ColorComponents YCbCrSubSampling JPEGImageLength JPEGQualityEstimate JPEGDigest'),
  allow('JFIF', 'JFIFVersion ResolutionUnit XResolution YResolution'),
  allow('Adobe', 'DCTEncodeVersion APP14Flags0 APP14Flags1 ColorTransform'),
  // The colour profile: its description and copyright are the profile vendor's, not the photographer's.
  allow('ICC_Profile', '*'),
  allow('ICC-*', '*'),
  allow('IFD0', TIFF_STRUCTURE),
  allow('IFD0', 'UniqueCameraModel', (v) => v === 'Camera'),
  allow('SubIFD#', TIFF_STRUCTURE),
  allow('SubIFD', TIFF_STRUCTURE),
  // ColorSpace (Adobe RGB vs sRGB) is kept on purpose; ExifTool adds the Exif version fields it requires.
  allow('ExifIFD', 'ColorSpace Gamma ExifVersion ComponentsConfiguration FlashpixVersion'),
  allow('InteropIFD', 'InteropIndex InteropVersion'),
  allow('PNG', 'ImageWidth ImageHeight BitDepth ColorType Compression Filter Interlace Palette Transparency Gamma WhitePointX WhitePointY RedX RedY GreenX GreenY BlueX BlueY SRGBRendering PixelsPerUnitX PixelsPerUnitY PixelUnits BackgroundColor SignificantBits AnimationFrames AnimationPlays ProfileName ColorPrimaries TransferCharacteristics MatrixCoefficients VideoFullRangeFlag'),
  allow('GIF', 'GIFVersion ImageWidth ImageHeight HasColorMap ColorResolutionDepth BitsPerPixel BackgroundColor PixelAspectRatio AnimationIterations FrameCount Duration TransparentColor'),
  allow('RIFF', 'WebP_Flags VP8Version ImageWidth ImageHeight HorizontalScale VerticalScale AlphaIsUsed AlphaPreprocessing AlphaFiltering AlphaCompression BackgroundColor AnimationLoopCount'),
  // HEIF/AVIF: item properties and codec configuration
  allow('QuickTime', 'MajorBrand MinorVersion CompatibleBrands HandlerType PrimaryItemReference ImageSpatialExtent ImagePixelDepth MediaDataSize MediaDataOffset MediaData ' +
    'Rotation Mirroring PixelAspectRatio CleanAperture AuxiliaryImageType ContentLightLevel ColorProfiles ColorPrimaries TransferCharacteristics MatrixCoefficients VideoFullRangeFlag ' +
    'HEVCConfigurationVersion GeneralProfileSpace GeneralTierFlag GeneralProfileIDC GenProfileCompatibilityFlags ConstraintIndicatorFlags GeneralLevelIDC MinSpatialSegmentationIDC ' +
    'ParallelismType ChromaFormat BitDepthLuma BitDepthChroma AverageFrameRate ConstantFrameRate NumTemporalLayers TemporalIDNested NALUnitLengthSize ' +
    'AV1ConfigurationVersion SeqProfile SeqLevelIdx0 SeqTier0 HighBitDepth TwelveBit ChromaSamplePosition InitialDelaySamples'),
  allow('QuickTime', 'HandlerDescription', isBlank),
  allow('Meta', 'PrimaryItemReference'),
  allow('Composite', 'Rotation'),
];

/** ISO-BMFF / QuickTime movie structure, shared by audio (m4a) and video. */
const MOVIE_STRUCTURE: Rule[] = [
  allow('QuickTime', 'MajorBrand MinorVersion CompatibleBrands MovieHeaderVersion TimeScale Duration PreferredRate PreferredVolume PreviewTime PreviewDuration PosterTime ' +
    'SelectionTime SelectionDuration CurrentTime NextTrackID MediaDataSize MediaDataOffset MediaData MatrixStructure HandlerType HandlerClass HandlerVendorID'),
  allow('QuickTime', 'CreateDate ModifyDate', isZeroDate),
  allow('QuickTime', 'HandlerDescription', isBlank),
  // Free space, e.g. where an in-place stripper blanked a box: only when empty or all zeros.
  allow('QuickTime', 'Free Skip Wide Unknown_free Unknown_skip Unknown_wide', isEmptyBinary),
  allow('Track#', 'Free Skip Wide Unknown_free Unknown_skip Unknown_wide', isEmptyBinary),
  allow('Track#', 'TrackHeaderVersion TrackID TrackDuration TrackLayer TrackVolume MatrixStructure ImageWidth ImageHeight GraphicsMode OpColor CompressorID ' +
    'SourceImageWidth SourceImageHeight XResolution YResolution BitDepth AVCConfiguration HEVCConfiguration AV1Configuration BufferSize MaxBitrate AverageBitrate VideoFrameRate ' +
    'MediaHeaderVersion MediaTimeScale MediaDuration MediaLanguageCode HandlerType HandlerClass HandlerVendorID Balance AudioFormat AudioChannels AudioBitsPerSample AudioSampleRate ' +
    'SampleToChunk SampleSizes ChunkOffset ChunkOffset64 TimeToSampleTable SyncSampleTable CompositionTimeToSample SampleGroupDescription SampleToGroup ' +
    'IdependentAndDisposableSamples PartialSyncSamples LayoutFlags AudioChannelLayout PurchaseFileFormat ColorRepresentation ColorProfiles ColorPrimaries ' +
    'TransferCharacteristics MatrixCoefficients VideoFullRangeFlag PixelAspectRatio CleanAperture VideoFieldOrder GenMediaVersion GenFlags GenGraphicsMode ' +
    'GenOpColor GenBalance Rotation ' +
    // codec configuration boxes ExifTool lists as unknown (-u)
    'Unknown_edts Unknown_esds Unknown_hvcC Unknown_avcC Unknown_av1C Unknown_vpcC Unknown_dOps Unknown_dac3 Unknown_dec3 Unknown_alac Unknown_d263 ' +
    'Unknown_damr Unknown_btrt Unknown_pasp Unknown_clap Unknown_colr Unknown_fiel Unknown_chan Unknown_sgpd Unknown_sbgp Unknown_sdtp Unknown_tref ' +
    'Unknown_frma Unknown_enda Unknown_gama Unknown_wave Unknown_mp4a Unknown_SA3D Unknown_st3d Unknown_sv3d Unknown_dvcC Unknown_dvvC Unknown_lhvC'),
  allow('Track#', 'TrackCreateDate TrackModifyDate MediaCreateDate MediaModifyDate', isZeroDate),
  allow('Track#', 'HandlerDescription', isBlank),
  allow('Track#', 'VendorID AudioVendorID', isFfmpegOrBlank),
  allow('Track#', 'CompressorName', isCodecName),
  allow('Composite', 'Duration AvgBitrate Rotation ImageSize Megapixels'),
];

const AUDIO: Rule[] = [
  allow('File', 'ID3Size'),
  allow('MPEG', '*'), // frame header fields: version, layer, bitrate, sample rate, channel mode, flags
  allow('LAME', '*'), // the encoder's info frame, part of the audio stream itself
  allow('RIFF', 'Encoding NumChannels SampleRate AvgBytesPerSec BitsPerSample ValidBitsPerSample ChannelMask SubFormat NumberOfSamples'),
  allow('FLAC', 'BlockSizeMin BlockSizeMax FrameSizeMin FrameSizeMax SampleRate Channels BitsPerSample TotalSamples MD5Signature Padding'),
  allow('Vorbis', 'VorbisVersion AudioChannels SampleRate NominalBitrate MaximumBitrate MinimumBitrate'),
  allow('Vorbis', 'Vendor', isEncoderLibrary),
  allow('Opus', 'OpusVersion AudioChannels SampleRate OutputGain'),
  allow('AAC', 'ProfileType SampleRate Channels'),
  allow('AAC', 'Encoder', isEncoderLibrary),
  allow('Composite', 'Duration AvgBitrate'),
  ...MOVIE_STRUCTURE,
];

const VIDEO: Rule[] = [
  ...AUDIO,
  allow('Theora', 'TheoraVersion ImageWidth ImageHeight XOffset YOffset FrameRate PixelAspectRatio ColorSpace NominalVideoBitrate Quality PixelFormat'),
  allow('Theora', 'Vendor', isEncoderLibrary),
];

const PDF: Rule[] = [
  allow('PDF', 'PDFVersion Linearized PageCount'),
  // Pictures on the pages, read with -ee: their own structure only (their EXIF fails like any other)
  allow('PDF', 'EmbeddedImageWidth EmbeddedImageHeight EmbeddedImageColorSpace EmbeddedImageFilter EmbeddedImage EmbeddedImageBitsPerComponent'),
  ...IMAGE,
];

const OFFICE: Rule[] = [
  allow('ZIP', 'ZipRequiredVersion ZipBitFlag ZipCompression ZipCRC ZipCompressedSize ZipUncompressedSize ZipFileName'),
  allow('ZIP', 'ZipModifyDate', isZeroDate),
  // Document statistics: counted from the content, not about the author
  allow('XML', 'Pages Words Characters CharactersWithSpaces Lines Paragraphs Slides Notes HiddenSlides MMClips DocSecurity ScaleCrop LinksUpToDate SharedDoc HyperlinksChanged'),
  allow('XMP-meta', 'Document-statisticPage-count Document-statisticTable-count Document-statisticImage-count Document-statisticObject-count ' +
    'Document-statisticParagraph-count Document-statisticWord-count Document-statisticCharacter-count Document-statisticNon-whitespace-character-count ' +
    'Document-statisticCell-count Document-statisticDraw-count Document-statisticFrame-count Document-statisticOle-object-count Document-statisticSentence-count ' +
    'Document-statisticSyllable-count'),
];

const TEXT: Rule[] = [allow('File', 'MIMEEncoding Newlines ByteOrderMark LineCount WordCount Delimiter Quoting RowCount ColumnCount')];

const FAMILY_RULES: Readonly<Record<ScanFamily, readonly Rule[]>> = {
  image: [...COMMON, ...IMAGE],
  audio: [...COMMON, ...AUDIO],
  video: [...COMMON, ...VIDEO],
  pdf: [...COMMON, ...PDF],
  office: [...COMMON, ...OFFICE],
  text: [...COMMON, ...TEXT],
};

/** Embedded documents (-ee) are expected only where they are content: PDF page images, office zip parts. */
const EMBEDDED_ALLOWED: ReadonlySet<ScanFamily> = new Set(['pdf', 'office']);

/** Never content: the file-system entry of our own temp copy, and the library's bookkeeping. */
const IGNORED_KEYS = new Set(['SourceFile', 'ExifTool:StderrError', 'ExifTool:StderrWarning']);

type TagKey = { doc: string | undefined; group: string; tag: string; name: string };

/** `Doc1:IFD0:Copy2:Artist` (from -G3:1:4) → doc Doc1, group IFD0, tag Artist, name `Doc1:IFD0:Artist`. */
export function parseKey(key: string): TagKey {
  const parts = key.split(':');
  const tag = parts.pop() ?? '';
  const doc = parts[0] !== undefined && /^Doc\d+(-\d+)*$/.test(parts[0]) ? parts.shift() : undefined;
  const group = parts.filter((p) => !/^Copy\d+$/.test(p) && p !== 'Main').join(':');
  return { doc, group, tag, name: [doc, group, tag].filter((x) => x !== undefined && x !== '').join(':') };
}

function allowed(rules: readonly Rule[], group: string, tag: string, value: unknown): boolean {
  for (const r of rules) {
    if (!r.group.test(group)) continue;
    if (r.tags !== 'any' && !r.tags.has(tag)) continue;
    if (r.when === undefined || r.when(value)) return true;
  }
  return false;
}

/** Whether one tag (`Group:Tag`, any ExifTool -G key form) is structural for the family. */
export function isStructuralTag(key: string, value: unknown, family: ScanFamily): boolean {
  const k = parseKey(key);
  return allowed(FAMILY_RULES[family], k.group, k.tag, value);
}

/**
 * The names of the tags in an ExifTool JSON object (keys from `-G3:1:4`) that are not on the family's
 * allow-list. ExifTool's own warnings and errors count as offending: the scan could not vouch for the file.
 */
export function offendingTags(tags: Readonly<Record<string, unknown>>, family: ScanFamily): string[] {
  const rules = FAMILY_RULES[family];
  const out = new Set<string>();
  for (const [key, value] of Object.entries(tags)) {
    if (IGNORED_KEYS.has(key)) continue;
    const k = parseKey(key);
    if (k.group === 'System') continue;
    if (k.group === 'ExifTool' && (k.tag === 'Warning' || k.tag === 'Error')) {
      out.add(`ExifTool:${k.tag}`);
      continue;
    }
    if (k.doc !== undefined && !EMBEDDED_ALLOWED.has(family)) {
      out.add(k.name);
      continue;
    }
    if (!allowed(rules, k.group, k.tag, value)) out.add(k.name);
  }
  if (tags['ExifTool:StderrError'] === true) out.add('ExifTool:Error');
  if (tags['ExifTool:StderrWarning'] === true) out.add('ExifTool:Warning');
  return [...out].sort();
}

// ─────────────────────────────── scanning ───────────────────────────────

export type Verification = { ok: boolean; offending: string[] };

/** Above this, embedded H.264 SEI data is read only up to the first message (-ee2) instead of the whole stream. */
export const FULL_SCAN_LIMIT = 64 * 1024 * 1024;

/** Read through ExiftoolBatcher (see there why not readRaw): tag names and whether a value is blank is all the scan needs. */
const BASE_ARGS = ['-a', '-G3:1:4', '-s', '-u', '-api', 'LargeFileSupport=1'];

/**
 * -ee reads embedded documents and timed metadata; RequestAll=3 makes the tags ExifTool only makes on
 * request. A JPEG's Trailer tag (anything after the end-of-image marker) is made only when asked for by
 * name, and asking costs a Perl scan of all the entropy-coded data (≈35 ms per 4 MB photo, several times
 * the rest of the job). So a JPEG copy held in memory is checked here to end at its end-of-image marker
 * and ExifTool reads its metadata view (scanCopy); a spooled JPEG gets the full scan with the Trailer.
 */
function scanArgs(mediaType: string, size: number, checkedInMemory: boolean): string[] {
  if (mediaType === 'image/jpeg' && checkedInMemory) return BASE_ARGS;
  const args = [...BASE_ARGS, size > FULL_SCAN_LIMIT ? '-ee2' : '-ee3', '-api', 'RequestAll=3'];
  // A JPEG's Trailer tag is made only when asked for by name (RequestAll does not).
  return mediaType === 'image/jpeg' ? [...args, '-api', 'RequestTags=Trailer'] : args;
}

/** Files per ExifTool command: the per-command round trip costs as much as reading a photo's segments. */
const MAX_BATCH = 64;

let batcher: ExiftoolBatcher | undefined;

/**
 * Scans a file that is already on disk (the engine's spool for large copies). `checkedInMemory` says
 * scanCopy already checked where the file ends (a JPEG given as its metadata view, a GIF).
 */
export async function scanFile(file: string, mediaType: string, size: number, checkedInMemory = false): Promise<Verification> {
  const family = familyOf(mediaType);
  if (family === undefined) return { ok: false, offending: ['ExifTool:UnknownFamily'] };
  if (mediaType === 'image/gif' && !checkedInMemory && !gifEndsAtTrailer(await fs.promises.readFile(file))) return { ok: false, offending: ['GIF:Trailer'] };
  let tags: Tags;
  try {
    batcher ??= new ExiftoolBatcher(scanner, { maxBatch: MAX_BATCH, maxInFlight: 2 });
    const read = await batcher.read(file, scanArgs(mediaType, size, checkedInMemory));
    tags = read.tags;
    if (read.stderr.some((l) => /^warning/i.test(l))) tags['ExifTool:StderrWarning'] = true;
    if (read.stderr.some((l) => !/^warning/i.test(l))) tags['ExifTool:StderrError'] = true;
  } catch {
    return { ok: false, offending: ['ExifTool:Error'] };
  }
  const offending = offendingTags(tags, family);
  return { ok: offending.length === 0, offending };
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/tiff': 'tif', 'image/heic': 'heic',
  'image/heif': 'heif', 'image/avif': 'avif', 'audio/mpeg': 'mp3', 'audio/wav': 'wav', 'audio/flac': 'flac', 'audio/ogg': 'ogg',
  'audio/opus': 'opus', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/3gpp': '3gp',
  'video/3gpp2': '3g2', 'video/ogg': 'ogv', 'application/ogg': 'ogg', 'application/pdf': 'pdf', 'text/plain': 'txt', 'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt', 'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

/** ExifTool tells some formats apart by extension (CSV from text, for one). */
export function extensionFor(mediaType: string): string {
  return EXTENSIONS[mediaType] ?? 'bin';
}

/**
 * Scans a copy held in memory, through a private temp file. A JPEG must end at its end-of-image marker
 * (nothing after it: previews, videos, trailers), and ExifTool reads its metadata view — every segment,
 * no entropy-coded data: the same tags, without writing and reading megabytes of picture data per photo.
 */
export async function scanCopy(bytes: Uint8Array, mediaType: string, ctx: StripContext): Promise<Verification> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ExifTool ignores whatever follows a GIF's trailer byte.
  if (mediaType === 'image/gif' && !gifEndsAtTrailer(buf)) return { ok: false, offending: ['GIF:Trailer'] };
  if (mediaType === 'image/jpeg') {
    const jpeg = jpegMetadataView(buf);
    if (jpeg === undefined) return { ok: false, offending: ['JPEG:Structure'] };
    if (!jpeg.endsAtEoi) return { ok: false, offending: ['JPEG:Trailer'] };
    return ctx.withTempFile(jpeg.view, 'jpg', (file) => scanFile(file, mediaType, jpeg.view.length, true));
  }
  return ctx.withTempFile(bytes, extensionFor(mediaType), (file) => scanFile(file, mediaType, bytes.length, mediaType === 'image/gif'));
}
