/**
 * TIFF (and DNG), HEIC/HEIF and AVIF: formats whose metadata is woven into offset tables, where a
 * rewrite by hand would risk the picture. ExifTool does the rewrite — `-all=` deletes every group it
 * can, `-tagsFromFile @ -ColorSpaceTags -Orientation` puts back the colour space, ICC profile and
 * orientation — fed on stdin and answering on stdout, so nothing is written to disk.
 *
 * ExifTool never deletes IFD0 of a TIFF (it is the image), so IFD0 tags that do not describe the pixels
 * (Artist, Make, HostComputer, DocumentName…) are deleted by name, from a read of the original. The
 * HEIF `meta` handler name, which ExifTool does not write, is blanked in place (same length, so no
 * offset moves).
 *
 * Proprietary camera raws are refused: their maker notes hold what a raw converter needs to decode the
 * picture (Nikon even encrypts white balance with the body serial number), so a copy without them is
 * broken and a copy with them names the camera.
 */
import type { ByteSink, ByteSource, FormatStripper, RemovedEntry, StripContext, StripOutcome } from '../types.ts';
import { StripFailure, StripUnsupported } from '../types.ts';
import { isStructuralTag, runExiftool, TIFF_STRUCTURE_TAGS } from '../verify-scan.ts';
import { clip, proofOf, readAll } from './jpeg.ts';

const RAW_REASON =
  'Camera raw files keep camera-specific data that raw converters need and that identifies the camera. Share a developed copy (JPEG, TIFF or DNG) instead.';

const RAW_TYPES = /^(CR2|CR3|CRW|NEF|NRW|ARW|ARQ|SR2|SRF|ORF|ORI|RW2|RWL|PEF|ERF|DCR|K25|KDC|MEF|MOS|MRW|IIQ|3FR|FFF|SRW|X3F|RAF|GPR|RAW|RWZ)$/;

/** ExifTool FileType values this stripper rewrites, per sniffed media type. */
const ACCEPTED: Readonly<Record<string, ReadonlySet<string>>> = {
  'image/tiff': new Set(['TIFF', 'DNG']),
  'image/heic': new Set(['HEIC', 'HEIF']),
  'image/heif': new Set(['HEIF', 'HEIC']),
  'image/avif': new Set(['AVIF']),
};

const READ_ARGS = ['-j', '-a', '-G1', '-s', '-u', '-api', 'ImageHashType=SHA256', '-api', 'RequestTags=ImageDataHash', '-api', 'LargeFileSupport=1', '-'];

/** Groups that describe the file or ExifTool, not the content. */
const NOT_METADATA = new Set(['System', 'ExifTool', 'File', 'Composite']);

type Tags = Record<string, unknown>;

async function readTags(bytes: Uint8Array, what: string): Promise<Tags> {
  const run = await runExiftool(READ_ARGS, bytes);
  let tags: Tags | undefined;
  try {
    tags = (JSON.parse(run.stdout.toString('utf8')) as Tags[])[0];
  } catch {
    tags = undefined;
  }
  if (tags === undefined || tags['ExifTool:Error'] !== undefined) throw new StripFailure(`The ${what} could not be read: it is corrupt or not what its type says.`);
  return tags;
}

const text = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf(':');
  return at < 0 ? ['', key] : [key.slice(0, at), key.slice(at + 1)];
}

/** What the original had and the copy does not (or has with another value), structure aside. */
function removedBetween(before: Tags, after: Tags): RemovedEntry[] {
  const out: RemovedEntry[] = [];
  for (const [key, value] of Object.entries(before)) {
    const [group] = splitKey(key);
    if (key === 'SourceFile' || NOT_METADATA.has(group) || isStructuralTag(key, value, 'image')) continue;
    if (key in after && text(after[key]) === text(value)) continue;
    out.push({ name: key, value: clip(text(value)) });
  }
  return out;
}

function deleteArgs(fileType: string, tags: Tags): string[] {
  const args = ['-m', '-all=', '-tagsFromFile', '@', '-ColorSpaceTags', '-Orientation'];
  if (fileType === 'TIFF' || fileType === 'DNG') {
    for (const key of Object.keys(tags)) {
      const [group, tag] = splitKey(key);
      if (group !== 'IFD0' || TIFF_STRUCTURE_TAGS.has(tag)) continue;
      // DNG requires a camera model name for colour profile lookup: a generic one keeps it valid.
      if (tag === 'UniqueCameraModel') args.push('-IFD0:UniqueCameraModel=Camera');
      else if (/^[A-Za-z0-9_-]+$/.test(tag)) args.push(`-IFD0:${tag}=`);
    }
  }
  return [...args, '-api', 'LargeFileSupport=1', '-o', '-', '-'];
}

const u32 = (b: Buffer, o: number): number => b.readUInt32BE(o);

/**
 * Blanks the handler name of the top-level `meta` box (HEIF's "PictureHandler" and the like, a writer's
 * signature) by overwriting it with zeros in place.
 */
export function blankHeifHandlerName(file: Buffer): boolean {
  let pos = 0;
  while (pos + 8 <= file.length) {
    let size = u32(file, pos);
    const type = file.toString('latin1', pos + 4, pos + 8);
    let header = 8;
    if (size === 1) {
      if (pos + 16 > file.length) return false;
      size = Number(file.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) {
      size = file.length - pos;
    }
    if (size < header || pos + size > file.length) return false;
    if (type === 'meta') {
      // Full box: 4 bytes of version and flags, then child boxes.
      let child = pos + header + 4;
      const end = pos + size;
      while (child + 8 <= end) {
        const csize = u32(file, child);
        if (csize < 8 || child + csize > end) return false;
        if (file.toString('latin1', child + 4, child + 8) === 'hdlr') {
          // version/flags (4), pre_defined (4), handler_type (4), reserved (12), then the name
          const nameStart = child + 8 + 24;
          if (nameStart <= child + csize) file.fill(0, nameStart, child + csize);
          return true;
        }
        child += csize;
      }
      return false;
    }
    pos += size;
  }
  return false;
}

export const exiftoolImageStripper: FormatStripper = {
  name: 'exiftool-image',
  mediaTypes: Object.keys(ACCEPTED),
  async strip(src: ByteSource, sink: ByteSink, _ctx: StripContext): Promise<StripOutcome> {
    const original = await readAll(src, 'image');
    const before = await readTags(original, 'image');
    const fileType = String(before['File:FileType'] ?? '');
    if (RAW_TYPES.test(fileType)) throw new StripUnsupported(RAW_REASON);
    if (!Object.values(ACCEPTED).some((kinds) => kinds.has(fileType))) throw new StripUnsupported('This kind of image cannot be cleaned yet.');

    const run = await runExiftool(deleteArgs(fileType, before), original);
    if (run.code !== 0 || run.stdout.length === 0) {
      if (/not yet supported|can't currently write|not supported/i.test(run.stderr)) throw new StripUnsupported('This kind of image cannot be cleaned yet.');
      throw new StripFailure('The image could not be rewritten without its metadata: it may be corrupt.');
    }
    const copy = run.stdout;
    if (fileType === 'HEIC' || fileType === 'HEIF' || fileType === 'AVIF') blankHeifHandlerName(copy);

    const after = await readTags(copy, 'cleaned image');
    const a = before['File:ImageDataHash'];
    const b = after['File:ImageDataHash'];
    if (typeof a !== 'string' || typeof b !== 'string') throw new StripUnsupported('The picture data of this image cannot be compared after cleaning.');
    await sink.write(copy);
    return { method: 'exiftool', removed: removedBetween(before, after), proof: proofOf('image-data', a, b) };
  },
};

/** Canon CR3 is sniffed as its own type: refused with the reason, rather than as an unknown type. */
export const cameraRawStripper: FormatStripper = {
  name: 'camera-raw',
  mediaTypes: ['image/x-canon-cr3'],
  async strip(): Promise<StripOutcome> {
    throw new StripUnsupported(RAW_REASON);
  },
};
