/**
 * File names that every common file system accepts and that survive BagIt manifests and
 * `sha256sum -c` unchanged: NFC, no control characters, none of <>:"/\|?* (Windows), no '%'
 * (BagIt would percent-encode it, which sha256sum does not undo), no trailing dot or space, no
 * reserved device names (CON, NUL, COM1…), at most 200 UTF-8 bytes.
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
const MAX_BYTES = 200;

export function safeFileName(name: string, fallback = 'file'): string {
  let s = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[<>:"/\\|?*%]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  if (s === '' || /^\.+$/.test(s)) s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  if (s.startsWith('.')) s = `_${s}`;
  return truncateUtf8(s, MAX_BYTES);
}

function truncateUtf8(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= 12 ? s.slice(dot) : '';
  let stem = s.slice(0, s.length - ext.length);
  // Cut whole code points, never half of a surrogate pair.
  const chars = [...stem];
  while (chars.length > 0 && Buffer.byteLength(chars.join('') + ext) > max) chars.pop();
  stem = chars.join('').replace(/[. ]+$/, '');
  return stem + ext;
}
